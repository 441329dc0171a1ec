// The averaging steps shared by the indicators, in TA-Lib's exact arithmetic order so that
// results agree with TA-Lib to the last few bits, not merely in shape.

import { RollingSum } from './rolling.js';

/** Simple moving average of the last `length` numbers; NaN until `length` have been pushed. */
export class SmaCore {
  private readonly sum: RollingSum;

  constructor(readonly length: number) {
    this.sum = new RollingSum(length);
  }

  push(x: number): number {
    const s = this.sum.push(x);
    return this.sum.full ? s / this.length : NaN;
  }
}

/**
 * Exponential smoothing `prev + k·(x − prev)` seeded with the simple average of the first
 * `length` numbers (TA-Lib's default, `TA_COMPATIBILITY_DEFAULT`). `k = 2/(length+1)` gives
 * the EMA; `k = 1/length` gives Wilder's average (`rma`). NaN until seeded.
 */
export class EmaCore {
  value = NaN;
  private seen = 0;
  private seedSum = 0;

  constructor(
    readonly length: number,
    readonly k: number = 2 / (length + 1),
  ) {}

  push(x: number): number {
    if (this.seen < this.length) {
      this.seedSum += x;
      if (++this.seen === this.length) this.value = this.seedSum / this.length;
      return this.value;
    }
    return (this.value = (x - this.value) * this.k + this.value);
  }

  /** Starts the average at `seed` (for MACD's fast line, which TA-Lib seeds late). */
  seed(seed: number): void {
    this.seen = this.length;
    this.value = seed;
  }
}

/**
 * Wilder's smoothing as TA-Lib writes it for ATR: the first value is the simple average of
 * `length` numbers, then `(prev·(length−1) + x) / length`.
 */
export class WilderCore {
  value = NaN;
  private seen = 0;
  private seedSum = 0;

  constructor(readonly length: number) {}

  push(x: number): number {
    const n = this.length;
    if (this.seen < n) {
      this.seedSum += x;
      if (++this.seen === n) this.value = this.seedSum / n;
      return this.value;
    }
    return (this.value = (this.value * (n - 1) + x) / n);
  }
}
