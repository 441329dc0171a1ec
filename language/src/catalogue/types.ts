/**
 * Shapes of the built-in catalogue: the single source of truth for every indicator,
 * function and field of `.algo`. The checker reads it for names, arity and types; the
 * compiler for warm-up; the runtime maps each name to its implementation; the editor
 * shows `doc`, `example` and `math` on hover and completion.
 */

/** What an argument must be. */
export type ParamKind =
  /** a numeric series, e.g. `close`, `hl2`, `ema(close, 9)` */
  | 'source'
  /** a whole number ≥ 1 known before the first bar (a literal or a `param`) */
  | 'length'
  /** a number known before the first bar (a literal or a `param`), e.g. a multiplier */
  | 'number';

export interface BuiltinParam {
  readonly name: string;
  readonly kind: ParamKind;
  /** Default when the argument is left out; a field name for sources (`'close'`). */
  readonly default?: number | string;
  /** Smallest allowed value (inclusive) for `length`/`number`. */
  readonly min?: number;
  readonly doc: string;
}

/** Implicit per-bar inputs an indicator reads besides its `source` arguments. */
export type BarInput = 'open' | 'high' | 'low' | 'close' | 'volume' | 'time';

export interface BuiltinFunction {
  readonly name: string;
  /** `indicator`: stateful, O(1) per bar. `function`: pure math on the current values. */
  readonly category: 'indicator' | 'function';
  readonly params: readonly BuiltinParam[];
  /** Result type of the call (or of each output field). */
  readonly returns: 'number' | 'bool';
  /**
   * Named outputs read with a dot (`macd(close).signal`). Empty for single-valued
   * built-ins. `defaultOutput` is what the bare call means when outputs exist.
   */
  readonly outputs: readonly string[];
  readonly defaultOutput?: string;
  readonly barInputs: readonly BarInput[];
  /**
   * Bars consumed before the first value, given the constant arguments in order
   * (`undefined` for sources) — TA-Lib's "lookback". The value is ready on the bar with
   * index `lookback` (0-based) when the sources are ready from bar 0.
   */
  readonly lookback: (args: readonly (number | undefined)[]) => number;
  /** One line for completion lists. */
  readonly summary: string;
  /** One paragraph for hover. */
  readonly doc: string;
  /** A line of `.algo` using it. */
  readonly example: string;
  /** The exact math, as docs/LANGUAGE.md states it. */
  readonly math: string;
}

/**
 * A value read without a call: a bar field (`close`, `hl2`, `time`) or a read of the open
 * position (`position.qty`). `returns` is `number` for prices and counts, `percent` for a
 * fraction written like a percentage (`position.pnl_pct > 2%`), `time` for the bar's
 * clock time (compared with `09:30`-style literals).
 */
export interface BuiltinField {
  /** As written in `.algo`: `close`, or `position.qty` for position reads. */
  readonly name: string;
  readonly returns: 'number' | 'percent' | 'time';
  /** `bar`: a field of the current candle; `position`: state of the open position. */
  readonly group: 'bar' | 'position';
  readonly summary: string;
  readonly doc: string;
  /** A line of `.algo` using it. */
  readonly example: string;
  readonly math: string;
}
