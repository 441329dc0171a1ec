import { INDICATORS, type BuiltinFunction } from '@algo/language';
import { Adx, Dmi } from './directional.js';
import { Indicator, IndicatorError } from './indicator.js';
import { Change, Mom, Roc } from './momentum.js';
import { Dema, Ema, Rma, Sma, Tema, Wma } from './moving-averages.js';
import { Cci, Macd, Mfi, Rsi, Stoch, Willr } from './oscillators.js';
import { Sar, Supertrend } from './stop-lines.js';
import { Atr, Bollinger, Donchian, Stdev, Tr } from './volatility.js';
import { Obv, Vwap, type VwapOptions } from './volume.js';
import { Crossover, Crossunder, Falling, Highest, Lowest, Rising } from './windows.js';

/** Options some indicators take besides their arguments (today: the session that anchors `vwap`). */
export type IndicatorOptions = VwapOptions;

/**
 * Arguments as the catalogue lists them, constants resolved: the value of each `length` or
 * `number` parameter in order, `undefined` in the place of each `source` — or the constants by
 * parameter name (`{ fast: 12, slow: 26 }`, as `indicators_config` jobs carry them).
 */
export type IndicatorArgs = readonly (number | undefined)[] | Readonly<Record<string, number>>;

type Maker = (a: readonly number[], options: IndicatorOptions) => Indicator;

// One implementation per `category: 'indicator'` catalogue entry, keyed by its name. `a[i]`
// is the i-th argument in catalogue order (sources read as NaN and are never used here).
const MAKERS: Readonly<Record<string, Maker>> = {
  sma: (a) => new Sma(a[1]!),
  ema: (a) => new Ema(a[1]!),
  wma: (a) => new Wma(a[1]!),
  rma: (a) => new Rma(a[1]!),
  dema: (a) => new Dema(a[1]!),
  tema: (a) => new Tema(a[1]!),
  rsi: (a) => new Rsi(a[1]!),
  macd: (a) => new Macd(a[1]!, a[2]!, a[3]!),
  stoch: (a) => new Stoch(a[0]!, a[1]!, a[2]!),
  cci: (a) => new Cci(a[0]!),
  mfi: (a) => new Mfi(a[0]!),
  willr: (a) => new Willr(a[0]!),
  roc: (a) => new Roc(a[1]!),
  mom: (a) => new Mom(a[1]!),
  change: (a) => new Change(a[1]!),
  tr: () => new Tr(),
  atr: (a) => new Atr(a[0]!),
  stdev: (a) => new Stdev(a[1]!),
  bollinger: (a) => new Bollinger(a[1]!, a[2]!),
  donchian: (a) => new Donchian(a[0]!),
  supertrend: (a) => new Supertrend(a[0]!, a[1]!),
  adx: (a) => new Adx(a[0]!),
  dmi: (a) => new Dmi(a[0]!),
  sar: (a) => new Sar(a[0]!, a[1]!),
  vwap: (_a, options) => new Vwap(options),
  obv: () => new Obv(),
  highest: (a) => new Highest(a[1]!),
  lowest: (a) => new Lowest(a[1]!),
  rising: (a) => new Rising(a[1]!),
  falling: (a) => new Falling(a[1]!),
  crossover: () => new Crossover(),
  crossunder: () => new Crossunder(),
};

const ENTRIES = new Map<string, BuiltinFunction>(INDICATORS.filter((e) => e.category === 'indicator').map((e) => [e.name, e]));

/** The catalogue entry of a stateful built-in, or undefined. */
export function indicatorEntry(name: string): BuiltinFunction | undefined {
  return ENTRIES.get(name);
}

/** Names of every indicator this runtime implements (equals the catalogue's indicator names; a test holds that). */
export function implementedIndicators(): string[] {
  return Object.keys(MAKERS);
}

/**
 * Fills in defaults and checks the constant arguments of a call against the catalogue:
 * returns the full argument list in catalogue order (`undefined` for sources), exactly what
 * the entry's `lookback` takes. Throws `BAD_ARGUMENT` for a missing, non-finite, fractional
 * length or below-minimum value — the checker rejects those before any bar is read.
 */
export function resolveIndicatorArgs(name: string, args: IndicatorArgs = []): (number | undefined)[] {
  const entry = ENTRIES.get(name);
  if (!entry) throw new IndicatorError('UNKNOWN_INDICATOR', `no indicator named ${JSON.stringify(name)}`);
  const named = !Array.isArray(args);
  if (named) {
    for (const key of Object.keys(args)) {
      if (!entry.params.some((p) => p.name === key && p.kind !== 'source')) throw new IndicatorError('BAD_ARGUMENT', `${name}() has no constant parameter named ${JSON.stringify(key)}`);
    }
  }
  return entry.params.map((p, i) => {
    if (p.kind === 'source') return undefined;
    const given = named ? (args as Readonly<Record<string, number>>)[p.name] : (args as readonly (number | undefined)[])[i];
    const v = given ?? (typeof p.default === 'number' ? p.default : undefined);
    const where = `${name}(): argument ${i + 1} (${p.name})`;
    if (v === undefined) throw new IndicatorError('BAD_ARGUMENT', `${where} is required`);
    if (!Number.isFinite(v)) throw new IndicatorError('BAD_ARGUMENT', `${where} must be a number, got ${v}`);
    if (p.kind === 'length' && !Number.isInteger(v)) throw new IndicatorError('BAD_ARGUMENT', `${where} must be a whole number, got ${v}`);
    if (p.min !== undefined && v < p.min) throw new IndicatorError('BAD_ARGUMENT', `${where} must be at least ${p.min}, got ${v}`);
    return v;
  });
}

/**
 * Creates the indicator a catalogue call names: `createIndicator('macd', [undefined, 12, 26, 9])`,
 * `createIndicator('macd', { fast: 12, slow: 26, signal: 9 })`, or `[]` for all defaults. Its `lookback` equals the catalogue's `lookback(args)` for the
 * same arguments. Feed it with `update(bar, source…)`; read `value`, `out` or the named
 * outputs (`.line`, `.signal`, …).
 */
export function createIndicator(name: string, args: IndicatorArgs = [], options: IndicatorOptions = {}): Indicator {
  const resolved = resolveIndicatorArgs(name, args);
  const make = MAKERS[name];
  if (!make) throw new IndicatorError('UNKNOWN_INDICATOR', `the catalogue lists ${name}() but the runtime has no implementation`);
  return make(
    resolved.map((v) => v ?? NaN),
    options,
  );
}
