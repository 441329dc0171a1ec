import type { Candle } from '../market/candle.js';
import { Indicator } from './indicator.js';
import { AtrCore } from './volatility.js';

/**
 * `sar(step, max)`: Wilder's parabolic stop-and-reverse, exactly as TA-Lib's SAR computes it.
 * Initial direction from bar 1's −DM (short when the low fell by more than the high rose),
 * initial SAR the extreme of bar 0 and initial extreme point from bar 1; the SAR is never
 * allowed inside the previous or current bar's range; on a reversal the SAR jumps to the
 * extreme point and the acceleration restarts at `step`. A `step` above `max` is cut to `max`.
 */
export class Sar extends Indicator {
  private readonly accel: number;
  private readonly max: number;
  // a number from the start (NaN until set): a bare field starts `undefined` and V8 then boxes every write
  private af = NaN;
  private isLong = true;
  private sar = NaN;
  private ep = NaN;
  private prevHigh = NaN;
  private prevLow = NaN;

  constructor(step: number, max: number) {
    super('sar', 1, 0);
    this.accel = step > max ? max : step;
    this.max = max;
    this.af = this.accel;
  }

  step(bar: Candle, i: number): void {
    const newHigh = bar.h;
    const newLow = bar.l;
    if (i === 0) {
      this.prevHigh = newHigh;
      this.prevLow = newLow;
      return;
    }
    let prevHigh = this.prevHigh;
    let prevLow = this.prevLow;
    if (i === 1) {
      const diffP = newHigh - prevHigh;
      const diffM = prevLow - newLow;
      const minusDm = diffM > 0 && diffP < diffM ? diffM : 0;
      this.isLong = !(minusDm > 0);
      this.ep = this.isLong ? newHigh : newLow;
      this.sar = this.isLong ? prevLow : prevHigh;
      // TA-Lib treats bar 1 as its own previous bar on the first step.
      prevHigh = newHigh;
      prevLow = newLow;
    }
    this.prevHigh = newHigh;
    this.prevLow = newLow;
    let sar = this.sar;
    const acc = this.accel;
    if (this.isLong) {
      if (newLow <= sar) {
        this.isLong = false;
        sar = Math.max(this.ep, prevHigh, newHigh);
        this.out[0] = sar;
        this.af = acc;
        this.ep = newLow;
        sar = sar + this.af * (this.ep - sar);
        sar = Math.max(sar, prevHigh, newHigh);
      } else {
        this.out[0] = sar;
        if (newHigh > this.ep) {
          this.ep = newHigh;
          this.af = Math.min(this.af + acc, this.max);
        }
        sar = sar + this.af * (this.ep - sar);
        sar = Math.min(sar, prevLow, newLow);
      }
    } else if (newHigh >= sar) {
      this.isLong = true;
      sar = Math.min(this.ep, prevLow, newLow);
      this.out[0] = sar;
      this.af = acc;
      this.ep = newHigh;
      sar = sar + this.af * (this.ep - sar);
      sar = Math.min(sar, prevLow, newLow);
    } else {
      this.out[0] = sar;
      if (newLow < this.ep) {
        this.ep = newLow;
        this.af = Math.min(this.af + acc, this.max);
      }
      sar = sar + this.af * (this.ep - sar);
      sar = Math.max(sar, prevHigh, newHigh);
    }
    this.sar = sar;
  }
}

/**
 * `supertrend(length, mult)`: TradingView's Supertrend (Pine v5 `ta.supertrend`) with
 * TA-Lib's ATR. Bands hl2 ± mult·ATR(length); the lower band only rises (unless the previous
 * close fell below it), the upper band only falls (unless the previous close rose above it).
 * In a downtrend the line is the upper band and flips up when close ends above it; in an
 * uptrend the line is the lower band and flips down when close ends below it. The first value
 * starts in a downtrend, as Pine's does. `.direction` is 1 in an uptrend, −1 in a downtrend
 * (Pine's sign is the opposite).
 */
export class Supertrend extends Indicator {
  private readonly atr: AtrCore;
  private upper = NaN;
  private lower = NaN;
  private line = NaN;
  private prevClose = NaN;

  constructor(
    readonly length: number,
    readonly mult: number,
  ) {
    super('supertrend', length, 0, ['line', 'direction'], 'line');
    this.atr = new AtrCore(length);
  }

  get direction(): number {
    return this.out[1]!;
  }

  step(bar: Candle): void {
    const atr = this.atr.push(bar);
    const prevClose = this.prevClose;
    this.prevClose = bar.c;
    if (atr !== atr) return;
    const mid = (bar.h + bar.l) / 2;
    let upper = mid + this.mult * atr;
    let lower = mid - this.mult * atr;
    let up: boolean;
    if (this.line !== this.line) {
      up = false;
    } else {
      const prevUpper = this.upper;
      const prevLower = this.lower;
      if (!(lower > prevLower || prevClose < prevLower)) lower = prevLower;
      if (!(upper < prevUpper || prevClose > prevUpper)) upper = prevUpper;
      up = this.line === prevUpper ? bar.c > upper : !(bar.c < lower);
    }
    this.upper = upper;
    this.lower = lower;
    this.line = up ? lower : upper;
    this.out[0] = this.line;
    this.out[1] = up ? 1 : -1;
  }
}
