import type { OptionLeg } from '@algo/compiler';
import type { InstrumentSpec } from './instrument.js';

/**
 * Picks the option contract an options entry trades. The core hands it the underlying's
 * price on the signal bar; the resolver applies the instrument master (strike step, the
 * listed strikes and expiries, lot and tick size) and reports the contract's latest price
 * (the order's reference for sizing), or a reason it cannot (no such strike listed, no
 * candle for it yet). A backtest implements it over option candles; the live engine over
 * the broker's instrument dump and ticks.
 */
export interface OptionContractResolver {
  resolve(underlying: string, leg: OptionLeg, underlyingPrice: number, time: number): { spec: InstrumentSpec; price: number } | { error: string };
}
