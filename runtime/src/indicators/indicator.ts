import type { Candle } from '../market/candle.js';

/** Stable codes for misuse of an indicator (bugs in the caller, never bad market data). */
export type IndicatorErrorCode = 'UNKNOWN_INDICATOR' | 'BAD_ARGUMENT' | 'TIME_NOT_FORWARD';

/**
 * Thrown when an indicator is created or fed in a way the compiler and the drivers should
 * have ruled out: an unknown name, an argument outside its range, or a bar that does not
 * move time forward. Carries a stable `code` so callers can tell these apart.
 */
export class IndicatorError extends Error {
  constructor(
    readonly code: IndicatorErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IndicatorError';
  }
}

/** How many per-bar numbers an indicator reads besides the candle: 0 (bar inputs), 1 or 2 sources. */
export type SourceCount = 0 | 1 | 2;

/**
 * The one shape every indicator has (after QuantConnect LEAN's `IndicatorBase`): the public
 * {@link Indicator.update} owns the invariants — time only moves forward, non-numbers are
 * not consumed, values stay NaN until warm-up is complete, samples are counted — and each
 * concrete indicator only computes its next value in {@link Indicator.step} and states its
 * `lookback`.
 *
 * Contract:
 * - `update(bar, a?, b?)` is called once per bar, in time order (`bar.t` strictly greater
 *   than the previous call's, else `TIME_NOT_FORWARD`). Source indicators read `a` (and
 *   `b` for two-source ones such as `crossover`); bar-input indicators read the candle.
 * - A source value that is NaN or ±Infinity is not consumed: the state is untouched, every
 *   output is NaN for that bar, and the next number continues the window as if that bar
 *   had not been seen. So `sma(rsi(close, 14), 5)` starts when the RSI starts, exactly like
 *   TA-Lib applied to TA-Lib's output.
 * - `lookback` is TA-Lib's: the number of consumed samples before the first value, equal to
 *   the catalogue's `lookback(args)`. `warmUp = lookback + 1` samples make it ready.
 * - Outputs are plain numbers in `out`, in the catalogue's output order (one slot for a
 *   single-valued indicator). Boolean indicators give 1 or 0. Everything is NaN until ready.
 *   `out` is the same array for the indicator's whole life, so an evaluator can hold it (and
 *   an index from `outputIndex`) and read outputs as plain typed-array loads.
 *
 * Each update is O(1) (amortised) except `cci`, whose mean deviation needs one pass over
 * its window (as in TA-Lib): O(length).
 */
export abstract class Indicator {
  /** The catalogue name, e.g. `'macd'`. */
  readonly name: string;
  /** Consumed samples before the first value (TA-Lib's lookback; the catalogue's). */
  readonly lookback: number;
  /** Named outputs in catalogue order; empty for a single-valued indicator. */
  readonly outputs: readonly string[];
  /** Numbers read per bar besides the candle. */
  readonly sourceCount: SourceCount;
  /** The outputs of the last bar, catalogue order; NaN when there is no value. */
  readonly out: Float64Array;
  /** Index in `out` of the output the bare call means (`macd(close)` → `.line`). */
  readonly main: number;
  private readonly books: Books;

  protected constructor(name: string, lookback: number, sourceCount: SourceCount, outputs: readonly string[] = [], defaultOutput?: string) {
    this.name = name;
    this.lookback = lookback;
    this.sourceCount = sourceCount;
    this.outputs = outputs;
    this.out = new Float64Array(Math.max(1, outputs.length)).fill(NaN);
    this.main = defaultOutput === undefined ? 0 : Math.max(0, outputs.indexOf(defaultOutput));
    this.books = new Books(lookback, sourceCount, this.out, this.main);
  }

  /**
   * Feeds one bar (and its source values) and returns the main output for it. See the class
   * comment for the rules on time, NaN and warm-up.
   */
  update(bar: Candle, a = NaN, b = NaN): number {
    // Everything read here lives on `books` (one class for every indicator), so this method
    // stays monomorphic however many indicator classes share it; only `step` dispatches.
    const s = this.books;
    const t = bar.t;
    if (!(t > s.lastTime)) {
      throw new IndicatorError('TIME_NOT_FORWARD', `${this.name}: bar at ${describeTime(t)} does not come after the previous bar at ${describeTime(s.lastTime)}`);
    }
    s.lastTime = t;
    const out = s.out;
    // `x - x !== 0` is true exactly for NaN and ±Infinity.
    if (s.sources !== 0 && (a - a !== 0 || (s.sources === 2 && b - b !== 0))) {
      out.fill(NaN);
      return NaN;
    }
    this.step(bar, a, b, s.consumed);
    if (++s.consumed <= s.lookback) out.fill(NaN);
    return out[s.main]!;
  }

  /** The main output of the last bar (NaN before warm-up or on a skipped bar). */
  get value(): number {
    return this.out[this.main]!;
  }

  /** True once `lookback + 1` samples have been consumed. */
  get isReady(): boolean {
    return this.books.consumed > this.lookback;
  }

  /** Samples needed before the first value: `lookback + 1` (LEAN's `WarmUpPeriod`). */
  get warmUp(): number {
    return this.lookback + 1;
  }

  /** How many samples (bars with numeric sources) have been consumed. */
  get samples(): number {
    return this.books.consumed;
  }

  /** Index of a named output in `out`, or -1. An empty name means the main output. */
  outputIndex(name: string): number {
    if (name === '') return this.main;
    return this.outputs.indexOf(name);
  }

  /**
   * Computes the state and outputs for one consumed sample. `index` is the 0-based count of
   * samples consumed before this one. Write every output into `out`; the base blanks them
   * while `index < lookback`.
   */
  protected abstract step(bar: Candle, a: number, b: number, index: number): void;
}

/** The base's bookkeeping: one hidden class shared by every indicator (see `update`). */
class Books {
  lastTime = -Infinity;
  consumed = 0;
  constructor(
    readonly lookback: number,
    readonly sources: SourceCount,
    readonly out: Float64Array,
    readonly main: number,
  ) {}
}

function describeTime(t: number): string {
  return Number.isFinite(t) ? new Date(t).toISOString() : String(t);
}
