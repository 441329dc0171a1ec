import type { Logger } from 'pino';
import type { CandleSource } from '../../data/candle-source.js';
import { NSE_SESSION, sessionClock, type ExchangeSession } from '../../data/session.js';
import { systemScheduler, type Clock, type Scheduler, type TimerHandle } from '../clock.js';
import { FeedBase } from '../feed-base.js';
import type { FeedStatus, SubscribeProblem, Tick } from '../feed.js';
import { ReplayLane, type ExtremeChooser } from './replay-lane.js';

export interface ReplayFeedOptions {
  /** Stored candles of an instrument (Mongo `historical_candles`, a CSV, the synthetic market); undefined when there are none. */
  readonly candles: (instrument: string) => CandleSource | undefined | Promise<CandleSource | undefined>;
  /** Market time per wall time: 60 plays a minute bar in a second; `Infinity` as fast as the consumer takes it. */
  readonly speed: number;
  /** The stored bars' length, ms (default one minute). */
  readonly barMs?: number;
  /** Market time to start at (default: the first stored tick). Earlier candles are skipped. */
  readonly from?: number;
  /** Wall clock and timers (default: the system's). */
  readonly scheduler?: Scheduler;
  /** Session, for where the running volume restarts (default NSE). */
  readonly session?: ExchangeSession;
  readonly logger?: Logger;
  /** At `Infinity` speed, let I/O run after this many instants (default 50). */
  readonly yieldEvery?: number;
  /**
   * Which extreme of each bar to play first, asked after the bar's open instant was handled
   * (default: the one nearer the open). The live engine answers with the extreme adverse to
   * a position held in the instrument — the backtester's reading of a bar that reaches both
   * a stop and a target — so a replayed day fills exactly like its backtest.
   */
  readonly extremeFirst?: ExtremeChooser;
}

/**
 * Plays stored candles as ticks, at a chosen speed — a past session paper-traded in
 * minutes (`--replay 2024-01-15 --speed 60`).
 *
 * Each bar becomes four ticks inside the bar ({@link barPath}); instruments are merged in
 * time order, and all ticks of one instant go out as one batch (in subscription order).
 * The replay keeps its own market clock, `marketClock`, which the engine uses as "now" for
 * time-based entries and exits: it advances at `speed` × wall time between ticks, and never
 * runs past the next tick not yet played. A tick listener that returns a promise holds the
 * replay until it settles, so the engine handles each instant fully before the next, at any
 * speed (a slow consumer makes the replay fall behind the wall clock, never skip). When every instrument's candles are used up the
 * feed is `ended`; a bad stored candle puts it `down` (code `protocol`) with the data
 * layer's message, for good.
 */
export class ReplayFeed extends FeedBase {
  readonly kind = 'replay';
  /** Market time of the replay. */
  readonly marketClock: Clock;
  private readonly scheduler: Scheduler;
  private readonly barMs: number;
  private readonly session;
  private readonly lanes = new Map<string, ReplayLane>();
  private readonly sources = new Map<string, CandleSource>();
  private anchorWall = 0;
  private anchorMarket: number | undefined;
  private lastTs: number | undefined;
  private nextTs: number | undefined;
  private timer: TimerHandle | undefined;
  private pumping = false;
  private repump = false;
  private readonly waiters: Array<(s: FeedStatus) => void> = [];

  constructor(private readonly options: ReplayFeedOptions) {
    const scheduler = options.scheduler ?? systemScheduler;
    super(scheduler, options.logger);
    if (!(options.speed > 0)) throw new RangeError(`replay speed must be > 0 (got ${options.speed})`);
    this.scheduler = scheduler;
    this.barMs = options.barMs ?? 60_000;
    this.session = sessionClock(options.session ?? NSE_SESSION);
    this.anchorMarket = options.from;
    this.marketClock = { now: () => this.marketNow() };
    this.onStatus((s) => {
      if (s.state === 'ended' || s.state === 'stopped' || (s.state === 'down' && s.code === 'protocol')) for (const w of this.waiters.splice(0)) w(s);
    });
  }

  protected async resolve(instruments: readonly string[]): Promise<{ ok: string[]; problems: SubscribeProblem[] }> {
    const ok: string[] = [];
    const problems: SubscribeProblem[] = [];
    for (const k of instruments) {
      const source = await this.options.candles(k);
      if (source) {
        this.sources.set(k, source);
        ok.push(k);
      } else problems.push({ instrument: k, message: `no stored candles for ${k} to replay` });
    }
    return { ok, problems };
  }

