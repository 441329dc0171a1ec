import type { CandleSource } from '../../data/candle-source.js';
import type { SessionClock } from '../../data/session.js';
import type { Candle } from '../../market/candle.js';
import type { Tick } from '../feed.js';
import { barPath } from './bar-path.js';

/** Which extreme of a bar to replay first, asked once the bar's open has been handled; undefined keeps the nearer-the-open rule. */
export type ExtremeChooser = (instrument: string, bar: Candle) => 'high' | 'low' | undefined | Promise<'high' | 'low' | undefined>;

/**
 * One instrument's stored candles, turned into the ticks a replay plays, one at a time.
 * `head()` is the next tick (reading the next batch of candles when the current one is
 * used up), `take()` consumes it. The running session volume restarts at each new session
 * date. Ticks before `from` are skipped (an instrument subscribed mid-replay joins at the
 * replay's current time). With a chooser, the order of a bar's two extremes is settled by
 * `settle()` after its open tick was delivered (the open may have filled an entry whose
 * stop and target the extremes then reach).
 */
export class ReplayLane {
  private readonly iterator: AsyncIterator<readonly Candle[]>;
  private batch: readonly Candle[] = [];
  private index = 0;
  private ticks: Tick[] = [];
  private tickIndex = 0;
  private volume = 0;
  private day: number | undefined;
  private finished = false;
  private bar: Candle | undefined;
  private volumeBefore = 0;
  private unsettled = false;

  constructor(
    readonly instrument: string,
    source: CandleSource,
    private readonly barMs: number,
    private readonly session: SessionClock,
    private readonly from: number,
    private readonly chooser?: ExtremeChooser,
  ) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  get done(): boolean {
    return this.finished;
  }

  /** The next tick, or undefined when the candles are used up. Rejects with the source's error. */
  async head(): Promise<Tick | undefined> {
    for (;;) {
      if (this.tickIndex < this.ticks.length) {
        const t = this.ticks[this.tickIndex]!;
        if (t.ts >= this.from) {
          // Resumed past this bar's open (`from` inside the bar): settle its extremes now.
          if (this.unsettled && this.tickIndex >= 1) await this.settle();
          return this.ticks[this.tickIndex];
        }
        this.tickIndex++;
        continue;
      }
      const bar = await this.nextCandle();
      if (!bar) {
        this.finished = true;
        return undefined;
      }
      const day = this.session.sessionDay(bar.t);
      if (day !== this.day) {
        this.day = day;
        this.volume = 0;
      }
      this.ticks = barPath(this.instrument, bar, this.barMs, this.volume);
      this.bar = bar;
      this.volumeBefore = this.volume;
      this.unsettled = this.chooser !== undefined;
      this.volume += bar.v;
      this.tickIndex = 0;
    }
  }

  /** The head tick if it is already in memory and settled (no await), else undefined. */
  peek(): Tick | undefined {
    if (this.unsettled && this.tickIndex >= 1) return undefined;
    const t = this.ticks[this.tickIndex];
    return t && t.ts >= this.from ? t : undefined;
  }

  take(): void {
    this.tickIndex++;
  }

  /** Once the current bar's open has been played (or skipped): asks the chooser which extreme comes next and lays out the rest of the bar. */
  async settle(): Promise<void> {
    if (!this.unsettled || this.tickIndex < 1 || !this.bar) return;
    this.unsettled = false;
    const first = await this.chooser!(this.instrument, this.bar);
    if (first) this.ticks = barPath(this.instrument, this.bar, this.barMs, this.volumeBefore, first);
  }

  async close(): Promise<void> {
    this.finished = true;
    await this.iterator.return?.();
  }

  private async nextCandle(): Promise<Candle | undefined> {
    while (this.index >= this.batch.length) {
      const r = await this.iterator.next();
      if (r.done) return undefined;
      this.batch = r.value;
      this.index = 0;
    }
    return this.batch[this.index++];
  }
}
