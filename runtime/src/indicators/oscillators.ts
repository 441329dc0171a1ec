import type { Candle } from '../market/candle.js';
import { Indicator } from './indicator.js';
import { isZero } from './numeric.js';
import { Ring, RollingSum, WindowExtreme } from './rolling.js';
import { EmaCore, SmaCore } from './smoothing.js';


/**
 * `rsi(source, length)`: `100·G/(G+L)` with G, L Wilder's averages of gains and losses, both
 * seeded with the simple average of the first `length` changes (TA-Lib RSI). 0 when G+L is
 * zero (a flat window), as in TA-Lib.
 */
export class Rsi extends Indicator {
  private prev = NaN;
  private gain = 0;
  private loss = 0;
  constructor(readonly length: number) {
    super('rsi', length, 1);
  }
  step(_bar: Candle, i: number): void {
    const x = this.sources[0]!;
    const n = this.length;
    if (i === 0) {
      this.prev = x;
      return;
    }
    const d = x - this.prev;
    this.prev = x;
    if (i <= n) {
      if (d < 0) this.loss -= d;
      else this.gain += d;
      if (i < n) return;
      this.loss /= n;
      this.gain /= n;
    } else {
      this.loss *= n - 1;
      this.gain *= n - 1;
      if (d < 0) this.loss -= d;
      else this.gain += d;
      this.loss /= n;
      this.gain /= n;
    }
    const total = this.gain + this.loss;
    this.out[0] = isZero(total) ? 0.0 : 100.0 * (this.gain / total);
  }
}

/**
 * `macd(source, fast, slow, signal)`: line = EMA(fast) − EMA(slow), signal = EMA(line, signal),
 * hist = line − signal (TA-Lib MACD). As in TA-Lib, both EMAs start on the same bar: the slow
 * one is seeded with the SMA of the first `slow` values and the fast one with the SMA of the
 * `fast` values ending on that bar (not of the first `fast`). If `fast > slow` the two are
 * swapped, as TA-Lib does.
 */
export class Macd extends Indicator {
  private readonly fastEma: EmaCore;
  private readonly slowEma: EmaCore;
  private readonly signalEma: EmaCore;
  private readonly recent: RollingSum;
  private readonly slowLen: number;
  constructor(fast: number, slow: number, signal: number) {
    const lo = Math.min(fast, slow);
    const hi = Math.max(fast, slow);
    super('macd', hi - 1 + signal - 1, 1, ['line', 'signal', 'hist'], 'line');
    this.fastEma = new EmaCore(lo);
    this.slowEma = new EmaCore(hi);
    this.signalEma = new EmaCore(signal);
    this.recent = new RollingSum(lo);
    this.slowLen = hi;
  }
  get line(): number {
    return this.out[0]!;
  }
  get signal(): number {
    return this.out[1]!;
  }
  get hist(): number {
    return this.out[2]!;
  }
  step(_bar: Candle, i: number): void {
    const x = this.sources[0]!;
    const slow = this.slowEma.push(x);
    let fast: number;
    if (i < this.slowLen - 1) {
      this.recent.push(x);
      return;
    } else if (i === this.slowLen - 1) {
      const sum = this.recent.push(x);
      fast = sum / this.fastEma.length;
      this.fastEma.seed(fast);
    } else {
      fast = this.fastEma.push(x);
    }
    const line = fast - slow;
    const signal = this.signalEma.push(line);
    const out = this.out;
    out[0] = line;
    out[1] = signal;
    out[2] = line - signal;
  }
}

/**
 * `stoch(k, k_smooth, d)`: fast %K = 100·(close − LL)/(HH − LL) over `k` bars (0 when HH = LL),
 * slow %K = SMA(fast %K, k_smooth), %D = SMA(slow %K, d) (TA-Lib STOCH with SMA smoothing).
 */
