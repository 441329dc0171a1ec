/**
 * Hover and completion text for the reserved words that are not settings or order items
 * (those are documented in the language catalogue, `SETTINGS` and `ORDER_ITEMS`). Kept to
 * one line of meaning and the form it is written in.
 */
export interface WordHelp {
  readonly form: string;
  readonly doc: string;
}

export const KEYWORD_HELP: Readonly<Record<string, WordHelp>> = {
  strategy: { form: 'strategy "<name>" { … }', doc: 'The strategy block: settings, params, lets, entries and exits. One per file.' },
  param: { form: 'param <name> = <value> [in <from>..<to>] [step <n>]', doc: 'A tunable number fixed before the first bar; the range and step drive sweeps, and `--param name=value` overrides it.' },
  let: { form: 'let <name> = <expression>', doc: 'A named series, computed on every bar. Lets may read other lets, in any order, but never themselves.' },
  entry: { form: 'entry long|short ["label"] when <condition> | at <HH:MM> [when <condition>] { … }', doc: 'Opens a position when the condition holds at a bar close (or at a clock time). The block holds sizing, stops and, for options, the leg.' },
  exit: { form: 'exit [long|short|all] ["label"] when <condition> | at <HH:MM> | after <n> bars', doc: 'Closes open positions: all of them, one side, or those opened by the labelled entry.' },
  default: { form: 'default stop_loss|take_profit|trailing_stop|qty|size|risk …', doc: 'An order item that applies to every entry that does not write its own.' },
  when: { form: 'when <condition>', doc: 'The condition, evaluated when each bar closes.' },
  at: { form: 'at <HH:MM> | stop_loss at <price>', doc: 'A clock time in the exchange time zone, or an absolute price for a stop or target (read once, when the entry fills).' },
  after: { form: 'exit after <n> bars', doc: 'Closes a position once it has been held for this many bars.' },
  in: { form: 'param <name> = <value> in <from>..<to>', doc: 'The sweep range of a param (both ends included).' },
  step: { form: 'param <name> = <value> in <from>..<to> step <n>', doc: 'The increment of a param sweep.' },
  long: { form: 'entry long …', doc: 'Buy to open; profits when the price rises.' },
  short: { form: 'entry short …', doc: 'Sell to open; profits when the price falls.' },
  all: { form: 'exit all …', doc: 'Closes every open position, long and short.' },
  and: { form: '<condition> and <condition>', doc: 'True when both conditions are true.' },
  or: { form: '<condition> or <condition>', doc: 'True when either condition is true.' },
  not: { form: 'not <condition>', doc: 'True when the condition is false.' },
  crosses: { form: '<a> crosses above <b> | <a> crosses below <b>', doc: '`a crosses above b`: a was at or below b on the previous bar and is above it now (below: the mirror image).' },
  above: { form: '<a> crosses above <b>', doc: 'a was at or below b on the previous bar and is above it now.' },
  below: { form: '<a> crosses below <b>', doc: 'a was at or above b on the previous bar and is below it now.' },
  between: { form: '<x> between <low> and <high>', doc: 'True when low ≤ x ≤ high (both ends included).' },
  on: { form: '<expression> on <timeframe>', doc: 'Computes the expression on a higher timeframe and reads the value of the last completed bar of it (never the bar still forming).' },
  of: { form: 'size|risk <p>% of equity', doc: 'What a percentage sizing is a share of.' },
  expiry: { form: 'expiry weekly|monthly', doc: 'Which expiry the option leg trades (default weekly).' },
  call: { form: 'buy|sell call <strike>', doc: 'A call option.' },
  put: { form: 'buy|sell put <strike>', doc: 'A put option.' },
  true: { form: 'true', doc: 'A condition that always holds.' },
  false: { form: 'false', doc: 'A condition that never holds.' },
};
