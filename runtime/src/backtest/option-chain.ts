import type { Candle } from '../market/candle.js';
import type { InstrumentSpec } from '../strategy/instrument.js';

/**
 * Option contracts and their candles for an options backtest: the instrument master of the
 * underlying's chain (lot size, tick size, strikes, expiries) and each contract's bars.
 * The runner asks only for what the strategy touches — the contract an entry picks and
 * the contracts it holds — so a data-backed chain can load a day at a time and memory stays
 * flat. `SyntheticOptionChain` prices a chain from the underlying's bars; a chain over real
 * option candles implements the same interface.
 */
export interface OptionChain {
  /** names the chain and its assumptions, for `run_parameters` */
  readonly describe: string;
  /** the master entry of one of this chain's contracts (undefined for other keys) */
  spec(key: string): InstrumentSpec | undefined;
  /** contracts of `underlying` listed at `t` (not yet expired) */
  listed(underlying: string, t: number): readonly InstrumentSpec[];
  /** called before anything reads bars at `t` (a data-backed chain loads the day here) */
  prepare(t: number): Promise<void>;
  /** the underlying's bar at `bar.t`, handed over before contract bars of that time are read */
  onUnderlying(underlying: string, bar: Candle): void;
  /** the contract's bar opening at `t`, when it traded then */
  bar(key: string, t: number): Candle | undefined;
  /** the contract's latest bar read so far */
  lastBar(key: string): Candle | undefined;
}
