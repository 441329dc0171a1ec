import type { Candle } from '../market/candle.js';
import { Indicator } from './indicator.js';
import { WindowExtreme } from './rolling.js';

/** `highest(source, length)`: the largest of the last `length` values, this bar included (TA-Lib MAX). */
export class Highest extends Indicator {
  private readonly window: WindowExtreme;
  constructor(readonly length: number) {
    super('highest', length - 1, 1);
    this.window = new WindowExtreme(length, true);
  }
  step(): void {
    const x = this.sources[0]!;
    this.out[0] = this.window.push(x);
  }
}

/** `lowest(source, length)`: the smallest of the last `length` values, this bar included (TA-Lib MIN). */
export class Lowest extends Indicator {
  private readonly window: WindowExtreme;
  constructor(readonly length: number) {
    super('lowest', length - 1, 1);
    this.window = new WindowExtreme(length, false);
  }
  step(): void {
    const x = this.sources[0]!;
    this.out[0] = this.window.push(x);
  }
}

/**
 * `rising(source, length)` / `falling(source, length)`: 1 when the source rose (fell)
 * strictly on each of the last `length` bars — `x > x[1] > … > x[length]` — else 0. An
 * unchanged value breaks the run. Kept as a run-length counter, O(1).
 */
class Run extends Indicator {
  private readonly up: boolean;
  private prev = NaN;
  private run = 0;
  constructor(
    name: 'rising' | 'falling',
    readonly length: number,
  ) {
    super(name, length, 1);
    this.up = name === 'rising';
  }
  step(_bar: Candle, i: number): void {
    const x = this.sources[0]!;
    const moved = this.up ? x > this.prev : x < this.prev;
    this.run = i > 0 && moved ? this.run + 1 : 0;
    this.prev = x;
    this.out[0] = this.run >= this.length ? 1 : 0;
  }
}

/** See {@link Run}: strictly rising for `length` bars. */
export class Rising extends Run {
  constructor(length: number) {
    super('rising', length);
  }
}

/** See {@link Run}: strictly falling for `length` bars. */
export class Falling extends Run {
  constructor(length: number) {
    super('falling', length);
  }
}

/**
 * `crossover(a, b)` / `crossunder(a, b)`: 1 on the bar where `a > b` after `a ≤ b` on the
 * previous bar (crossunder: `a < b` after `a ≥ b`), else 0 — Pine's `ta.crossover` /
 * `ta.crossunder` and the language's `crosses above` / `crosses below`. "Previous bar" is
 * the previous bar on which both were numbers.
 */
class Cross extends Indicator {
  private readonly over: boolean;
  private prevA = NaN;
  private prevB = NaN;
  constructor(name: 'crossover' | 'crossunder') {
    super(name, 1, 2);
    this.over = name === 'crossover';
  }
  step(): void {
    const a = this.sources[0]!;
    const b = this.sources[1]!;
    const crossed = this.over ? a > b && this.prevA <= this.prevB : a < b && this.prevA >= this.prevB;
    this.prevA = a;
    this.prevB = b;
    this.out[0] = crossed ? 1 : 0;
  }
}

/** See {@link Cross}: `a` crosses above `b`. */
export class Crossover extends Cross {
  constructor() {
    super('crossover');
  }
}

/** See {@link Cross}: `a` crosses below `b`. */
export class Crossunder extends Cross {
  constructor() {
    super('crossunder');
  }
}
