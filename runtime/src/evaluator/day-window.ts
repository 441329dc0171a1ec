import type { SessionClock } from '../data/session.js';
import { DAY_MS } from '../data/zone-clock.js';

/**
 * `SessionClock.sessionDay` for bars arriving in time order, answered from a cached
 * [start, end) window of the current session day so the per-bar cost is two comparisons
 * (the zone arithmetic runs once per day).
 */
export class DayWindow {
  /** the session day of the latest `of(t)` */
  day = NaN;
  /** that day's session close (UTC ms) */
  close = NaN;
  private start = Infinity;
  private end = -Infinity;
  private readonly shift: number;

  constructor(private readonly clock: SessionClock) {
    this.shift = clock.closeMs <= clock.openMs ? DAY_MS - clock.openMs : 0;
  }

  /** Session day of the bar opening at `t` (days since 1970-01-01). */
  of(t: number): number {
    // Kept this small so V8 inlines it into the per-bar callers (a call would box `t`).
    return t >= this.start && t < this.end ? this.day : this.move(t);
  }

  private move(t: number): number {
    const day = this.clock.sessionDay(t);
    const zone = this.clock.zone;
    this.day = day;
    this.close = this.clock.closeOf(day);
    this.start = zone.fromWall(day * DAY_MS - this.shift);
    this.end = zone.fromWall((day + 1) * DAY_MS - this.shift);
    // A zone change inside the window could misplace its edges; never trust a window that
    // does not contain the bar that built it.
    if (!(t >= this.start && t < this.end)) {
      this.start = Infinity;
      this.end = -Infinity;
    }
    return day;
  }
}
