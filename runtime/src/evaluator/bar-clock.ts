import { DAY_MS } from '../data/zone-clock.js';
import type { SessionClock } from '../data/session.js';

/**
 * The clock facts of the base bar being evaluated (`clock.time`, `clock.prev_time` in
 * `compiler/src/graph/names.ts`): minutes after local midnight when the bar closes, and
 * when the previous bar of the same session day closed (-1 on the day's first bar).
 *
 * A bar closes at `t + timeframe`, or at the session close when the bar runs past it (the
 * last 1h bar of NSE, 15:15–15:30; a daily bar, stamped at midnight, closes at 15:30).
 */
export class BarClock {
  /** `clock.time` of the latest bar */
  time = -1;
  /** `clock.prev_time` of the latest bar */
  prevTime = -1;
  /** session day (days since 1970-01-01) of the latest bar */
  day = NaN;
  /** UTC ms when the latest bar closes */
  closeAt = NaN;

  constructor(
    private readonly clock: SessionClock,
    private readonly baseMs: number,
  ) {}

  /** Moves to the base bar opening at `t`. */
  advance(t: number): void {
    const day = this.clock.sessionDay(t);
    const close = this.clock.closeOf(day);
    let end = t + this.baseMs;
    if (t < close && end > close) end = close;
    const minute = minuteOfDay(this.clock.zone.toWall(end));
    this.prevTime = day === this.day ? this.time : -1;
    this.time = minute;
    this.day = day;
    this.closeAt = end;
  }
}

/** Minutes after midnight of a wall-clock time written as ms. */
export function minuteOfDay(wall: number): number {
  return Math.floor((((wall % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);
}
