import { DAY_MS } from '../../data/zone-clock.js';
import type { SessionClock } from '../../data/session.js';

/**
 * Which bar an instant belongs to, for a timeframe aligned to the exchange session — the
 * same grid the data layer's resampler and the evaluator's timeframes use (NSE 15m:
 * 09:15, 09:30, …; 1h: 09:15 … 15:15, the last one shorter). Ticks after the close (the
 * closing session) fall in the day's last bar; ticks before the open belong to no bar.
 */
export class BarGrid {
  private day = NaN;
  private open = NaN;
  private close = NaN;

  constructor(
    readonly clock: SessionClock,
    readonly ms: number,
  ) {}

  /** Open time of the bar holding `t`, or NaN before the session opens. Daily bars: local midnight. */
  start(t: number): number {
    const day = this.clock.sessionDay(t);
    if (this.ms >= DAY_MS) return this.clock.midnightOf(day);
    if (day !== this.day) {
      this.day = day;
      this.open = this.clock.openOf(day);
      this.close = this.clock.closeOf(day);
    }
    if (t < this.open) return NaN;
    const at = t >= this.close ? this.close - 1 : t;
    return this.open + Math.floor((at - this.open) / this.ms) * this.ms;
  }

  /** When the bar opening at `start` ends: `start + ms`, or the session close when that comes first. */
  end(start: number): number {
    if (this.ms >= DAY_MS) return start + this.ms;
    const close = this.clock.closeOf(this.clock.sessionDay(start));
    return Math.min(start + this.ms, close);
  }
}