export class Stoch extends Indicator {
  private readonly hh: WindowExtreme;
  private readonly ll: WindowExtreme;
  private readonly kSma: SmaCore;
  private readonly dSma: SmaCore;
  constructor(k: number, kSmooth: number, d: number) {
    super('stoch', k - 1 + kSmooth - 1 + d - 1, 0, ['k', 'd'], 'k');
    this.hh = new WindowExtreme(k, true);
    this.ll = new WindowExtreme(k, false);
    this.kSma = new SmaCore(kSmooth);
    this.dSma = new SmaCore(d);
  }
  get k(): number {
    return this.out[0]!;
  }
  get d(): number {
    return this.out[1]!;
  }
  step(bar: Candle, i: number): void {
    const hi = this.hh.push(bar.h);
    const lo = this.ll.push(bar.l);
    if (i < this.hh.length - 1) return;
    const diff = (hi - lo) / 100.0;
    const fastK = diff !== 0.0 ? (bar.c - lo) / diff : 0.0;
    const slowK = this.kSma.push(fastK);
    if (slowK !== slowK) return;
    this.out[0] = slowK;
    this.out[1] = this.dSma.push(slowK);
  }
}

/**
 * `cci(length)`: (TP − SMA(TP)) / (0.015 · mean absolute deviation of TP), TP = (h+l+c)/3;
 * 0 when either part is zero (TA-Lib CCI). The mean deviation needs one pass over the window,
 * so this one indicator is O(length) per bar.
 */
export class Cci extends Indicator {
  private readonly ring: Ring;
  constructor(readonly length: number) {
    super('cci', length - 1, 0);
    this.ring = new Ring(length);
  }
  step(bar: Candle): void {
    const tp = (bar.h + bar.l + bar.c) / 3;
    const ring = this.ring;
    ring.push(tp);
    if (!ring.full) return;
    const buf = ring.buf;
    const n = this.length;
    let mean = 0;
    for (let j = 0; j < n; j++) mean += buf[j]!;
    mean /= n;
    let dev = 0;
    for (let j = 0; j < n; j++) dev += Math.abs(buf[j]! - mean);
    const diff = tp - mean;
    this.out[0] = diff !== 0.0 && dev !== 0.0 ? diff / (0.015 * (dev / n)) : 0.0;
  }
}

/**
 * `mfi(length)`: 100·P/(P+N) where P and N sum the raw money flow TP·volume of the last
 * `length` bars whose TP rose (P) or fell (N); 0 when P+N < 1, as in TA-Lib MFI.
 */
export class Mfi extends Indicator {
  private readonly pos: RollingSum;
  private readonly neg: RollingSum;
  private prevTp = NaN;
  constructor(readonly length: number) {
    super('mfi', length, 0);
    this.pos = new RollingSum(length);
    this.neg = new RollingSum(length);
  }
  step(bar: Candle, i: number): void {
    const tp = (bar.h + bar.l + bar.c) / 3;
    const change = tp - this.prevTp;
    this.prevTp = tp;
    if (i === 0) return;
    const flow = tp * bar.v;
    const p = this.pos.push(change > 0 ? flow : 0.0);
    const m = this.neg.push(change < 0 ? flow : 0.0);
    const total = p + m;
    this.out[0] = total < 1.0 ? 0.0 : 100.0 * (p / total);
  }
}

/** `willr(length)`: −100·(HH − close)/(HH − LL) over `length` bars; 0 when HH = LL (TA-Lib WILLR). */
export class Willr extends Indicator {
  private readonly hh: WindowExtreme;
  private readonly ll: WindowExtreme;
  constructor(readonly length: number) {
    super('willr', length - 1, 0);
    this.hh = new WindowExtreme(length, true);
    this.ll = new WindowExtreme(length, false);
  }
  step(bar: Candle): void {
    const hi = this.hh.push(bar.h);
    const lo = this.ll.push(bar.l);
    const diff = (hi - lo) / -100.0;
    this.out[0] = diff !== 0.0 ? (hi - bar.c) / diff : 0.0;
  }
}
