import { z } from 'zod';
import type { CandleSource } from '../../data/candle-source.js';
import type { Tick } from '../../feeds/feed.js';
import { ReplayFeed } from '../../feeds/replay/replay-feed.js';
import { replayWindow } from '../../feeds/replay/stored-candles.js';
import { encode, type WriteRecipe } from '../../redis/keyspace/codec.js';
import { swapAndApply } from '../streams/guarded.js';
import { redisKeys } from '../../redis/keyspace/keys.js';
import { commit, reportRecipes, type EngineContext } from '../context.js';
import { BarGrid } from '../market/buckets.js';
import { sessionOn } from '../market/calendar.js';
import type { Run } from '../runs/run-record.js';
import type { LoadedStrategy } from '../runs/strategy-loader.js';
import { storedBars } from '../runs/warmup.js';
import { appendRecipe, inflightRecipe, waitQuiet } from '../streams/channels.js';
import { delay } from '../streams/serial.js';
import { STREAM_READERS, type CandleEvent, type TickEvent } from '../streams/messages.js';
import { BuilderStateSchema, CandleBuilder, type ClosedCandle } from './candle-builder.js';

const CursorSchema = z.object({
  run_id: z.string(),
  /** market time of the last instant whose ticks were published */
  through: z.number(),
  builders: z.record(z.string(), BuilderStateSchema),
  ended: z.boolean(),
});
type Cursor = z.infer<typeof CursorSchema>;

/**
 * One strategy's replay of a stored day (`algo start x --paper --replay 2024-01-15 --speed 60`):
 * a `ReplayFeed` over the day's stored candles at the strategy's timeframe, played through
 * the same pipeline as the live market — ticks onto `stream:ticks`, closed candles onto
 * `stream:candles`, as the `replay:<id>` market, which only that strategy reads.
 *
 * Lock-step: after each message the session waits until the whole cascade it starts has
 * settled (`waitQuiet`: every worker has handled everything it caused — decisions, orders,
 * fills, stops) before it plays on. So a replayed day decides and fills the same at any
 * speed and however the workers are spread over processes, exactly as its backtest does;
 * `speed` only paces it against the wall clock. Within an instant, bars that have ended
 * close first, one instrument at a time in the strategy's order, then the instant's ticks
 * go out; a bar's two extremes are played adverse-first for an open position (the
 * backtester's reading of a bar that reaches both a stop and a target).
 *
 * Every message is published in one MULTI with the replay's cursor (`runtime:{id}:replay`),
 * so a session restarted after a crash neither repeats nor skips an instant.
 */
export class ReplaySession {
  private feed: ReplayFeed | undefined;
  private readonly builders = new Map<string, CandleBuilder>();
  private cursor: Cursor;
  /** the cursor as last written (the guard of the next publication) */
  private cursorText = '';
  private stopped = false;
  private done: Promise<void> | undefined;
  /** open time of the latest bar published (the end closes positions "on" it, as a backtest's last bar) */
  private lastBar = -Infinity;

  constructor(
    private readonly ctx: EngineContext,
    readonly run: Run,
    private readonly s: LoadedStrategy,
  ) {
    this.cursor = { run_id: run.run_id, through: -Infinity, builders: {}, ended: false };
    const grid = new BarGrid(s.program.clock, s.program.timeframes[0]!.ms);
    for (const k of s.instruments) this.builders.set(k, new CandleBuilder(k, s.timeframe, grid));
  }

  get market(): string {
    return `replay:${this.run.strategy_id}`;
  }

