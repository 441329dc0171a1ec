import type { Broker } from '../../brokers/broker.js';
import { createBroker } from '../../brokers/create-broker.js';
import { InstrumentMap } from '../../brokers/instruments/instrument-map.js';
import { PaperBroker, type PaperBrokerOptions } from '../../brokers/paper/paper-broker.js';
import { StoredSessionSource } from '../../brokers/session/session-source.js';
import type { EngineContext } from '../context.js';
import type { Run } from '../runs/run-record.js';
import type { LoadedStrategy } from '../runs/strategy-loader.js';
import { savedPaper } from './account.js';

/**
 * The broker a run trades through — always from the brokers module's factory and adapters:
 *
 * - paper (the default): a paper broker of the run's own, with the strategy's slippage and
 *   the instruments' tick and lot sizes, resumed from its saved state after a restart. A
 *   replay trades it directly: it runs on market time, so the order-rate limit (a real-time
 *   rule of the exchange) does not apply; paper on the live feed goes through the user's
 *   order-rate limiter like a real broker.
 * - live: the user's Zerodha or Upstox account (`ALGO_BROKER`), one per user in this
 *   process, signing with the session stored in `broker_credentials` and rate-limited per
 *   user in Redis. A missing or stale token is said plainly by `ready()` and every order is
 *   refused until a person logs in again.
 */
export class Brokers {
  private readonly live = new Map<string, Broker>();

  constructor(private readonly ctx: EngineContext) {}

  async forRun(run: Run, s: LoadedStrategy): Promise<{ broker: Broker; paper?: PaperBroker } | { error: string }> {
    const ctx = this.ctx;
    if (run.mode === 'paper') {
      const state = await savedPaper(ctx.redis, run.strategy_id, run.run_id);
      const slippage = s.graph.settings.costs.slippage;
      const opts: PaperBrokerOptions = {
        ...(slippage ? { slippage } : {}),
        tickSize: (k) => s.spec(k)?.tick_size ?? 0.05,
        lotSize: (k) => s.spec(k)?.lot_size,
        logger: ctx.log,
      };
      if (run.replay) {
        if (state === undefined) {
          const fresh = new PaperBroker(opts);
          return { broker: fresh, paper: fresh };
        }
        const restored = PaperBroker.restore(state, opts);
        if (!restored.ok) return { error: restored.error.message };
        return { broker: restored.value, paper: restored.value };
      }
      const created = createBroker(
        { ...ctx.broker, broker: 'paper', paper: slippage ? { slippage } : {} },
        { userId: run.user_id, instruments: new InstrumentMap(), redis: ctx.redis, logger: ctx.log, paper: { ...(state !== undefined ? { state } : {}), tickSize: opts.tickSize!, lotSize: opts.lotSize! } },
      );
      if (!created.ok) return { error: created.error.message };
      return created.value.paper ? { broker: created.value.broker, paper: created.value.paper } : { broker: created.value.broker };
    }
    if (ctx.broker.broker === 'paper') return { error: 'live mode needs a real broker: set ALGO_BROKER to zerodha or upstox (and log in)' };
    const known = this.live.get(run.user_id);
    if (known) return { broker: known };
    const instruments = await InstrumentMap.load(ctx.storage.instruments, s.instruments);
    const session = new StoredSessionSource({ broker: ctx.broker.broker, userId: run.user_id, credentials: ctx.storage.brokerCredentials, keyspace: ctx.keyspace });
    const created = createBroker(ctx.broker, { userId: run.user_id, instruments, session, redis: ctx.redis, logger: ctx.log });
    if (!created.ok) return { error: created.error.message };
    this.live.set(run.user_id, created.value.broker);
    return { broker: created.value.broker };
  }

  /** Closes the real brokers' sockets. */
  async close(): Promise<void> {
    await Promise.all([...this.live.values()].map((b) => b.close()));
    this.live.clear();
  }
}
