/**
 * Snippets offered beside the plain keyword when an item may start: the shape of a whole
 * item with tab stops, so a new user writes a valid entry on the first try.
 */
export interface Snippet {
  readonly keyword: string;
  readonly label: string;
  readonly body: string;
  readonly detail: string;
}

export const ITEM_SNIPPETS: readonly Snippet[] = [
  {
    keyword: 'strategy',
    label: 'strategy "…" { … }',
    detail: 'a new strategy block',
    body: 'strategy "${1:My strategy}" {\n\tasset ${2|stocks,options,futures|}\n\tsymbols "${3:NSE_EQ|RELIANCE}"\n\ttimeframe ${4:15m}\n\n\t$0\n}',
  },
  { keyword: 'param', label: 'param … = … in …', detail: 'a tunable param with a sweep range', body: 'param ${1:length} = ${2:14} in ${3:5}..${4:30} step ${5:1}' },
  { keyword: 'let', label: 'let … = …', detail: 'a named series', body: 'let ${1:name} = ${0}' },
  {
    keyword: 'entry',
    label: 'entry long when … { … }',
    detail: 'an entry rule with a stop-loss',
    body: 'entry ${1|long,short|} when ${2:condition} {\n\tstop_loss ${3:2%}\n}',
  },
  { keyword: 'exit', label: 'exit when …', detail: 'an exit rule', body: 'exit when ${1:condition}' },
];

/** Timeframes offered where one is written (`timeframe …`, `… on …`), shortest first. */
export const COMMON_TIMEFRAMES: readonly string[] = ['1m', '3m', '5m', '10m', '15m', '30m', '1h', '2h', '4h', '1d', '1w'];