  /** Starts (or resumes) playing; resolves once the feed runs. `finished()` resolves at the end. */
  async start(): Promise<void> {
    const id = this.run.strategy_id;
    const raw = await this.ctx.redis.get(redisKeys.replayCursor(id));
    this.cursorText = raw ?? '';
    const saved = raw ? CursorSchema.safeParse(JSON.parse(raw)) : undefined;
    if (saved?.success && saved.data.run_id === this.run.run_id) {
      this.cursor = saved.data;
      for (const [k, b] of Object.entries(saved.data.builders)) this.builders.get(k)?.restore(b);
    }
    if (this.cursor.ended) return;
    await waitQuiet(this.ctx.redis, id, () => this.stopped);
    const day = await sessionOn(this.ctx.storage, this.s.program.clock, this.s.instruments[0]!, this.run.replay!);
    if (!day.trading) {
      await commit(this.ctx.redis, reportRecipes(this.ctx, { strategyId: id, asset: this.run.asset, level: 'ERROR', component: 'IngestWorker', status: 'error', message: `cannot replay ${this.run.replay}: the exchange does not trade that day (${day.reason}, from ${day.source}) — pick a trading day` }));
      this.stopped = true;
      return;
    }
    const window = replayWindow(this.run.replay!, this.s.program.session)!;
    const sources = new Map<string, CandleSource>();
    const missing: string[] = [];
    for (const k of this.s.instruments) {
      const src = await storedBars(this.ctx.storage, this.s.program, k, window.from, window.to);
      if (src) sources.set(k, src);
      else missing.push(k);
    }
    if (missing.length) {
      await commit(
        this.ctx.redis,
        reportRecipes(this.ctx, {
          strategyId: id,
          asset: this.run.asset,
          level: 'ERROR',
          component: 'IngestWorker',
          status: 'error',
          message: `cannot replay ${this.run.replay}: no stored candles of ${missing.join(', ')} that day — import them first (algo data import <file.csv> --symbol KEY --tf 1m, or algo data synth … then import), then stop and start the strategy again`,
        }),
      );
      this.stopped = true;
      return;
    }
    const feed = new ReplayFeed({
      candles: (k) => sources.get(k),
      speed: replaySpeed(this.run.speed),
      barMs: this.s.program.timeframes[0]!.ms,
      ...(Number.isFinite(this.cursor.through) ? { from: this.cursor.through + 1 } : {}),
      session: this.s.program.session,
      logger: this.ctx.log,
      extremeFirst: (k) => this.adverseExtreme(k),
    });
    this.feed = feed;
    feed.onTicks((batch) => this.instant(batch));
    await feed.subscribe(this.s.instruments);
    await feed.start();
    this.done = feed.finished().then(async (status) => {
      if (this.stopped || status.state !== 'ended') {
        if (status.state === 'down') {
          await commit(this.ctx.redis, reportRecipes(this.ctx, { strategyId: id, asset: this.run.asset, level: 'ERROR', component: 'IngestWorker', status: 'error', message: `replay stopped: ${status.reason ?? 'bad stored data'}` }));
        }
        return;
      }
      await this.end();
    }).catch((err: unknown) => {
      if (!this.stopped) this.ctx.log.error({ err, strategy_id: id }, 'replay: the end of the day could not be published');
    });
  }

  /** Resolves when the day has been played (or the session stopped). */
  finished(): Promise<void> {
    return this.done ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.feed?.stop();
  }

  /** One instant: bars that ended close (each settled before the next), then the ticks go out. */
  private async instant(batch: readonly Tick[]): Promise<void> {
    if (this.stopped) return;
    const ts = batch[0]!.ts;
    const state = await this.persist(() => this.ctx.redis.hget(redisKeys.run(this.run.strategy_id), 'state'));
    if (state !== 'running') {
      await this.stop();
      return;
    }
    const received = Date.now();
    for (const k of this.s.instruments) {
      const closed = this.builders.get(k)!.closeDue(ts);
      if (closed) await this.publish(this.candleEvent(closed, received));
    }
    for (const t of batch) this.builders.get(t.instrument)?.add(t);
    await this.publish({ kind: 'ticks', market: this.market as TickEvent['market'], ticks: batch.map(wireTick), received_at: received }, ts);
  }

