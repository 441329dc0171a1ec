import type { IndicatorBooks } from '../indicators/indicator.js';
import { Adx, Atr, Bollinger, Cci, Change, Crossover, Crossunder, Dema, Dmi, Donchian, Ema, Falling, Highest, Indicator, Lowest, Macd, Mfi, Mom, Obv, Rising, Rma, Roc, Rsi, Sar, Sma, Stdev, Stoch, Supertrend, Tema, Tr, Vwap, Willr, Wma } from '../indicators/index.js';
import type { BarSlot } from './bar-slot.js';
import type { Op } from './compile-expr.js';
import type { SeriesBuffer } from './series-buffer.js';

/**
 * The per-bar operation of an indicator series, around the class's own `step`: copy the
 * source registers into the indicator's `sources`, check them (`enter`), step, count the
 * sample (`leave`), and write the chosen output into the series' register (and its ring
 * when history is read). No number crosses a call.
 */
export class IndicatorStep {
  readonly books: IndicatorBooks;
  private readonly src: Float64Array;
  private readonly out: Float64Array;

  constructor(
    readonly ind: Indicator,
    readonly slot: BarSlot,
    private readonly R: Float64Array,
    /** registers of the source values (ignored past the indicator's `sourceCount`) */
    private readonly a: number,
    private readonly b: number,
    /** the series' register, the output index, and the series' ring (null when no expression reads its history) */
    private readonly index: number,
    private readonly output: number,
    private readonly buf: SeriesBuffer | null,
  ) {
    this.books = ind.books;
    this.src = ind.sources;
    this.out = ind.out;
  }

  /** Before `step`: the sources of this bar, checked; false when the bar is not consumed. */
  enter(): boolean {
    const R = this.R;
    const src = this.src;
    src[0] = R[this.a]!;
    src[1] = R[this.b]!;
    return this.books.enter(this.slot);
  }

  /** After `step` (or instead of it): the output into the register (NaN when missing) and the ring. */
  store(): void {
    const v = this.out[this.output]!;
    const buf = this.buf;
    if (buf === null) this.R[this.index] = v - v === 0 ? v : NaN;
    else {
      buf.push(v);
      this.R[this.index] = buf.last;
    }
  }
}

type MakeOp = (s: IndicatorStep) => Op;

