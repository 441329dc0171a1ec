/**
 * The types of `.algo` expressions. A type is a kind of value and how soon it is known:
 * a `const` is written out, a `param` is fixed before the first bar (and may be swept), a
 * `series` has a value per bar. Lengths, periods and history offsets must be `const` or
 * `param`; that, and `x[n]` with n ≥ 0, is what keeps look-ahead out of the language.
 */

export type ValueKind =
  /** a plain number: prices, counts, indicator values */
  | 'number'
  /** a fraction written as a percentage (`2%` is 0.02); usable wherever a number is */
  | 'percent'
  /** true/false: conditions */
  | 'bool'
  /** a clock time (`09:30`, the `time` field) */
  | 'time'
  | 'string'
  | 'timeframe'
  /** the type of something already reported; it silences follow-on errors */
  | 'error';

export type Variability = 'const' | 'param' | 'series';

export interface ExprType {
  readonly kind: ValueKind;
  readonly variability: Variability;
  /** Named outputs when the value has several (`macd(…)`: line, signal, hist). */
  readonly outputs?: readonly string[];
}

export const ERROR_TYPE: ExprType = { kind: 'error', variability: 'const' };

const KINDS: readonly ValueKind[] = ['number', 'percent', 'bool', 'time', 'string', 'timeframe', 'error'];
const VARIABILITIES: readonly Variability[] = ['const', 'param', 'series'];
const SIMPLE = Object.fromEntries(KINDS.map((k) => [k, Object.fromEntries(VARIABILITIES.map((v) => [v, { kind: k, variability: v }]))])) as Record<
  ValueKind,
  Record<Variability, ExprType>
>;

/**
 * The type of a kind and variability (with no named outputs), one shared object per
 * pair: the checker records a type for every expression, and a large file has hundreds of
 * thousands. Types are immutable values; never change one.
 */
export function simpleType(kind: ValueKind, variability: Variability): ExprType {
  return SIMPLE[kind][variability];
}

/** The later of two variabilities (const < param < series). */
export function joinVariability(a: Variability, b: Variability): Variability {
  if (a === 'series' || b === 'series') return 'series';
  if (a === 'param' || b === 'param') return 'param';
  return 'const';
}

/** Whether a value of this kind can be used as a number (numbers and percentages). */
export function isNumeric(t: ExprType): boolean {
  return t.kind === 'number' || t.kind === 'percent';
}

/** Whether the value is fixed before the first bar. */
export function isConstant(t: ExprType): boolean {
  return t.variability !== 'series';
}

/** How a type reads in a message: "a number series", "a constant percentage", "a condition". */
export function describeType(t: ExprType): string {
  const series = t.variability === 'series';
  switch (t.kind) {
    case 'number':
      return series ? 'a number series' : t.variability === 'param' ? 'a param number' : 'a constant number';
    case 'percent':
      return series ? 'a percentage series' : 'a percentage';
    case 'bool':
      return series ? 'a condition' : 'a constant true/false';
    case 'time':
      return series ? 'a time series' : 'a clock time';
    case 'string':
      return 'a string';
    case 'timeframe':
      return 'a timeframe';
    case 'error':
      return 'an invalid value';
  }
}