  /** The day is over: the last bars close, then the end (the strategy closes its positions). */
  private async end(): Promise<void> {
    const received = Date.now();
    for (const k of this.s.instruments) {
      const closed = this.builders.get(k)!.flush();
      if (closed) await this.publish(this.candleEvent(closed, received));
    }
    const at = Number.isFinite(this.lastBar) ? this.lastBar : this.cursor.through;
    this.cursor.ended = true;
    await this.publish({ kind: 'end', market: this.market as CandleEvent['market'], at: Number.isFinite(at) ? at : Date.now(), reason: `replay of ${this.run.replay} ended` });
  }

  private candleEvent(c: ClosedCandle, received: number): CandleEvent {
    this.lastBar = Math.max(this.lastBar, c.candle.t);
    return { kind: 'candle', market: this.market as CandleEvent['market'], instrument: c.instrument, timeframe: c.timeframe, candle: c.candle, last_tick: c.lastTick, received_at: received };
  }

  /** Publishes one message with the cursor, counted in flight, and waits until its cascade settled. */
  private async publish(ev: TickEvent | CandleEvent, through?: number): Promise<void> {
    const id = this.run.strategy_id;
    if (through !== undefined) this.cursor.through = through;
    this.cursor.builders = Object.fromEntries([...this.builders].map(([k, b]) => [k, b.snapshot()]));
    const cursorKey = redisKeys.replayCursor(id);
    const next = encode(this.cursor);
    const recipes: WriteRecipe[] =
      ev.kind === 'ticks'
        ? [appendRecipe(this.ctx.channels.ticks, ev), inflightRecipe(id, STREAM_READERS.ticks)]
        : [appendRecipe(this.ctx.channels.candles, ev), inflightRecipe(id, STREAM_READERS.candles)];
    const applied = await this.persist(async () => (await swapAndApply(this.ctx.redis, cursorKey, this.cursorText, next, recipes)) || (await this.ctx.redis.get(cursorKey)) === next);
    if (!applied) {
      this.ctx.log.warn({ strategy_id: id }, 'replay: another process moved this replay on; stopping here');
      await this.stop();
      return;
    }
    this.cursorText = next;
    await this.persist(() => waitQuiet(this.ctx.redis, id, () => this.stopped));
  }

  /**
   * Runs a Redis step until it succeeds: while Redis is away the replay pauses on this
   * instant (the feed waits for its listener) instead of dropping it.
   */
  private async persist<T>(step: () => Promise<T>): Promise<T> {
    let pause = 50;
    for (;;) {
      try {
        return await step();
      } catch (err) {
        if (this.stopped) throw err;
        this.ctx.log.warn({ strategy_id: this.run.strategy_id, err: (err as Error).message }, 'replay paused: Redis did not answer; retrying');
        await delay(pause);
        pause = Math.min(2_000, pause * 2);
      }
    }
  }

  /** Which extreme of the coming bar to play first: the one adverse to a position held in the instrument. */
  private async adverseExtreme(instrument: string): Promise<'high' | 'low' | undefined> {
    const id = this.run.strategy_id;
    const p = this.run.asset === 'options' ? await this.ctx.keyspace.state.getOptionPosition(id) : (await this.ctx.keyspace.state.getStockPositions(id))[instrument];
    if (!p || p.instrument_key !== instrument) return undefined;
    return p.side === 'long' ? 'low' : 'high';
  }
}

/** The replay speed asked (default 60); 100,000 and above mean "as fast as the engine goes". */
export function replaySpeed(speed: number | undefined): number {
  const v = speed ?? 60;
  return v >= 100_000 ? Infinity : v;
}

function wireTick(t: Tick): { instrument: string; ltp: number; ts: number; volume?: number; oi?: number; gap?: boolean } {
  return { instrument: t.instrument, ltp: t.ltp, ts: t.ts, ...(t.volume !== undefined ? { volume: t.volume } : {}), ...(t.oi !== undefined ? { oi: t.oi } : {}), ...(t.gap ? { gap: true } : {}) };
}
