import type { SettingName } from '../ast.js';

/** Documentation of a setting or order item, for hover, completion and the reference. */
export interface KeywordDoc {
  readonly keyword: string;
  /** How it is written, e.g. `session <start> - <end>`. */
  readonly form: string;
  /** What applies when it is left out ("required" when it must be written). */
  readonly default: string;
  readonly doc: string;
  readonly example: string;
}

const k = (keyword: string, form: string, def: string, doc: string, example: string): KeywordDoc => ({ keyword, form, default: def, doc, example });

/** Every strategy setting, in the order the reference lists them. */
export const SETTINGS: Readonly<Record<SettingName, KeywordDoc>> = {
  asset: k('asset', 'asset stocks | options | futures', 'required', 'What the strategy trades.', 'asset stocks'),
  symbols: k('symbols', 'symbols "<EXCHANGE_SEGMENT|SYMBOL>", …', 'required for stocks and futures', 'The instruments traded; each is evaluated on its own and may hold its own position (up to `max_positions` at once).', 'symbols "NSE_EQ|RELIANCE", "NSE_EQ|TCS"'),
  underlying: k('underlying', 'underlying "<EXCHANGE_SEGMENT|SYMBOL>"', 'required for options', 'The index or stock whose bars the conditions read and whose option chain the legs are chosen from.', 'underlying "NSE_INDEX|Nifty Bank"'),
  timeframe: k('timeframe', 'timeframe <1m|5m|15m|1h|1d|…>', '1m', 'The bar length the strategy is evaluated on; conditions are evaluated when each bar closes.', 'timeframe 15m'),
  session: k('session', 'session <HH:MM> - <HH:MM>', "the exchange's hours (NSE/BSE: 09:15 - 15:30)", 'The window in which entries may fire, in the exchange time zone. It must lie inside the exchange’s hours.', 'session 09:20 - 15:10'),
  timezone: k('timezone', 'timezone "<IANA zone>"', 'the exchange’s (Asia/Kolkata for NSE/BSE)', 'The time zone clock times are read in.', 'timezone "Asia/Kolkata"'),
  capital: k('capital', 'capital <amount>', '100_000', 'Starting equity for backtests and for `% of equity` sizing.', 'capital 500_000'),
  max_positions: k('max_positions', 'max_positions <n>', '1', 'How many positions may be open at once across all symbols.', 'max_positions 3'),
  commission: k('commission', 'commission <n> per_order | <p>% | india_equity_intraday | india_equity_delivery | india_futures | india_options', 'none', 'Trading costs charged on every fill: a flat amount per order, a percentage of turnover, or a preset of Indian charges (brokerage, STT, exchange fee, SEBI fee, stamp duty, GST).', 'commission india_equity_intraday'),
  slippage: k('slippage', 'slippage <n> ticks | <n> bps', 'none', 'How far from the reference price market orders fill, against the order.', 'slippage 2 ticks'),
  fill: k('fill', 'fill next_open | on_close', 'next_open', 'When market orders fill: at the next bar’s open (no look-ahead), or at the close of the signalling bar.', 'fill next_open'),
  max_daily_loss: k('max_daily_loss', 'max_daily_loss <amount> | <p>%', 'none', 'Stops opening new positions for the day once the day’s closed loss reaches this (an amount, or a percentage of capital), and closes open ones.', 'max_daily_loss 2%'),
  max_trades_per_day: k('max_trades_per_day', 'max_trades_per_day <n>', 'none', 'The most entries per day, across all symbols.', 'max_trades_per_day 4'),
};

/** The order items of an entry block (and of `default`). */
export const ORDER_ITEMS: Readonly<Record<string, KeywordDoc>> = {
  buy: k('buy', 'buy call|put atm[+n|-n] | otm <n> | itm <n> [expiry weekly|monthly]', 'required in options strategies', 'The option leg the entry opens (buying it); options strategies only.', 'buy call atm+1 expiry weekly'),
  sell: k('sell', 'sell call|put <strike> [expiry weekly|monthly]', 'required in options strategies', 'The option leg the entry opens by writing it; options strategies only.', 'sell put otm 2 expiry monthly'),
  qty: k('qty', 'qty <n> [lot|lots]', 'qty 1', 'A fixed quantity: units, or exchange lots.', 'qty 2 lots'),
  size: k('size', 'size <p>% of equity', 'qty 1', 'Spend this share of current equity on the position.', 'size 10% of equity'),
  risk: k('risk', 'risk <p>% of equity', 'qty 1', 'Size the position so that hitting the stop-loss loses this share of equity (quantity = risk amount / stop distance).', 'risk 1% of equity'),
  stop_loss: k('stop_loss', 'stop_loss <p>% | <n> points | <n> atr[(len)] | at <price>', 'required (here or as `default stop_loss`)', 'Where the position is closed at a loss. Mandatory for every entry.', 'stop_loss 2%'),
  take_profit: k('take_profit', 'take_profit <p>% | <n> points | <n> atr[(len)] | <n>R | at <price>', 'none', 'Where the position is closed at a profit; `2R` is twice the stop-loss distance.', 'take_profit 2R'),
  trailing_stop: k('trailing_stop', 'trailing_stop <p>% | <n> points | <n> atr[(len)]', 'none', 'A stop that follows the best price since entry at this distance.', 'trailing_stop 1.5%'),
};
