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

/** Makes the op of one indicator: `ind`, its books and bar slot are the closure's own variables (not loads through `io` on every bar). */
type MakeOp = (ind: Indicator, books: IndicatorBooks, slot: BarSlot, io: IndicatorStep) => Op;

// Why one closure per indicator class, each written out at its own place: V8 keeps type
// feedback (and optimised code) per place in the source, shared by every closure made
// there. One closure for every indicator would call `step` on every class a strategy uses,
// and V8 would inline them all into it until its inlining budget ran out, leaving the
// running sums under the last ones as real calls that box the numbers they take and
// return (as `Indicator.feed` does when many classes share it). Made at its own place, each
// closure only ever sees its own class, so that class's `step` and what it calls inline.
const OPS = new Map<abstract new (...args: never[]) => Indicator, MakeOp>([
  [Sma, (ind, books, slot, io) => () => (io.enter() && (ind.step(slot, books.consumed), books.leave()), io.store())],
  [Ema, (ind, books, slot, io) => () => (io.enter() && (ind.step(slot, books.consumed), books.leave()), io.store())],
  [Rma, (ind, books, slot, io) => () => (io.enter() && (ind.step(slot, books.consumed), books.leave()), io.store())],
  [Wma, (ind, books, slot, io) => () => (io.enter() && (ind.step(slot, books.consumed), books.leave()), io.store())],
  [Dema, (ind, books, slot, io) => () => (io.enter() && (ind.step(slot, books.consumed), books.leave()), io.store())],
  [Tema, (ind, books, slot, io) => () => (io.enter() && (ind.step(slot, books.consumed), books.leave()), io.store())],
  [Rsi, (ind, books, slot, io) => () => (io.enter() && (ind.step(slot, books.consumed), books.leave()), io.store())],
  [Macd, (ind, books, slot, io) => () => (io.enter() && (ind.step(slot, books.consumed), books.leave()), io.store())],
  [Stoch, (ind, books, slot, io) => () => (io.enter() && (ind.step(slot, books.consumed), books.leave()), io.store())],
  [Cci, (ind, books, slot, io) => () => (io.enter() && (ind.step(slot, books.consumed), books.leave()), io.store())],
  [Mfi, (ind, books, slot, io) => () => (io.enter() && (ind.step(slot, books.consumed), books.leave()), io.store())],
  [Willr, (ind, books, slot, io) => () => (io.enter() && (ind.step(slot, books.consumed), books.leave()), io.store())],
  [Roc, (ind, books, slot, io) => () => (io.enter() && (ind.step(slot, books.consumed), books.leave()), io.store())],
  [Mom, (ind, books, slot, io) => () => (io.enter() && (ind.step(slot, books.consumed), books.leave()), io.store())],
  [Change, (ind, books, slot, io) => () => (io.enter() && (ind.step(slot, books.consumed), books.leave()), io.store())],
  [Tr, (ind, books, slot, io) => () => (io.enter() && (ind.step(slot, books.consumed), books.leave()), io.store())],
  [Atr, (ind, books, slot, io) => () => (io.enter() && (ind.step(slot, books.consumed), books.leave()), io.store())],
  [Stdev, (ind, books, slot, io) => () => (io.enter() && (ind.step(slot, books.consumed), books.leave()), io.store())],
  [Bollinger, (ind, books, slot, io) => () => (io.enter() && (ind.step(slot, books.consumed), books.leave()), io.store())],
  [Donchian, (ind, books, slot, io) => () => (io.enter() && (ind.step(slot, books.consumed), books.leave()), io.store())],
  [Supertrend, (ind, books, slot, io) => () => (io.enter() && (ind.step(slot, books.consumed), books.leave()), io.store())],
  [Adx, (ind, books, slot, io) => () => (io.enter() && (ind.step(slot, books.consumed), books.leave()), io.store())],
  [Dmi, (ind, books, slot, io) => () => (io.enter() && (ind.step(slot, books.consumed), books.leave()), io.store())],
  [Sar, (ind, books, slot, io) => () => (io.enter() && (ind.step(slot, books.consumed), books.leave()), io.store())],
  [Vwap, (ind, books, slot, io) => () => (io.enter() && (ind.step(slot, books.consumed), books.leave()), io.store())],
  [Obv, (ind, books, slot, io) => () => (io.enter() && (ind.step(slot, books.consumed), books.leave()), io.store())],
  [Highest, (ind, books, slot, io) => () => (io.enter() && (ind.step(slot, books.consumed), books.leave()), io.store())],
  [Lowest, (ind, books, slot, io) => () => (io.enter() && (ind.step(slot, books.consumed), books.leave()), io.store())],
  [Rising, (ind, books, slot, io) => () => (io.enter() && (ind.step(slot, books.consumed), books.leave()), io.store())],
  [Falling, (ind, books, slot, io) => () => (io.enter() && (ind.step(slot, books.consumed), books.leave()), io.store())],
  [Crossover, (ind, books, slot, io) => () => (io.enter() && (ind.step(slot, books.consumed), books.leave()), io.store())],
  [Crossunder, (ind, books, slot, io) => () => (io.enter() && (ind.step(slot, books.consumed), books.leave()), io.store())],
]);

/** Any other indicator class (correct, and still allocation-free; only less inlined). */
const anyOp: MakeOp = (ind, books, slot, io) => () => (io.enter() && (ind.step(slot, books.consumed), books.leave()), io.store());

/** True when `ind`'s class has its own op above (every catalogue indicator should: a test holds that). */
export function hasOwnOp(ind: Indicator): boolean {
  return OPS.has(ind.constructor as abstract new (...args: never[]) => Indicator);
}

/** The per-bar operation of `s`, made at its indicator class's own place in the source (see above). */
export function indicatorOp(s: IndicatorStep): Op {
  return (OPS.get(s.ind.constructor as abstract new (...args: never[]) => Indicator) ?? anyOp)(s.ind, s.books, s.slot, s);
}