  protected sendSubscribe(instruments: readonly string[]): void {
    const from = this.marketNow();
    for (const k of instruments) this.openLane(k, from);
    this.kick();
  }

  protected sendUnsubscribe(instruments: readonly string[]): void {
    for (const k of instruments) {
      void this.lanes.get(k)?.close();
      this.lanes.delete(k);
    }
  }

  async start(): Promise<void> {
    if (this.state !== 'idle') return;
    for (const k of this.subs) this.openLane(k, this.options.from ?? Number.NEGATIVE_INFINITY);
    if (this.anchorMarket === undefined) {
      try {
        let first = Number.POSITIVE_INFINITY;
        for (const lane of this.lanes.values()) first = Math.min(first, (await lane.head())?.ts ?? first);
        this.anchorMarket = Number.isFinite(first) ? first : this.scheduler.now();
      } catch (err) {
        this.setStatus('down', { reason: `replay data: ${(err as Error).message}`, code: 'protocol' });
        return;
      }
    }
    this.anchorWall = this.scheduler.now();
    this.setStatus('live');
    this.kick();
  }

  async stop(): Promise<void> {
    this.timer?.cancel();
    this.setStatus('stopped', { reason: 'stopped' });
    await Promise.all([...this.lanes.values()].map((l) => l.close()));
    this.lanes.clear();
  }

  /** Resolves when the replay has ended, was stopped, or failed on bad data. */
  finished(): Promise<FeedStatus> {
    const s = this.status();
    if (s.state === 'ended' || s.state === 'stopped' || (s.state === 'down' && s.code === 'protocol')) return Promise.resolve(s);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private openLane(instrument: string, from: number): void {
    const source = this.sources.get(instrument);
    if (source && !this.lanes.has(instrument)) this.lanes.set(instrument, new ReplayLane(instrument, source, this.barMs, this.session, from, this.options.extremeFirst));
  }

  private marketNow(): number {
    if (this.anchorMarket === undefined) return this.lastTs ?? 0;
    if (this.state !== 'live' || !Number.isFinite(this.options.speed)) return this.lastTs ?? this.anchorMarket;
    const t = this.anchorMarket + (this.scheduler.now() - this.anchorWall) * this.options.speed;
    const floor = this.lastTs ?? this.anchorMarket;
    const ceiling = this.nextTs === undefined ? t : this.nextTs - 1;
    return Math.max(floor, Math.min(t, ceiling));
  }

  private kick(): void {
    this.timer?.cancel();
    this.timer = undefined;
    if (this.pumping) {
      this.repump = true;
      return;
    }
    void this.pump();
  }

  /** Plays every tick that is due, then sleeps until the next one (or ends). */
  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      let steps = 0;
      while (this.state === 'live') {
        this.repump = false;
        let next = Number.POSITIVE_INFINITY;
        for (const [k, lane] of this.lanes) {
          const head = lane.peek() ?? (await lane.head());
          if (head) next = Math.min(next, head.ts);
          else if (lane.done) this.lanes.delete(k);
        }
        if (this.state !== 'live') break;
        if (!Number.isFinite(next)) {
          this.setStatus('ended', { reason: 'all stored candles played' });
          break;
        }
        this.nextTs = next;
        if (Number.isFinite(this.options.speed)) {
          const due = this.anchorWall + (next - this.anchorMarket!) / this.options.speed;
          const wait = due - this.scheduler.now();
          if (wait > 0) {
            if (this.repump) continue;
            this.timer = this.scheduler.after(wait, () => this.kick());
            break;
          }
        }
        const batch: Tick[] = [];
        const played: ReplayLane[] = [];
        for (const lane of this.lanes.values()) {
          const head = lane.peek();
          if (head && head.ts === next) {
            batch.push(head);
            lane.take();
            played.push(lane);
          }
        }
        this.lastTs = next;
        this.nextTs = undefined;
        const handled = this.deliver(batch);
        if (handled) await handled;
        if (this.options.extremeFirst) for (const lane of played) await lane.settle();
        if (!Number.isFinite(this.options.speed) && ++steps % (this.options.yieldEvery ?? 50) === 0) await new Promise((r) => setImmediate(r));
      }
    } catch (err) {
      this.setStatus('down', { reason: `replay data: ${(err as Error).message}`, code: 'protocol' });
    } finally {
      this.pumping = false;
    }
    if (this.repump && this.state === 'live') this.kick();
  }
}
