import type { Candle } from '../market/candle.js';
import { Indicator } from './indicator.js';
import { Ring } from './rolling.js';

/** Shared shape of the lag-based indicators: the value `length` samples ago is kept in a ring. */
abstract class Lagged extends Indicator {
  private readonly ring: Ring;
  protected constructor(name: string, readonly length: number) {
    super(name, length, 1);
    this.ring = new Ring(length + 1);
  }
  step(_bar: Candle, i: number): void {
    const x = this.sources[0]!;
    this.ring.push(x);
    if (i >= this.length) this.out[0] = this.compute(x, this.ring.ago(this.length));
  }
  protected abstract compute(now: number, then: number): number;
}

/** `roc(source, length)`: `100·(x / x[length] − 1)`; 0 when `x[length]` is 0 (TA-Lib ROC). */
export class Roc extends Lagged {
  constructor(length: number) {
    super('roc', length);
  }
  protected compute(now: number, then: number): number {
    return then !== 0.0 ? (now / then - 1.0) * 100.0 : 0.0;
  }
}

/** `mom(source, length)`: `x − x[length]` (TA-Lib MOM). */
export class Mom extends Lagged {
  constructor(length: number) {
    super('mom', length);
  }
  protected compute(now: number, then: number): number {
    return now - then;
  }
}

/** `change(source, length = 1)`: `x − x[length]`, the same math as `mom` with a default of 1 (Pine's `ta.change`). */
export class Change extends Lagged {
  constructor(length: number) {
    super('change', length);
  }
  protected compute(now: number, then: number): number {
    return now - then;
  }
}
