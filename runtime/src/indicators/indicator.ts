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
 * - The per-bar path of an evaluator passes no number through a call: it writes the source
 *   values into `sources` and calls `feed(bar)` — or, to reach each class's own `step`
 *   from a call site that sees only that class, `books.enter(bar)`, `step(bar,
 *   books.consumed)`, `books.leave()`, which is exactly what `feed` does. V8 allocates a
 *   heap number for every double passed to or returned from a call it does not inline,
 *   and a call site that sees many indicator classes is not inlined. For the same reason
 *   {@link Indicator.step} takes no source values as arguments: it reads `sources`.
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
  /** The source values of the bar being fed (`a`, `b`): written by `update`, or by the caller of `feed`. */
  readonly sources: Float64Array;
  /** The invariants' state (time, samples consumed) and checks, shared by `feed` and per-bar callers of `step`. */
  readonly books: IndicatorBooks;

  protected constructor(name: string, lookback: number, sourceCount: SourceCount, outputs: readonly string[] = [], defaultOutput?: string) {
    this.name = name;
    this.lookback = lookback;
    this.sourceCount = sourceCount;
    this.outputs = outputs;
    this.out = new Float64Array(Math.max(1, outputs.length)).fill(NaN);
    this.main = defaultOutput === undefined ? 0 : Math.max(0, outputs.indexOf(defaultOutput));
    this.sources = new Float64Array(2).fill(NaN);
    this.books = new IndicatorBooks(name, lookback, sourceCount, this.out, this.main, this.sources);
  }

  /**
   * Feeds one bar (and its source values) and returns the main output for it. See the class
   * comment for the rules on time, NaN and warm-up.
   */
  update(bar: Candle, a = NaN, b = NaN): number {
    const s = this.books;
    s.sources[0] = a;
    s.sources[1] = b;
    this.feed(bar);
    return s.out[s.main]!;
  }

  /**
   * `update` for the per-bar path: the source values are already in `sources`, and the
   * outputs are left in `out` (see the class comment for why nothing is passed or returned).
   */
  feed(bar: Candle): void {
    // Everything but `step` lives on `books` (one class for every indicator), so those
    // calls stay monomorphic however many indicator classes share this method.
    const s = this.books;
    if (s.enter(bar)) {
      this.step(bar, s.consumed);
      s.leave();
    }
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
   * Computes the state and outputs for one consumed sample: the bar, and for source
   * indicators the numbers in `sources` (finite). `index` is the 0-based count of samples
   * consumed before this one. Write every output into `out`; the base blanks them while
   * `index < lookback`. Call it only between `books.enter(bar)` returning true and
   * `books.leave()` (as `feed` does): on its own it checks nothing.
   */
  abstract step(bar: Candle, index: number): void;
}

/**
 * An indicator's bookkeeping and checks around `step`: one class for every indicator, so
 * the code that runs them is monomorphic whatever indicator it serves.
 */
export class IndicatorBooks {
  /** time of the latest bar fed */
  lastTime = -Infinity;
  /** samples consumed (bars whose sources were numbers) */
  consumed = 0;
  constructor(
    readonly name: string,
    readonly lookback: number,
    /** how many sources are read */
    readonly count: SourceCount,
    readonly out: Float64Array,
    readonly main: number,
    readonly sources: Float64Array,
  ) {}

  /**
   * Before `step`: time must move forward (`TIME_NOT_FORWARD`); a source that is NaN or
   * ±Infinity is not consumed — every output is NaN for this bar and false is returned.
   */
  enter(bar: Candle): boolean {
    const t = bar.t;
    if (!(t > this.lastTime)) throw notForward(this.name, t, this.lastTime);
    this.lastTime = t;
    const src = this.sources;
    // `x - x !== 0` is true exactly for NaN and ±Infinity.
    if (this.count !== 0 && (src[0]! - src[0]! !== 0 || (this.count === 2 && src[1]! - src[1]! !== 0))) {
      this.out.fill(NaN);
      return false;
    }
    return true;
  }

  /** After `step`: one more sample consumed; outputs blank until the warm-up is complete. */
  leave(): void {
    if (++this.consumed <= this.lookback) this.out.fill(NaN);
  }
}

/** The error of a bar that does not move time forward (built out of line, so `enter` stays small enough to inline). */
function notForward(name: string, t: number, last: number): IndicatorError {
  return new IndicatorError('TIME_NOT_FORWARD', `${name}: bar at ${describeTime(t)} does not come after the previous bar at ${describeTime(last)}`);
}

function describeTime(t: number): string {
  return Number.isFinite(t) ? new Date(t).toISOString() : String(t);
}
