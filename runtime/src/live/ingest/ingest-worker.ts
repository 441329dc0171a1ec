import { InstrumentMap } from '../../brokers/instruments/instrument-map.js';
import { StoredSessionSource } from '../../brokers/session/session-source.js';
import { createLiveFeed } from '../../feeds/create-feed.js';
import { commit, reportRecipes, type EngineContext } from '../context.js';
import { listRuns, type Run } from '../runs/run-record.js';
import { loadStrategy, type LoadedStrategy } from '../runs/strategy-loader.js';
import { Lease } from '../streams/lease.js';
import { Serial } from '../streams/serial.js';
import { LiveMarket, type FeedFactory, type LiveDemand } from './live-market.js';
import { ReplaySession } from './replay-session.js';

/** Which ingest partition an instrument belongs to (a stable hash of its key). */
export function partitionOf(instrument: string, count: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < instrument.length; i++) {
    h ^= instrument.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % count;
}

/**
 * The ingest worker (seed 003): market data in. It looks at the engine's runs every
 * `runsPollMs` and serves them: each replayed day by a `ReplaySession` (one process plays a
 * replay, holding its lease; another takes it over, from its cursor, if that process dies),
 * and the live market by `LiveMarket` — the feeds and candle builders of the instruments of
 * this process's partition (`partition.index` of `partition.count`, by a hash of the
 * instrument key), so several ingest processes split the instruments between them.
 */
export class IngestWorker {
  private readonly serial = new Serial();
  private readonly sessions = new Map<string, { session: ReplaySession; lease: Lease; run_id: string }>();
  private readonly live: LiveMarket;
  private readonly strategies = new Map<string, { version: number; s: LoadedStrategy } | { version: number; error: string }>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly ctx: EngineContext,
    feedFactory?: FeedFactory,
  ) {
    this.live = new LiveMarket(ctx, feedFactory ?? ((users) => this.brokerFeed(users)));
  }

  async start(): Promise<void> {
    const tick = (): void => {
      if (this.stopped) return;
      void this.serial
        .run(() => this.poll())
        .catch((err: unknown) => this.ctx.log.warn({ err: (err as Error).message }, 'ingest: could not read the runs; retrying'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.ctx.config.runsPollMs);
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.serial.run(async () => undefined);
    await Promise.all([...this.sessions.values()].map(async (x) => {
      await x.session.stop();
      await x.lease.stop();
    }));
    this.sessions.clear();
    await this.live.stop();
  }

  /** The replay sessions this process plays (for tests and the bench). */
  replays(): ReplaySession[] {
    return [...this.sessions.values()].map((x) => x.session);
  }

  private async poll(): Promise<void> {
    const runs = await listRuns(this.ctx.redis);
    const byId = new Map(runs.map((r) => [r.strategy_id, r]));
    for (const [id, x] of [...this.sessions]) {
      const r = byId.get(id);
      if (r && r.run_id === x.run_id && r.state === 'running' && x.lease.held) continue;
      this.sessions.delete(id);
      await x.session.stop();
      await x.lease.stop();
    }
    type Tf = { timeframe: string; ms: number; clock: LoadedStrategy['program']['clock'] };
    const instruments = new Map<string, Tf[]>();
    const users = new Set<string>();
    for (const run of runs) {
      if (run.replay) {
        if (run.state === 'running' && !this.sessions.has(run.strategy_id)) await this.startReplay(run);
        continue;
      }
      const s = await this.strategy(run);
      if (!s) continue;
      const tf: Tf = { timeframe: s.timeframe, ms: s.program.timeframes[0]!.ms, clock: s.program.clock };
      for (const k of s.instruments) {
        if (partitionOf(k, this.ctx.config.partition.count) !== this.ctx.config.partition.index) continue;
        users.add(run.user_id);
        const list = instruments.get(k) ?? [];
        if (!list.some((x) => x.timeframe === tf.timeframe)) list.push(tf);
        instruments.set(k, list);
      }
    }
    const demand: LiveDemand = { users: [...users].sort(), instruments };
    await this.live.sync(demand);
  }

  private async startReplay(run: Run): Promise<void> {
    const s = await this.strategy(run);
    if (!s) return;
    const lease = new Lease(this.ctx.redis, `replay.${run.strategy_id}`, this.ctx.consumer, this.ctx.config.leaseMs, this.ctx.log, (held) => {
      if (!held) void this.serial.run(async () => {
        const x = this.sessions.get(run.strategy_id);
        if (x?.lease === lease) {
          this.sessions.delete(run.strategy_id);
          await x.session.stop();
        }
      });
    });
    if (!(await lease.tick())) return;
    lease.start();
    const session = new ReplaySession(this.ctx, run, s);
    this.sessions.set(run.strategy_id, { session, lease, run_id: run.run_id });
    void session.start().catch((err: unknown) => this.ctx.log.error({ err, strategy_id: run.strategy_id }, 'replay failed'));
  }

  /** The run's strategy (cached per version); a strategy that cannot load is reported by evaluation, skipped here. */
  private async strategy(run: Run): Promise<LoadedStrategy | undefined> {
    const known = this.strategies.get(run.strategy_id);
    if (known && known.version === run.version) return 'error' in known ? undefined : known.s;
    const loaded = await loadStrategy(this.ctx.keyspace, this.ctx.storage, run.strategy_id);
    this.strategies.set(run.strategy_id, 'error' in loaded ? { version: run.version, error: loaded.error } : { version: run.version, s: loaded.value });
    return 'error' in loaded ? undefined : loaded.value;
  }

  /**
   * The broker's feed for the live market, signed with the stored session of the first of
   * `users` (sorted) that has one for the feed's broker: market data is the same whoever
   * asks for it.
   */
  private async brokerFeed(users: readonly string[]): ReturnType<FeedFactory> {
    const settings = this.ctx.broker;
    const broker = settings.feed === 'kite' ? 'zerodha' : settings.feed === 'upstox' ? 'upstox' : settings.broker === 'paper' ? undefined : settings.broker;
    const runs = (await listRuns(this.ctx.redis)).filter((r) => !r.replay);
    const report = async (message: string): Promise<void> => {
      for (const run of runs) await commit(this.ctx.redis, reportRecipes(this.ctx, { strategyId: run.strategy_id, asset: run.asset, level: 'ERROR', component: 'IngestWorker', message: `no live prices: ${message}` }));
    };
    if (!broker) {
      const why = 'paper trading on live prices needs a feed: set ALGO_FEED to kite or upstox (and log in to that broker), or replay a stored day with --replay';
      await report(why);
      return { error: why };
    }
    let owner: string | undefined;
    for (const u of users) if ((await this.ctx.storage.brokerCredentials.describe(u, broker).catch(() => null)) !== null) owner = owner ?? u;
    if (!owner) {
      const why = `no user of the running strategies has logged in to ${broker}, so the ${settings.feed ?? broker} feed cannot be signed: log in (algo login …, PUT /broker/credentials) and start again`;
      await report(why);
      return { error: why };
    }
    const keys: string[] = [];
    for (const run of runs) {
      const s = await this.strategy(run);
      if (s) keys.push(...s.instruments);
    }
    const instruments = await InstrumentMap.load(this.ctx.storage.instruments, keys);
    const session = new StoredSessionSource({ broker, userId: owner, credentials: this.ctx.storage.brokerCredentials, keyspace: this.ctx.keyspace });
    const made = createLiveFeed(settings, { instruments, session, logger: this.ctx.log });
    if (!made.ok) {
      await report(made.error.message);
      return { error: made.error.message };
    }
    return { feed: made.value };
  }
}
