import { DAY_MS } from '../data/zone-clock.js';
import type { SessionClock } from '../data/session.js';
import { DayWindow } from './day-window.js';

/**
 * The clock facts of the base bar being evaluated (`clock.time`, `clock.prev_time` in
 * `compiler/src/graph/names.ts`): minutes after local midnight when the bar closes, and
 * when the previous bar of the same session day closed (-1 on the day's first bar).
 *
 * A bar closes at `t + timeframe`, or at the session close when the bar runs past it (the
 * last 1h bar of NSE, 15:15–15:30; a daily bar, stamped at midnight, closes at 15:30).
 * Computed when first read on a bar (most strategies never read the clock), then cached.
 */
export class BarClock {
  private lastT = NaN;
  private prevT = NaN;
  private version = 0;
  private seen = -1;
  private _time = -1;
  private _prev = -1;
  private _day = NaN;
  private _close = NaN;
  private prevDay = NaN;
  private prevMinute = -1;
  private cachedDay = NaN;
  private cachedClose = NaN;

  private readonly days: DayWindow;

  constructor(
    private readonly clock: SessionClock,
    private readonly baseMs: number,
  ) {
    this.days = new DayWindow(clock);
  }

  /** Moves to the base bar opening at `t`. */
  advance(t: number): void {
    if (this.seen === this.version) {
      this.prevDay = this._day;
      this.prevMinute = this._time;
    } else {
      this.prevDay = NaN;
    }
    this.prevT = this.lastT;
    this.lastT = t;
    this.version++;
  }

  /** `clock.time` of the latest bar */
  get time(): number {
    this.resolve();
    return this._time;
  }

  /** `clock.prev_time` of the latest bar */
  get prevTime(): number {
    this.resolve();
    return this._prev;
  }

  /** session day (days since 1970-01-01) of the latest bar */
  get day(): number {
    this.resolve();
    return this._day;
  }

  /** UTC ms when the latest bar closes */
  get closeAt(): number {
    this.resolve();
    return this._close;
  }

  private resolve(): void {
    if (this.seen === this.version) return;
    this.seen = this.version;
    const t = this.lastT;
    const day = this.days.of(t);
    this._day = day;
    this._close = this.closeOf(t, day);
    this._time = minuteOfDay(this.clock.zone.toWall(this._close));
    if (this.prevT !== this.prevT) this._prev = -1;
    else {
      // The previous bar's figures, computed now if that bar never asked for them.
      let pd = this.prevDay;
      let pm = this.prevMinute;
      if (pd !== pd) {
        pd = this.clock.sessionDay(this.prevT);
        pm = minuteOfDay(this.clock.zone.toWall(this.closeOf(this.prevT, pd)));
      }
      this._prev = pd === day ? pm : -1;
    }
  }

  private closeOf(t: number, day: number): number {
    if (day !== this.cachedDay) {
      this.cachedDay = day;
      this.cachedClose = this.clock.closeOf(day);
    }
    const close = this.cachedClose;
    const end = t + this.baseMs;
    return t < close && end > close ? close : end;
  }
}

/** Minutes after midnight of a wall-clock time written as ms. */
export function minuteOfDay(wall: number): number {
  return Math.floor((((wall % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);
}
