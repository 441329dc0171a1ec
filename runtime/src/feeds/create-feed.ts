import type { Logger } from 'pino';
import type { InstrumentMap } from '../brokers/instruments/instrument-map.js';
import type { SessionSource } from '../brokers/session/session-source.js';
import type { BrokerSettings } from '../brokers/settings.js';
import { BROKER_ERROR_CODES as E, fail, ok, type BrokerResult } from '../brokers/errors.js';
import type { Scheduler } from './clock.js';
import type { Feed } from './feed.js';
import { KiteTickerFeed } from './kite/kite-ticker-feed.js';
import { UpstoxMarketFeed } from './upstox/upstox-market-feed.js';

/**
 * The live market feed the settings name: `feed`, else the broker's own (Kite ticker for
 * Zerodha, the market feed V3 for Upstox). Paper trading on live prices needs a feed named
 * (and a session with that broker); paper trading a past day uses a `ReplayFeed` instead.
 */
export function createLiveFeed(
  settings: BrokerSettings,
  deps: { instruments: InstrumentMap; session?: SessionSource; scheduler?: Scheduler; logger?: Logger },
): BrokerResult<Feed> {
  const kind = settings.feed ?? (settings.broker === 'zerodha' ? 'kite' : settings.broker === 'upstox' ? 'upstox' : undefined);
  if (!kind) return fail(E.invalidRequest, 'paper trading needs market data: set the feed to kite or upstox (with a login to that broker), or replay a stored day');
  if (!deps.session) return fail(E.tokenMissing, `${kind}: no session source configured — the feed needs a login to ${kind === 'kite' ? 'zerodha' : 'upstox'}`);
  const common = { session: deps.session, instruments: deps.instruments, ...(deps.scheduler ? { scheduler: deps.scheduler } : {}), ...(deps.logger ? { logger: deps.logger } : {}) };
  return ok(
    kind === 'kite'
      ? new KiteTickerFeed({ ...common, url: settings.zerodha.tickerUrl })
      : new UpstoxMarketFeed({ ...common, basePath: settings.upstox.basePath, orderBasePath: settings.upstox.orderBasePath, timeoutMs: settings.upstox.timeoutMs }),
  );
}
