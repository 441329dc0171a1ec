import type { Sizing } from '@algo/compiler';

/**
 * Order quantities. Every mode rounds down to whole lots of the instrument (1 for cash
 * equities), so `size 10% of equity` never spends more than 10%, and a result of 0 means the
 * entry is refused (`size_zero`) rather than rounded up.
 *
 * - `qty n`: n units (for futures/options: n units, rounded down to whole lots);
 * - `lots n`: n × lot size;
 * - `equity_pct f`: f × equity ÷ price;
 * - `risk_pct f`: f × equity ÷ the stop distance per unit (loss at the stop ≈ f × equity).
 */
export interface SizingInputs {
  /** equity at the signal bar's close (cash + open profit) */
  readonly equity: number;
  /** the price the order is expected to fill near: the signal bar's close (the option's, for options) */
  readonly price: number;
  /** |price − stop| per unit, for `risk_pct` */
  readonly stopDistance: number;
  readonly lotSize: number;
}

// Guards against 0.07 × 100000 / 70 = 99.99999999999999 flooring to 99.
const EPS = 1e-9;

/** Units to trade (a multiple of the lot size, ≥ 0). */
export function orderQuantity(s: Sizing, x: SizingInputs): number {
  let units: number;
  switch (s.kind) {
    case 'qty':
      units = s.value;
      break;
    case 'lots':
      units = Math.floor(s.value + EPS) * x.lotSize;
      break;
    case 'equity_pct':
      units = x.price > 0 ? (s.value * x.equity) / x.price : 0;
      break;
    case 'risk_pct':
      units = x.stopDistance > 0 ? (s.value * x.equity) / x.stopDistance : 0;
      break;
  }
  if (!(units > 0) || !Number.isFinite(units)) return 0;
  return Math.floor(units / x.lotSize + EPS) * x.lotSize;
}
