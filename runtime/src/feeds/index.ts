/**
 * Market-data feeds: one {@link Feed} interface over the replay feed (stored candles played
 * as ticks at a chosen speed), the Kite ticker and the Upstox market feed, with the injected
 * clock and scheduler they run on.
 */
export { systemClock, systemScheduler, ManualScheduler, type Clock, type Scheduler, type TimerHandle } from './clock.js';
export { TickSchema, type Feed, type FeedDownCode, type FeedState, type FeedStatus, type StatusListener, type SubscribeProblem, type Tick, type TickListener } from './feed.js';
export { FeedBase } from './feed-base.js';
export { barPath } from './replay/bar-path.js';
export { ReplayFeed, type ReplayFeedOptions } from './replay/replay-feed.js';
