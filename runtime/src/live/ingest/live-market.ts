import type { SessionClock } from '../../data/session.js';
import type { Feed, Tick } from '../../feeds/feed.js';
import type { WriteRecipe } from '../../redis/keyspace/codec.js';
import { candleRecipe, tickRecipe } from '../../redis/keyspace/market-data.js';
import type { EngineContext } from '../context.js';
import { BarGrid } from '../market/buckets.js';
import type { MarketEvent } from '../streams/messages.js';
import { CandleBuilder, type ClosedCandle } from './candle-builder.js';

/** Makes the live feed of a user (the broker's ticker, with the user's session); the engine's default is `createLiveFeed`. */
export type FeedFactory = (userId: string) => Promise<{ feed: Feed } | { error: string }>;

/** What the live market must serve one user: instruments, each with the timeframes and session its strategies need. */
export interface LiveDemand {
  readonly userId: string;
  readonly instruments: ReadonlyMap<string, ReadonlyArray<{ readonly timeframe: string; readonly ms: number; readonly clock: SessionClock }>>;
}

/** Hot window of candles kept per instrument and timeframe in `market_data:candles` (seed 000's working set). */
export const HOT_WINDOW = 500;

/**
 * The live market in the ingest worker: the broker feeds (one per user whose runs need live
 * prices), every tick written to `market_data:instrument:{key}` and put on `stream:market`,
 * and the candle builders of every (instrument, timeframe) a running strategy reads — each
 * closed candle pushed to the hot window `market_data:candles:{key}:{tf}` and put on the
 * stream before the ticks that closed it. Bars close on the first tick of a later bar, or
 * `barCloseGraceMs` after their end on the wall clock when no tick comes. Batches are
 * written in the order the feeds deliver them, one pipeline each.
 */
export class LiveMarket {
  private readonly feeds = new Map<string, { feed: Feed; off: () => void }>();
  private readonly builders = new Map<string, CandleBuilder>();
  private readonly byInstrument = new Map<string, CandleBuilder[]>();
  private queue: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  /** users whose feed could not be made, and when to try again */
  private readonly retryAt = new Map<string, number>();

  constructor(
    private readonly ctx: EngineContext,
    private readonly factory: FeedFactory,
  ) {
    this.timer = setInterval(() => this.enqueue(() => this.closeByClock()), 250);
    this.timer.unref();
  }

  /** Subscribes what the running strategies need and lets go of the rest. */
  async sync(demand: readonly LiveDemand[]): Promise<void> {
    const keep = new Set<string>();
    for (const d of demand) {
      for (const [instrument, tfs] of d.instruments) {
        for (const tf of tfs) {
          const key = `${instrument}|${tf.timeframe}`;
          keep.add(key);
          if (!this.builders.has(key)) this.builders.set(key, new CandleBuilder(instrument, tf.timeframe, new BarGrid(tf.clock, tf.ms)));
        }
      }
    }
    for (const key of [...this.builders.keys()]) if (!keep.has(key)) this.builders.delete(key);
    this.byInstrument.clear();
    for (const b of this.builders.values()) this.byInstrument.set(b.instrument, [...(this.byInstrument.get(b.instrument) ?? []), b]);

    const users = new Set(demand.map((d) => d.userId));
    for (const [user, f] of [...this.feeds]) {
      if (users.has(user)) continue;
      f.off();
      await f.feed.stop();
      this.feeds.delete(user);
    }
    for (const d of demand) {
      let f = this.feeds.get(d.userId);
      if (!f) {
        if ((this.retryAt.get(d.userId) ?? 0) > Date.now()) continue;
        const made = await this.factory(d.userId);
        if ('error' in made) {
          this.ctx.log.error({ user_id: d.userId }, `live feed: ${made.error} (trying again in 30 s)`);
          this.retryAt.set(d.userId, Date.now() + 30_000);
          continue;
        }
        this.retryAt.delete(d.userId);
        const feed = made.feed;
        f = { feed, off: feed.onTicks((batch) => this.enqueue(() => this.onTicks(batch))) };
        this.feeds.set(d.userId, f);
        feed.onStatus((s) => {
          if (s.state === 'down') this.ctx.log.warn({ user_id: d.userId, reason: s.reason, attempt: s.attempt }, 'live feed down: prices are stale until it reconnects');
        });
      }
      const want = [...d.instruments.keys()];
      const have = new Set(f.feed.subscriptions());
      const fresh = want.filter((k) => !have.has(k));
      if (fresh.length) {
        const r = await f.feed.subscribe(fresh);
        for (const p of r.problems) this.ctx.log.warn({ instrument: p.instrument }, `live feed: ${p.message}`);
      }
      const gone = [...have].filter((k) => !d.instruments.has(k));
      if (gone.length) f.feed.unsubscribe(gone);
      if (f.feed.status().state === 'idle') await f.feed.start();
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    for (const f of this.feeds.values()) {
      f.off();
      await f.feed.stop();
    }
    this.feeds.clear();
    await this.queue;
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(job).catch((err: unknown) => this.ctx.log.error({ err }, 'live market: writing ticks failed'));
    return this.queue;
  }

  private async onTicks(batch: readonly Tick[]): Promise<void> {
    const received = Date.now();
    const recipes: WriteRecipe[] = [];
    const last = new Map<string, Tick>();
    for (const t of batch) last.set(t.instrument, t);
    for (const t of last.values()) recipes.push(tickRecipe(t.instrument, { ltp: t.ltp, ts: t.ts, ...(t.volume !== undefined ? { volume: t.volume } : {}), ...(t.oi !== undefined ? { oi: t.oi } : {}) }));
    const closed: ClosedCandle[] = [];
    for (const t of batch) {
      for (const b of this.byInstrument.get(t.instrument) ?? []) {
        const due = b.closeDue(t.ts);
        if (due) closed.push(due);
        const c = b.add(t);
        if (c) closed.push(c);
      }
    }
    for (const c of closed) recipes.push(...this.candleRecipes(c, received));
    recipes.push(this.ctx.channels.market.publishRecipe({ kind: 'ticks', market: 'live', ticks: batch.map((t) => ({ instrument: t.instrument, ltp: t.ltp, ts: t.ts, ...(t.volume !== undefined ? { volume: t.volume } : {}), ...(t.oi !== undefined ? { oi: t.oi } : {}), ...(t.gap ? { gap: true } : {}) })), received_at: received }));
    await this.pipeline(recipes);
  }

  private async closeByClock(): Promise<void> {
    const now = Date.now();
    const recipes: WriteRecipe[] = [];
    for (const b of this.builders.values()) {
      const c = b.closeDue(now, this.ctx.config.barCloseGraceMs);
      if (c) recipes.push(...this.candleRecipes(c, now));
    }
    await this.pipeline(recipes);
  }

  private candleRecipes(c: ClosedCandle, received: number): WriteRecipe[] {
    const ev: MarketEvent = { kind: 'candle', market: 'live', instrument: c.instrument, timeframe: c.timeframe, candle: c.candle, last_tick: c.lastTick, received_at: received };
    return [candleRecipe(c.instrument, c.timeframe, c.candle, HOT_WINDOW), this.ctx.channels.market.publishRecipe(ev)];
  }

  private async pipeline(recipes: readonly WriteRecipe[]): Promise<void> {
    if (recipes.length === 0) return;
    const p = this.ctx.redis.pipeline();
    for (const r of recipes) r(p);
    await p.exec();
  }
}
