import type { Candle } from '../market/candle.js';
import { Indicator } from './indicator.js';

/** A running computation fed one number at a time that answers with its current value (NaN until it has one). */
export interface Pushable {
  push(x: number): number;
}

/**
 * A single-source indicator whose value is whatever its running core answers — the shape of
 * sma, ema, rma, highest and lowest, which differ only in the core they wrap.
 */
export abstract class Pushed extends Indicator {
  private readonly core: Pushable;
  protected constructor(name: string, lookback: number, core: Pushable) {
    super(name, lookback, 1);
    this.core = core;
  }
  protected step(_bar: Candle, x: number): void {
    this.out[0] = this.core.push(x);
  }
}
