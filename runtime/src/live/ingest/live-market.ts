import type { SessionClock } from '../../data/session.js';
import type { Feed, Tick } from '../../feeds/feed.js';
import type { WriteRecipe } from '../../redis/keyspace/codec.js';
import { candleRecipe, tickRecipe } from '../../redis/keyspace/market-data.js';
import type { EngineContext } from '../context.js';
import { BarGrid } from '../market/buckets.js';
import { appendRecipe } from '../streams/channels.js';
import type { CandleEvent } from '../streams/messages.js';
import { CandleBuilder, type ClosedCandle } from './candle-builder.js';

/**
 * Makes the live market's feed (the broker's ticker, signed with the session of one of the
 * users whose runs need live prices — market data is the same for everyone); the engine's
 * default is `createLiveFeed`.
 */
export type FeedFactory = (users: readonly string[]) => Promise<{ feed: Feed } | { error: string }>;

/** What the live market must serve: the users whose runs read it, and the instruments with the timeframes and session their strategies need. */
export interface LiveDemand {
  readonly users: readonly string[];
  readonly instruments: ReadonlyMap<string, ReadonlyArray<{ readonly timeframe: string; readonly ms: number; readonly clock: SessionClock }>>;
}

/** Hot window of candles kept per instrument and timeframe in `market_data:candles` (seed 000's working set). */
export const HOT_WINDOW = 500;

/**
 * The live market in the ingest worker: one broker feed for the instruments of this
 * process's partition, every tick written to `market_data:instrument:{key}` and put on `stream:ticks`,
 * and the candle builders of every (instrument, timeframe) a running strategy reads — each
 * closed candle pushed to the hot window `market_data:candles:{key}:{tf}` and put on
 * `stream:candles`. Bars close on the first tick of a later bar, or
 * `barCloseGraceMs` after their end on the wall clock when no tick comes. Batches are
 * written in the order the feeds deliver them, one pipeline each.
 */
export class LiveMarket {
  private current: { feed: Feed; off: () => void } | undefined;
  private readonly builders = new Map<string, CandleBuilder>();
  private readonly byInstrument = new Map<string, CandleBuilder[]>();
  private queue: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  /** when to try again to make a feed that could not be made */
  private retryAt = 0;

  constructor(
    private readonly ctx: EngineContext,
    private readonly factory: FeedFactory,
  ) {
    this.timer = setInterval(() => this.enqueue(() => this.closeByClock()), 250);
    this.timer.unref();
  }

  /** Subscribes what the running strategies need and lets go of the rest. */
  async sync(demand: LiveDemand): Promise<void> {
    const keep = new Set<string>();
    for (const [instrument, tfs] of demand.instruments) {
      for (const tf of tfs) {
        const key = `${instrument}|${tf.timeframe}`;
        keep.add(key);
        if (!this.builders.has(key)) this.builders.set(key, new CandleBuilder(instrument, tf.timeframe, new BarGrid(tf.clock, tf.ms)));
      }
    }
    for (const key of [...this.builders.keys()]) if (!keep.has(key)) this.builders.delete(key);
    this.byInstrument.clear();
    for (const b of this.builders.values()) this.byInstrument.set(b.instrument, [...(this.byInstrument.get(b.instrument) ?? []), b]);

    if (demand.instruments.size === 0) {
      if (this.current) {
        this.current.off();
        await this.current.feed.stop();
        this.current = undefined;
      }
      return;
    }
    if (!this.current) {
      if (this.retryAt > Date.now()) return;
      const made = await this.factory(demand.users);
      if ('error' in made) {
        this.ctx.log.error(`live feed: ${made.error} (trying again in 30 s)`);
        this.retryAt = Date.now() + 30_000;
        return;
      }
      const feed = made.feed;
      this.current = { feed, off: feed.onTicks((batch) => this.enqueue(() => this.onTicks(batch))) };
      feed.onStatus((st) => {
        if (st.state === 'down') this.ctx.log.warn({ reason: st.reason, attempt: st.attempt }, 'live feed down: prices are stale until it reconnects');
      });
    }
    const f = this.current.feed;
    const have = new Set(f.subscriptions());
    const fresh = [...demand.instruments.keys()].filter((k) => !have.has(k));
    if (fresh.length) {
      const r = await f.subscribe(fresh);
      for (const p of r.problems) this.ctx.log.warn({ instrument: p.instrument }, `live feed: ${p.message}`);
    }
    const gone = [...have].filter((k) => !demand.instruments.has(k));
    if (gone.length) f.unsubscribe(gone);
    if (f.status().state === 'idle') await f.start();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    if (this.current) {
      this.current.off();
      await this.current.feed.stop();
      this.current = undefined;
    }
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
    recipes.push(appendRecipe(this.ctx.channels.ticks, { kind: 'ticks', market: 'live', ticks: batch.map((t) => ({ instrument: t.instrument, ltp: t.ltp, ts: t.ts, ...(t.volume !== undefined ? { volume: t.volume } : {}), ...(t.oi !== undefined ? { oi: t.oi } : {}), ...(t.gap ? { gap: true } : {}) })), received_at: received }));
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
    const ev: CandleEvent = { kind: 'candle', market: 'live', instrument: c.instrument, timeframe: c.timeframe, candle: c.candle, last_tick: c.lastTick, received_at: received };
    return [candleRecipe(c.instrument, c.timeframe, c.candle, HOT_WINDOW), appendRecipe(this.ctx.channels.candles, ev)];
  }

  private async pipeline(recipes: readonly WriteRecipe[]): Promise<void> {
    if (recipes.length === 0) return;
    const p = this.ctx.redis.pipeline();
    for (const r of recipes) r(p);
    await p.exec();
  }
}
