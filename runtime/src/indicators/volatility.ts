import type { Candle } from '../market/candle.js';
import { Indicator } from './indicator.js';
import { RollingVariance, WindowExtreme } from './rolling.js';
import { WilderCore } from './smoothing.js';

/** True range of a bar against the previous close: max(h − l, |prevClose − h|, |prevClose − l|) (TA-Lib TRANGE). */
export function trueRange(h: number, l: number, prevClose: number): number {
  let greatest = h - l;
  const up = Math.abs(prevClose - h);
  if (up > greatest) greatest = up;
  const down = Math.abs(prevClose - l);
  if (down > greatest) greatest = down;
  return greatest;
}

/** Wilder-smoothed true range; NaN until `length` true ranges (bars 1..length) have been seen. */
export class AtrCore {
  private prevClose = NaN;
  private readonly avg: WilderCore;
  constructor(readonly length: number) {
    this.avg = new WilderCore(length);
  }
  push(bar: Candle): number {
    const prev = this.prevClose;
    this.prevClose = bar.c;
    if (prev !== prev) return NaN;
    return this.avg.push(trueRange(bar.h, bar.l, prev));
  }
}

/** `tr()`: true range; the first bar has no previous close, so no value (TA-Lib TRANGE, lookback 1). */
export class Tr extends Indicator {
  private prevClose = NaN;
  constructor() {
    super('tr', 1, 0);
  }
  step(bar: Candle): void {
    this.out[0] = trueRange(bar.h, bar.l, this.prevClose);
    this.prevClose = bar.c;
  }
}

/** `atr(length)`: Wilder's average of the true range, seeded with its SMA over bars 1..length (TA-Lib ATR). */
export class Atr extends Indicator {
  private readonly core: AtrCore;
  constructor(readonly length: number) {
    super('atr', length, 0);
    this.core = new AtrCore(length);
  }
  step(bar: Candle): void {
    this.out[0] = this.core.push(bar);
  }
}

/** `stdev(source, length)`: population standard deviation of the last `length` values (TA-Lib STDDEV, nbDev 1). */
export class Stdev extends Indicator {
  private readonly window: RollingVariance;
  constructor(readonly length: number) {
    super('stdev', length - 1, 1);
    this.window = new RollingVariance(length);
  }
  step(): void {
    const x = this.sources[0]!;
    this.window.push(x);
    this.out[0] = Math.sqrt(this.window.variance);
  }
}

/** `bollinger(source, length, mult)`: middle = SMA, upper/lower = middle ± mult·population stdev (TA-Lib BBANDS, SMA). */
export class Bollinger extends Indicator {
  private readonly window: RollingVariance;
  constructor(
    readonly length: number,
    readonly mult: number,
  ) {
    super('bollinger', length - 1, 1, ['upper', 'middle', 'lower'], 'middle');
    this.window = new RollingVariance(length);
  }
  get upper(): number {
    return this.out[0]!;
  }
  get middle(): number {
    return this.out[1]!;
  }
  get lower(): number {
    return this.out[2]!;
  }
  step(): void {
    const x = this.sources[0]!;
    const w = this.window;
    w.push(x);
    const mid = w.mean;
    const dev = this.mult * Math.sqrt(w.variance);
    const out = this.out;
    out[0] = mid + dev;
    out[1] = mid;
    out[2] = mid - dev;
  }
}

/** `donchian(length)`: upper = highest high, lower = lowest low over `length` bars, middle = their mean. */
export class Donchian extends Indicator {
  private readonly hh: WindowExtreme;
  private readonly ll: WindowExtreme;
  constructor(readonly length: number) {
    super('donchian', length - 1, 0, ['upper', 'middle', 'lower'], 'middle');
    this.hh = new WindowExtreme(length, true);
    this.ll = new WindowExtreme(length, false);
  }
  get upper(): number {
    return this.out[0]!;
  }
  get middle(): number {
    return this.out[1]!;
  }
  get lower(): number {
    return this.out[2]!;
  }
  step(bar: Candle): void {
    const hi = this.hh.push(bar.h);
    const lo = this.ll.push(bar.l);
    const out = this.out;
    out[0] = hi;
    out[1] = (hi + lo) / 2;
    out[2] = lo;
  }
}
