import type { BuiltinField } from './types.js';

/**
 * The fields of `.algo`: values of the current bar (of the strategy's timeframe, or of the
 * `on` timeframe inside `x on 1h`) and reads of the open position of the instrument being
 * evaluated. Fields have no warm-up.
 */
export const FIELDS: readonly BuiltinField[] = [
  { name: 'open', returns: 'number', group: 'bar', summary: 'opening price of the bar', doc: 'The first traded price of the bar.', example: 'let gap_up = open > high[1]', math: 'o of the candle' },
  { name: 'high', returns: 'number', group: 'bar', summary: 'highest price of the bar', doc: 'The highest traded price of the bar.', example: 'let upper = highest(high, 20)[1]', math: 'h of the candle' },
  { name: 'low', returns: 'number', group: 'bar', summary: 'lowest price of the bar', doc: 'The lowest traded price of the bar.', example: 'let lower = lowest(low, 20)[1]', math: 'l of the candle' },
  { name: 'close', returns: 'number', group: 'bar', summary: 'closing price of the bar', doc: 'The last traded price of the bar. Conditions are evaluated when the bar closes, so this is final.', example: 'entry long when close > sma(close, 50) { stop_loss 2% }', math: 'c of the candle' },
  { name: 'volume', returns: 'number', group: 'bar', summary: 'traded volume of the bar', doc: 'Units traded during the bar (0 for an index).', example: 'let busy = volume > 2 * sma(volume, 20)', math: 'v of the candle' },
  { name: 'oi', returns: 'number', group: 'bar', summary: 'open interest at the bar close', doc: 'Open interest of a futures or options contract at the close of the bar; 0 where the feed has none.', example: 'let building = oi > oi[1]', math: 'oi of the candle (0 when absent)' },
  { name: 'hl2', returns: 'number', group: 'bar', summary: 'median price (high + low)/2', doc: 'The midpoint of the bar’s range.', example: 'let mid = sma(hl2, 10)', math: '(high + low) / 2' },
  { name: 'hlc3', returns: 'number', group: 'bar', summary: 'typical price (high + low + close)/3', doc: 'The typical price, as VWAP, CCI and MFI use it.', example: 'let tp = ema(hlc3, 20)', math: '(high + low + close) / 3' },
  { name: 'ohlc4', returns: 'number', group: 'bar', summary: 'average price (open + high + low + close)/4', doc: 'The mean of the four prices of the bar.', example: 'let avg = sma(ohlc4, 5)', math: '(open + high + low + close) / 4' },
  { name: 'time', returns: 'time', group: 'bar', summary: 'clock time the bar opened (exchange time zone)', doc: 'The clock time at which the bar opened, in the exchange’s time zone; compare it with clock literals.', example: 'entry long when close > vwap() and time >= 09:45 and time < 14:30 { stop_loss 0.5% }', math: 'opening time of the candle, as minutes since midnight in the exchange time zone' },
  { name: 'position.qty', returns: 'number', group: 'position', summary: 'size of the open position (negative when short, 0 when flat)', doc: 'Quantity held in the instrument being evaluated: positive long, negative short, 0 when flat.', example: 'exit when position.qty > 0 and close < ema(close, 20)', math: 'signed quantity of the open position; 0 when flat' },
  { name: 'position.entry_price', returns: 'number', group: 'position', summary: 'average fill price of the open position (0 when flat)', doc: 'The average price at which the open position was filled.', example: 'exit long when close < position.entry_price - 2 * atr(14)', math: 'quantity-weighted average fill price; 0 when flat' },
  { name: 'position.bars', returns: 'number', group: 'position', summary: 'bars since the position was opened (0 when flat)', doc: 'How many bars of the strategy timeframe have closed since the entry filled.', example: 'exit when position.bars >= 10 and position.pnl_pct < 0%', math: 'count of closed bars since the entry fill; 0 when flat' },
  { name: 'position.pnl', returns: 'number', group: 'position', summary: 'open profit or loss in money (0 when flat)', doc: 'Unrealised profit (negative for a loss) of the open position at this bar’s close, before costs.', example: 'exit when position.pnl > 5000', math: '(close − entry_price) · qty; 0 when flat' },
  { name: 'position.pnl_pct', returns: 'percent', group: 'position', summary: 'open profit or loss as a fraction of the entry price (0 when flat)', doc: 'Unrealised return of the open position at this bar’s close, as a percentage: compare it with `2%`.', example: 'exit when position.pnl_pct >= 3%', math: '(close − entry_price)/entry_price · sign(qty); 0 when flat' },
];
