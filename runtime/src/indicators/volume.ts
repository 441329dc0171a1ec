import { NSE_SESSION, sessionClock, type ExchangeSession, type SessionClock } from '../data/session.js';
import type { Candle } from '../market/candle.js';
import { Indicator } from './indicator.js';

/** Options of the session-anchored indicators. */
export interface VwapOptions {
  /** The exchange session whose start resets the average; NSE (09:15–15:30 IST) by default. */
  readonly session?: ExchangeSession;
}

/**
 * `vwap()`: session-anchored volume-weighted average price, `Σ(TP·v) / Σv` over the bars of
 * the current session with TP = (h+l+c)/3 — TradingView's `ta.vwap` with its default source
 * `hlc3` and anchor "Session". The sums restart on the first bar of each session date in the
 * exchange's time zone (see `SessionClock.sessionDay`). While the session has traded no
 * volume (Σv = 0, e.g. an index, which carries none) the value is NaN, never a made-up price.
 */
export class Vwap extends Indicator {
  private readonly clock: SessionClock;
  private day = NaN;
  private pv = 0;
  private vol = 0;
  constructor(options: VwapOptions = {}) {
    super('vwap', 0, 0);
    this.clock = sessionClock(options.session ?? NSE_SESSION);
  }
  step(bar: Candle): void {
    const day = this.clock.sessionDay(bar.t);
    if (day !== this.day) {
      this.day = day;
      this.pv = 0;
      this.vol = 0;
    }
    this.pv += ((bar.h + bar.l + bar.c) / 3) * bar.v;
    this.vol += bar.v;
    this.out[0] = this.vol > 0 ? this.pv / this.vol : NaN;
  }
}

/**
 * `obv()`: on-balance volume — the running total adds the bar's volume when close rose,
 * subtracts it when close fell, and starts at the first bar's volume (TA-Lib OBV).
 */
export class Obv extends Indicator {
  private total = 0;
  private prevClose = NaN;
  constructor() {
    super('obv', 0, 0);
  }
  step(bar: Candle, i: number): void {
    const c = bar.c;
    if (i === 0) this.total = bar.v;
    else if (c > this.prevClose) this.total += bar.v;
    else if (c < this.prevClose) this.total -= bar.v;
    this.prevClose = c;
    this.out[0] = this.total;
  }
}