// Why one closure per indicator class, each written out at its own place: V8 keeps type
// feedback (and optimised code) per place in the source, shared by every closure made
// there. One closure for every indicator would call `step` on every class a strategy uses,
// and V8 would inline them all into it until its inlining budget ran out, leaving the
// running sums under the last ones as real calls that box the numbers they take and
// return (as `Indicator.feed` does when many classes share it). Made at its own place, each
// closure only ever sees its own class, so that class's `step` and what it calls inline.
const OPS = new Map<abstract new (...args: never[]) => Indicator, MakeOp>([
  [Sma, (s) => () => (s.enter() && (s.ind.step(s.slot, s.books.consumed), s.books.leave()), s.store())],
  [Ema, (s) => () => (s.enter() && (s.ind.step(s.slot, s.books.consumed), s.books.leave()), s.store())],
  [Rma, (s) => () => (s.enter() && (s.ind.step(s.slot, s.books.consumed), s.books.leave()), s.store())],
  [Wma, (s) => () => (s.enter() && (s.ind.step(s.slot, s.books.consumed), s.books.leave()), s.store())],
  [Dema, (s) => () => (s.enter() && (s.ind.step(s.slot, s.books.consumed), s.books.leave()), s.store())],
  [Tema, (s) => () => (s.enter() && (s.ind.step(s.slot, s.books.consumed), s.books.leave()), s.store())],
  [Rsi, (s) => () => (s.enter() && (s.ind.step(s.slot, s.books.consumed), s.books.leave()), s.store())],
  [Macd, (s) => () => (s.enter() && (s.ind.step(s.slot, s.books.consumed), s.books.leave()), s.store())],
  [Stoch, (s) => () => (s.enter() && (s.ind.step(s.slot, s.books.consumed), s.books.leave()), s.store())],
  [Cci, (s) => () => (s.enter() && (s.ind.step(s.slot, s.books.consumed), s.books.leave()), s.store())],
  [Mfi, (s) => () => (s.enter() && (s.ind.step(s.slot, s.books.consumed), s.books.leave()), s.store())],
  [Willr, (s) => () => (s.enter() && (s.ind.step(s.slot, s.books.consumed), s.books.leave()), s.store())],
  [Roc, (s) => () => (s.enter() && (s.ind.step(s.slot, s.books.consumed), s.books.leave()), s.store())],
  [Mom, (s) => () => (s.enter() && (s.ind.step(s.slot, s.books.consumed), s.books.leave()), s.store())],
  [Change, (s) => () => (s.enter() && (s.ind.step(s.slot, s.books.consumed), s.books.leave()), s.store())],
  [Tr, (s) => () => (s.enter() && (s.ind.step(s.slot, s.books.consumed), s.books.leave()), s.store())],
  [Atr, (s) => () => (s.enter() && (s.ind.step(s.slot, s.books.consumed), s.books.leave()), s.store())],
  [Stdev, (s) => () => (s.enter() && (s.ind.step(s.slot, s.books.consumed), s.books.leave()), s.store())],
  [Bollinger, (s) => () => (s.enter() && (s.ind.step(s.slot, s.books.consumed), s.books.leave()), s.store())],
  [Donchian, (s) => () => (s.enter() && (s.ind.step(s.slot, s.books.consumed), s.books.leave()), s.store())],
  [Supertrend, (s) => () => (s.enter() && (s.ind.step(s.slot, s.books.consumed), s.books.leave()), s.store())],
  [Adx, (s) => () => (s.enter() && (s.ind.step(s.slot, s.books.consumed), s.books.leave()), s.store())],
  [Dmi, (s) => () => (s.enter() && (s.ind.step(s.slot, s.books.consumed), s.books.leave()), s.store())],
  [Sar, (s) => () => (s.enter() && (s.ind.step(s.slot, s.books.consumed), s.books.leave()), s.store())],
  [Vwap, (s) => () => (s.enter() && (s.ind.step(s.slot, s.books.consumed), s.books.leave()), s.store())],
  [Obv, (s) => () => (s.enter() && (s.ind.step(s.slot, s.books.consumed), s.books.leave()), s.store())],
  [Highest, (s) => () => (s.enter() && (s.ind.step(s.slot, s.books.consumed), s.books.leave()), s.store())],
  [Lowest, (s) => () => (s.enter() && (s.ind.step(s.slot, s.books.consumed), s.books.leave()), s.store())],
  [Rising, (s) => () => (s.enter() && (s.ind.step(s.slot, s.books.consumed), s.books.leave()), s.store())],
  [Falling, (s) => () => (s.enter() && (s.ind.step(s.slot, s.books.consumed), s.books.leave()), s.store())],
  [Crossover, (s) => () => (s.enter() && (s.ind.step(s.slot, s.books.consumed), s.books.leave()), s.store())],
  [Crossunder, (s) => () => (s.enter() && (s.ind.step(s.slot, s.books.consumed), s.books.leave()), s.store())],
]);

/** Any other indicator class (correct, and still allocation-free; only less inlined). */
const anyOp: MakeOp = (s) => () => (s.enter() && (s.ind.step(s.slot, s.books.consumed), s.books.leave()), s.store());

/** True when `ind`'s class has its own op above (every catalogue indicator should: a test holds that). */
export function hasOwnOp(ind: Indicator): boolean {
  return OPS.has(ind.constructor as abstract new (...args: never[]) => Indicator);
}

/** The per-bar operation of `s`, made at its indicator class's own place in the source (see above). */
export function indicatorOp(s: IndicatorStep): Op {
  return (OPS.get(s.ind.constructor as abstract new (...args: never[]) => Indicator) ?? anyOp)(s);
}
