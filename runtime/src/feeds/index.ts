/**
 * Market-data feeds: one {@link Feed} interface over the replay feed (stored candles played
 * as ticks at a chosen speed), the Kite ticker and the Upstox market feed; the reconnecting
 * socket under the live ones; the injected clock and scheduler they all run on.
 * See docs/ARCHITECTURE.md, "Brokers and feeds".
 */
export { systemClock, systemScheduler, ManualScheduler, type Clock, type Scheduler, type TimerHandle } from './clock.js';
export { TickSchema, type Feed, type FeedDownCode, type FeedState, type FeedStatus, type StatusListener, type SubscribeProblem, type Tick, type TickListener } from './feed.js';
export { FeedBase } from './feed-base.js';
export { barPath } from './replay/bar-path.js';
export { ReplayFeed, type ReplayFeedOptions } from './replay/replay-feed.js';
export type { ExtremeChooser } from './replay/replay-lane.js';
export { replayWindow, storedCandles } from './replay/stored-candles.js';
export { backoffDelay, type BackoffOptions } from './socket/backoff.js';
export { ReconnectingSocket, type ReconnectingSocketOptions, type SocketState, type SocketTarget } from './socket/reconnecting-socket.js';
export { SocketFeed, type SocketFeedOptions } from './socket/socket-feed.js';
export { KiteTickerFeed, type KiteTickerFeedOptions } from './kite/kite-ticker-feed.js';
export { UpstoxMarketFeed, type UpstoxMarketFeedOptions } from './upstox/upstox-market-feed.js';
export { createLiveFeed } from './create-feed.js';
