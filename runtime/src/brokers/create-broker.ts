import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Scheduler } from '../feeds/clock.js';
import type { Broker } from './broker.js';
import { BROKER_ERROR_CODES as E, fail, ok, type BrokerResult } from './errors.js';
import type { InstrumentMap } from './instruments/instrument-map.js';
import { PaperBroker, type PaperBrokerOptions } from './paper/paper-broker.js';
import { RateLimitedBroker } from './rate-limit/rate-limited-broker.js';
import { RedisOrderRateLimiter } from './rate-limit/redis-rate-limiter.js';
import { MemoryOrderRateLimiter } from './rate-limit/token-bucket.js';
import type { SessionSource } from './session/session-source.js';
import type { BrokerSettings } from './settings.js';
import { UpstoxBroker } from './upstox/upstox-broker.js';
import { ZerodhaBroker } from './zerodha/zerodha-broker.js';

export interface BrokerDeps {
  /** Whose orders these are (the rate limit counts per user). */
  readonly userId: string;
  readonly instruments: InstrumentMap;
  /** The user's session with a real broker (`StoredSessionSource`); not needed for paper. */
  readonly session?: SessionSource;
  /** Shares the order-rate limit between engine processes (else one process's memory). */
  readonly redis?: Redis;
  readonly scheduler?: Scheduler;
  readonly logger?: Logger;
  /** Paper broker: resume from this snapshot; tick/lot sizes. */
  readonly paper?: { readonly state?: unknown } & Pick<PaperBrokerOptions, 'tickSize' | 'lotSize' | 'clock'>;
}

export interface CreatedBroker {
  /** The broker to trade through (rate-limited). */
  readonly broker: Broker;
  /** The paper broker inside, when trading on paper: feed it every tick batch (`onTick`) and store its `snapshot()`. */
  readonly paper?: PaperBroker;
}

/**
 * The broker the settings name, wrapped in the user's order-rate limiter — the one way the
 * engine gets a {@link Broker}. A real broker without a session source is refused (a
 * configuration mistake, said plainly), as is a paper snapshot that does not parse.
 */
export function createBroker(settings: BrokerSettings, deps: BrokerDeps): BrokerResult<CreatedBroker> {
  let inner: Broker;
  let paper: PaperBroker | undefined;
  if (settings.broker === 'paper') {
    const options: PaperBrokerOptions = {
      ...(settings.paper.slippage ? { slippage: settings.paper.slippage } : {}),
      ...(deps.paper?.tickSize ? { tickSize: deps.paper.tickSize } : {}),
      ...(deps.paper?.lotSize ? { lotSize: deps.paper.lotSize } : {}),
      ...(deps.paper?.clock ? { clock: deps.paper.clock } : {}),
      ...(deps.logger ? { logger: deps.logger } : {}),
    };
    if (deps.paper?.state !== undefined) {
      const restored = PaperBroker.restore(deps.paper.state, options);
      if (!restored.ok) return restored;
      inner = paper = restored.value;
    } else inner = paper = new PaperBroker(options);
  } else {
    if (!deps.session) return fail(E.tokenMissing, `${settings.broker}: no session source configured — the engine cannot sign requests to ${settings.broker}`);
    const common = { session: deps.session, instruments: deps.instruments, ...(deps.scheduler ? { scheduler: deps.scheduler } : {}), ...(deps.logger ? { logger: deps.logger } : {}) };
    inner =
      settings.broker === 'zerodha'
        ? new ZerodhaBroker({ ...common, root: settings.zerodha.root, tickerUrl: settings.zerodha.tickerUrl, timeoutMs: settings.zerodha.timeoutMs, algoIdField: settings.zerodha.algoIdField })
        : new UpstoxBroker({ ...common, basePath: settings.upstox.basePath, orderBasePath: settings.upstox.orderBasePath, timeoutMs: settings.upstox.timeoutMs });
  }
  const { maxWaitMs, ...limits } = settings.rateLimit;
  const limiter = deps.redis ? new RedisOrderRateLimiter(deps.redis, limits) : new MemoryOrderRateLimiter(limits, deps.scheduler);
  const broker = new RateLimitedBroker(inner, limiter, deps.userId, { maxWaitMs, ...(deps.scheduler ? { scheduler: deps.scheduler } : {}) });
  return ok({ broker, ...(paper ? { paper } : {}) });
}
