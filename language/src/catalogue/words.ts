/**
 * The words `.algo` accepts in fixed places — setting values, units, strikes, expiries —
 * with one line of documentation each. They are identifiers to the lexer (so `points` or
 * `weekly` stay usable as names elsewhere); the parser uses the unit lists to decide
 * whether a word after a number is its unit, the checker validates against these lists
 * (with did-you-mean), and the editor completes from them.
 */

export interface Word {
  readonly word: string;
  readonly doc: string;
}

const w = (word: string, doc: string): Word => ({ word, doc });

/** `asset …` */
export const ASSET_WORDS: readonly Word[] = [
  w('stocks', 'cash equities: trades the instruments listed in `symbols`'),
  w('options', 'index or stock options on `underlying`, with the strike chosen per entry'),
  w('futures', 'futures contracts listed in `symbols`'),
];

/** `fill …` */
export const FILL_WORDS: readonly Word[] = [
  w('next_open', 'market orders fill at the next bar’s open (the default)'),
  w('on_close', 'market orders fill at the close of the bar that signalled'),
];

/** `commission <preset>` */
export const COMMISSION_PRESETS: readonly Word[] = [
  w('india_equity_intraday', 'Indian equity intraday charges: brokerage, STT (sell side), exchange fee, SEBI fee, stamp duty, GST'),
  w('india_equity_delivery', 'Indian equity delivery charges: STT on both sides, exchange fee, SEBI fee, stamp duty, GST'),
  w('india_futures', 'Indian futures charges: brokerage, STT (sell side), exchange fee, SEBI fee, stamp duty, GST'),
  w('india_options', 'Indian options charges: brokerage per order, STT on premium (sell side), exchange fee, SEBI fee, stamp duty, GST'),
];

/** `commission <n> <unit>` */
export const COMMISSION_UNITS: readonly Word[] = [w('per_order', 'a flat amount for every order')];

/** `slippage <n> <unit>` */
export const SLIPPAGE_UNITS: readonly Word[] = [
  w('ticks', 'instrument ticks against the order (tick size from the instrument)'),
  w('bps', 'basis points of the price (1 bps = 0.01%) against the order'),
];

/** `qty <n> <unit>` */
export const QTY_UNITS: readonly Word[] = [
  w('lot', 'one exchange lot (lot size from the instrument)'),
  w('lots', 'exchange lots (lot size from the instrument)'),
];

/** `stop_loss | take_profit | trailing_stop <n> <unit>` */
export const STOP_UNITS: readonly Word[] = [
  w('points', 'price points away from the entry price'),
  w('atr', 'multiples of ATR(14) at entry; `2 atr(10)` uses ATR(10)'),
  w('R', 'multiples of the stop-loss distance (take_profit only)'),
];

/** `exit after <n> <unit>` */
export const BAR_UNITS: readonly Word[] = [
  w('bars', 'bars of the strategy timeframe since the entry filled'),
  w('bar', 'bars of the strategy timeframe since the entry filled'),
];

/** `size|risk <p> of <basis>` */
export const BASIS_WORDS: readonly Word[] = [w('equity', 'current equity: capital plus closed and open profit')];

/** Strike selection: `atm`, `atm+1`, `otm 2`, `itm 1`. */
export const STRIKE_WORDS: readonly Word[] = [
  w('atm', 'the strike nearest the underlying’s price; `atm+n`/`atm-n` are n strikes above/below it'),
  w('otm', 'n strikes out of the money (above atm for calls, below for puts)'),
  w('itm', 'n strikes in the money (below atm for calls, above for puts)'),
];

/** `expiry …` */
export const EXPIRY_WORDS: readonly Word[] = [
  w('weekly', 'the nearest weekly expiry'),
  w('monthly', 'the nearest monthly expiry'),
];

/** Every unit word the parser may take after a number (a typo of one is taken too, and reported). */
export const ALL_UNIT_WORDS: readonly string[] = [
  ...COMMISSION_UNITS,
  ...SLIPPAGE_UNITS,
  ...QTY_UNITS,
  ...STOP_UNITS,
  ...BAR_UNITS,
].map((x) => x.word);

/** The words of a list, for lookups and did-you-mean. */
export function wordsOf(list: readonly Word[]): string[] {
  return list.map((x) => x.word);
}
