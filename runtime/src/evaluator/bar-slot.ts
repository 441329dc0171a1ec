import type { Candle } from '../market/candle.js';

/**
 * The bar a timeframe's field series and indicators read: one mutable object per
 * timeframe, overwritten when that timeframe's bar completes, so field closures capture it
 * once and read plain properties per bar. `minute` is the bar's open time in minutes after
 * local midnight (the `time` field).
 */
export interface BarSlot extends Candle {
  oi: number;
  minute: number;
}

/** A fresh slot with no bar in it yet (every field NaN, `t` before any bar). */
export function emptySlot(): BarSlot {
  return { t: -Infinity, o: NaN, h: NaN, l: NaN, c: NaN, v: NaN, oi: NaN, minute: NaN };
}
