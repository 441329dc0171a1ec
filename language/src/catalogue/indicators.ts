import { INDICATOR_DOCS } from './indicator-docs.js';
import type { BuiltinFunction, BuiltinParam } from './types.js';

// The indicator entries of the catalogue. Names, parameters, outputs and lookbacks here
// are the contract the runtime's implementations follow (runtime `indicators/` has one
// implementation per stateful entry, checked against TA-Lib). `doc`, `example` and `math`
// come from `./indicator-docs.ts`.

const src = (name = 'source', def: string = 'close'): BuiltinParam => ({
  name,
  kind: 'source',
  default: def,
  doc: 'the series to read',
});
const len = (name = 'length', def?: number): BuiltinParam => ({
  name,
  kind: 'length',
  min: 1,
  ...(def === undefined ? {} : { default: def }),
  doc: 'number of bars',
});
const NUMBER_DOCS: Readonly<Record<string, string>> = {
  mult: 'multiplier of the deviation or ATR',
  step: 'acceleration factor: its start and its increment',
  max: 'largest acceleration factor',
};
const num = (name: string, def: number, min = 0): BuiltinParam => ({ name, kind: 'number', default: def, min, doc: NUMBER_DOCS[name] ?? '' });

type Entry = Omit<BuiltinFunction, 'doc' | 'example' | 'math' | 'barInputs' | 'outputs' | 'returns' | 'category'> &
  Partial<Pick<BuiltinFunction, 'doc' | 'example' | 'math' | 'barInputs' | 'outputs' | 'returns' | 'category' | 'defaultOutput'>>;

const n = (a: number | undefined): number => a ?? 0;

function entry(e: Entry): BuiltinFunction {
  return {
    category: 'indicator',
    returns: 'number',
    outputs: [],
    barInputs: [],
    doc: '',
    example: '',
    math: '',
    ...INDICATOR_DOCS[e.name],
    ...e,
  };
}

