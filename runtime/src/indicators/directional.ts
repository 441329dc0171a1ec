import type { Candle } from '../market/candle.js';
import { Indicator } from './indicator.js';
import { isZero } from './numeric.js';
import { trueRange } from './volatility.js';


/**
 * Welles Wilder's directional movement system, step for step as TA-Lib's ADX, PLUS_DI and
 * MINUS_DI compute it:
 * - +DM = h − h[1] when it is positive and larger than l[1] − l, −DM the mirror; TR the true range;
 * - bars 1..n−1 are summed; from bar n on, each sum is smoothed `S − S/n + x`;
 * - +DI = 100·(+DM)/TR, −DI likewise (0 when TR is ~0); DX = 100·|+DI − −DI|/(+DI + −DI);
 * - ADX starts as the mean of the DX of bars n..2n−1, then `(ADX·(n−1) + DX)/n` (unchanged on a
 *   bar where DX cannot be computed).
 * Everything is reported from bar 2n−1 on (the catalogue's lookback for both `adx` and `dmi`).
 */
export class DirectionalCore {
  plusDi = NaN;
  minusDi = NaN;
  adx = NaN;
  private prevHigh = NaN;
  private prevLow = NaN;
  private prevClose = NaN;
  private plusDm = 0;
  private minusDm = 0;
  private tr = 0;
  private sumDx = 0;

  constructor(readonly length: number) {}

  push(bar: Candle, i: number): void {
    const n = this.length;
    const diffP = bar.h - this.prevHigh;
    const diffM = this.prevLow - bar.l;
    const prevClose = this.prevClose;
    this.prevHigh = bar.h;
    this.prevLow = bar.l;
    this.prevClose = bar.c;
    if (i === 0) return;
    const range = trueRange(bar.h, bar.l, prevClose);
    if (i < n) {
      if (diffM > 0 && diffP < diffM) this.minusDm += diffM;
      else if (diffP > 0 && diffP > diffM) this.plusDm += diffP;
      this.tr += range;
      return;
    }
    this.minusDm -= this.minusDm / n;
    this.plusDm -= this.plusDm / n;
    if (diffM > 0 && diffP < diffM) this.minusDm += diffM;
    else if (diffP > 0 && diffP > diffM) this.plusDm += diffP;
    this.tr = this.tr - this.tr / n + range;

    let dx = NaN;
    if (!isZero(this.tr)) {
      this.minusDi = 100.0 * (this.minusDm / this.tr);
      this.plusDi = 100.0 * (this.plusDm / this.tr);
      const sum = this.minusDi + this.plusDi;
      if (!isZero(sum)) dx = 100.0 * (Math.abs(this.minusDi - this.plusDi) / sum);
    } else {
      this.minusDi = 0.0;
      this.plusDi = 0.0;
    }
    if (i < 2 * n - 1) {
      if (dx === dx) this.sumDx += dx;
    } else if (i === 2 * n - 1) {
      if (dx === dx) this.sumDx += dx;
      this.adx = this.sumDx / n;
    } else if (dx === dx) {
      this.adx = (this.adx * (n - 1) + dx) / n;
    }
  }
}

/** `adx(length)`: average directional index (TA-Lib ADX; lookback 2·length − 1). */
export class Adx extends Indicator {
  private readonly core: DirectionalCore;
  constructor(readonly length: number) {
    super('adx', 2 * length - 1, 0);
    this.core = new DirectionalCore(length);
  }
  step(bar: Candle, i: number): void {
    this.core.push(bar, i);
    this.out[0] = this.core.adx;
  }
}

/** `dmi(length)`: .plus (+DI), .minus (−DI), .adx — TA-Lib PLUS_DI, MINUS_DI and ADX, all from bar 2·length − 1. */
export class Dmi extends Indicator {
  private readonly core: DirectionalCore;
  constructor(readonly length: number) {
    super('dmi', 2 * length - 1, 0, ['plus', 'minus', 'adx'], 'adx');
    this.core = new DirectionalCore(length);
  }
  get plus(): number {
    return this.out[0]!;
  }
  get minus(): number {
    return this.out[1]!;
  }
  get adx(): number {
    return this.out[2]!;
  }
  step(bar: Candle, i: number): void {
    const core = this.core;
    core.push(bar, i);
    const out = this.out;
    out[0] = core.plusDi;
    out[1] = core.minusDi;
    out[2] = core.adx;
  }
}