export const INDICATORS: readonly BuiltinFunction[] = [
  // Moving averages
  entry({ name: 'sma', params: [src(), len()], lookback: (a) => n(a[1]) - 1, summary: 'simple moving average' }),
  entry({ name: 'ema', params: [src(), len()], lookback: (a) => n(a[1]) - 1, summary: 'exponential moving average, seeded with the SMA' }),
  entry({ name: 'wma', params: [src(), len()], lookback: (a) => n(a[1]) - 1, summary: 'linearly weighted moving average' }),
  entry({ name: 'rma', params: [src(), len()], lookback: (a) => n(a[1]) - 1, summary: "Wilder's moving average (alpha = 1/length), seeded with the SMA" }),
  entry({ name: 'dema', params: [src(), len()], lookback: (a) => 2 * (n(a[1]) - 1), summary: 'double exponential moving average' }),
  entry({ name: 'tema', params: [src(), len()], lookback: (a) => 3 * (n(a[1]) - 1), summary: 'triple exponential moving average' }),
  // Oscillators and momentum
  entry({ name: 'rsi', params: [src(), len('length', 14)], lookback: (a) => n(a[1]), summary: "relative strength index (Wilder's smoothing)" }),
  entry({
    name: 'macd',
    params: [src(), len('fast', 12), len('slow', 26), len('signal', 9)],
    outputs: ['line', 'signal', 'hist'],
    defaultOutput: 'line',
    lookback: (a) => n(a[2]) - 1 + n(a[3]) - 1,
    summary: 'moving average convergence/divergence: .line .signal .hist',
  }),
  entry({
    name: 'stoch',
    params: [len('k', 14), len('k_smooth', 3), len('d', 3)],
    outputs: ['k', 'd'],
    defaultOutput: 'k',
    barInputs: ['high', 'low', 'close'],
    lookback: (a) => n(a[0]) - 1 + n(a[1]) - 1 + n(a[2]) - 1,
    summary: 'stochastic oscillator (slow %K and %D, SMA smoothing): .k .d',
  }),
  entry({ name: 'cci', params: [len('length', 20)], barInputs: ['high', 'low', 'close'], lookback: (a) => n(a[0]) - 1, summary: 'commodity channel index' }),
  entry({ name: 'mfi', params: [len('length', 14)], barInputs: ['high', 'low', 'close', 'volume'], lookback: (a) => n(a[0]), summary: 'money flow index' }),
  entry({ name: 'willr', params: [len('length', 14)], barInputs: ['high', 'low', 'close'], lookback: (a) => n(a[0]) - 1, summary: 'Williams %R' }),
  entry({ name: 'roc', params: [src(), len('length', 10)], lookback: (a) => n(a[1]), summary: 'rate of change, in percent' }),
  entry({ name: 'mom', params: [src(), len('length', 10)], lookback: (a) => n(a[1]), summary: 'momentum: source minus source length bars ago' }),
  entry({ name: 'change', params: [src(), len('length', 1)], lookback: (a) => n(a[1] ?? 1), summary: 'difference from length bars ago' }),
  // Volatility and bands
  entry({ name: 'tr', params: [], barInputs: ['high', 'low', 'close'], lookback: () => 1, summary: 'true range' }),
  entry({ name: 'atr', params: [len('length', 14)], barInputs: ['high', 'low', 'close'], lookback: (a) => n(a[0]), summary: "average true range (Wilder's smoothing)" }),
  entry({ name: 'stdev', params: [src(), len()], lookback: (a) => n(a[1]) - 1, summary: 'population standard deviation' }),
  entry({
    name: 'bollinger',
    params: [src(), len('length', 20), num('mult', 2)],
    outputs: ['upper', 'middle', 'lower'],
    defaultOutput: 'middle',
    lookback: (a) => n(a[1]) - 1,
    summary: 'Bollinger Bands (SMA ± mult × population stdev): .upper .middle .lower',
  }),
  entry({
    name: 'donchian',
    params: [len('length', 20)],
    outputs: ['upper', 'middle', 'lower'],
    defaultOutput: 'middle',
    barInputs: ['high', 'low'],
    lookback: (a) => n(a[0]) - 1,
    summary: 'Donchian channel (highest high, lowest low, their midpoint): .upper .middle .lower',
  }),
  entry({
    name: 'supertrend',
    params: [len('length', 10), num('mult', 3)],
    outputs: ['line', 'direction'],
    defaultOutput: 'line',
    barInputs: ['high', 'low', 'close'],
    lookback: (a) => n(a[0]),
    summary: 'Supertrend: .line (the stop line) and .direction (1 up, -1 down)',
  }),
  // Trend strength
  entry({ name: 'adx', params: [len('length', 14)], barInputs: ['high', 'low', 'close'], lookback: (a) => 2 * n(a[0]) - 1, summary: 'average directional index' }),
  entry({
    name: 'dmi',
    params: [len('length', 14)],
    outputs: ['plus', 'minus', 'adx'],
    defaultOutput: 'adx',
    barInputs: ['high', 'low', 'close'],
    lookback: (a) => 2 * n(a[0]) - 1,
    summary: 'directional movement: .plus (+DI) .minus (−DI) .adx',
  }),
  entry({ name: 'sar', params: [num('step', 0.02), num('max', 0.2)], barInputs: ['high', 'low'], lookback: () => 1, summary: 'parabolic SAR' }),
  // Volume
  entry({ name: 'vwap', params: [], barInputs: ['high', 'low', 'close', 'volume', 'time'], lookback: () => 0, summary: 'volume-weighted average price, anchored to the session start' }),
  entry({ name: 'obv', params: [], barInputs: ['close', 'volume'], lookback: () => 0, summary: 'on-balance volume' }),
  // Windows
  entry({ name: 'highest', params: [src('source', 'high'), len()], lookback: (a) => n(a[1]) - 1, summary: 'highest value over the last length bars (this bar included)' }),
  entry({ name: 'lowest', params: [src('source', 'low'), len()], lookback: (a) => n(a[1]) - 1, summary: 'lowest value over the last length bars (this bar included)' }),
  entry({ name: 'rising', params: [src(), len('length', 1)], returns: 'bool', lookback: (a) => n(a[1] ?? 1), summary: 'true when the source rose on each of the last length bars' }),
  entry({ name: 'falling', params: [src(), len('length', 1)], returns: 'bool', lookback: (a) => n(a[1] ?? 1), summary: 'true when the source fell on each of the last length bars' }),
  entry({ name: 'crossover', params: [src('a'), src('b')], returns: 'bool', lookback: () => 1, summary: 'true on the bar a crosses above b (same as `a crosses above b`)' }),
  entry({ name: 'crossunder', params: [src('a'), src('b')], returns: 'bool', lookback: () => 1, summary: 'true on the bar a crosses below b (same as `a crosses below b`)' }),
];
