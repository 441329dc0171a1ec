import type { Candle } from '../market/candle.js';
import { Indicator } from './indicator.js';
import { Ring } from './rolling.js';
import { EmaCore, SmaCore } from './smoothing.js';

/** `sma(source, length)`: arithmetic mean of the last `length` values (TA-Lib SMA). */
export class Sma extends Indicator {
  private readonly core: SmaCore;
  constructor(readonly length: number) {
    super('sma', length - 1, 1);
    this.core = new SmaCore(length);
  }
  // Each class calls its own core (no shared wrapper), so the call stays monomorphic and inlines.
  step(): void {
    const x = this.sources[0]!;
    this.out[0] = this.core.push(x);
  }
}

/** `ema(source, length)`: `k = 2/(length+1)`, seeded with the SMA of the first `length` values (TA-Lib EMA). */
export class Ema extends Indicator {
  private readonly core: EmaCore;
  constructor(readonly length: number) {
    super('ema', length - 1, 1);
    this.core = new EmaCore(length);
  }
  step(): void {
    const x = this.sources[0]!;
    this.out[0] = this.core.push(x);
  }
}

/**
 * `rma(source, length)`: Wilder's moving average, `k = 1/length`, seeded with the SMA of the
 * first `length` values — the smoothing inside RSI and ATR (Pine's `ta.rma`; not in TA-Lib).
 */
export class Rma extends Indicator {
  private readonly core: EmaCore;
  constructor(readonly length: number) {
    super('rma', length - 1, 1);
    this.core = new EmaCore(length, 1 / length);
  }
  step(): void {
    const x = this.sources[0]!;
    this.out[0] = this.core.push(x);
  }
}

/**
 * `wma(source, length)`: weights `1..length`, newest heaviest, divided by `length·(length+1)/2`
 * (TA-Lib WMA). Kept in O(1) with the identity `W' = W + length·x − S` (S the plain sum);
 * both sums are re-added from the window once per `length` bars.
 */
export class Wma extends Indicator {
  private readonly ring: Ring;
  private readonly divider: number;
  private weighted = 0;
  private plain = 0;
  constructor(readonly length: number) {
    super('wma', length - 1, 1);
    this.ring = new Ring(length);
    this.divider = (length * (length + 1)) / 2;
  }
  step(): void {
    const x = this.sources[0]!;
    const ring = this.ring;
    const n = this.length;
    if (!ring.full) {
      ring.push(x);
      this.plain += x;
      this.weighted += x * ring.count;
    } else {
      const dropped = ring.push(x);
      this.weighted += n * x - this.plain;
      this.plain += x - dropped;
      if (ring.pos === 0) this.resum();
    }
    this.out[0] = this.weighted / this.divider;
  }
  private resum(): void {
    let w = 0;
    let s = 0;
    for (let k = 0; k < this.length; k++) {
      const v = this.ring.ago(k);
      s += v;
      w += v * (this.length - k);
    }
    this.weighted = w;
    this.plain = s;
  }
}

/** `dema(source, length)`: `2·EMA − EMA(EMA)` (TA-Lib DEMA; lookback `2·(length−1)`). */
export class Dema extends Indicator {
  private readonly e1: EmaCore;
  private readonly e2: EmaCore;
  constructor(readonly length: number) {
    super('dema', 2 * (length - 1), 1);
    this.e1 = new EmaCore(length);
    this.e2 = new EmaCore(length);
  }
  step(): void {
    const x = this.sources[0]!;
    const a = this.e1.push(x);
    if (a !== a) return;
    const b = this.e2.push(a);
    this.out[0] = 2.0 * a - b;
  }
}

/** `tema(source, length)`: `3·E1 − 3·E2 + E3` with E2 = EMA(E1), E3 = EMA(E2) (TA-Lib TEMA; lookback `3·(length−1)`). */
export class Tema extends Indicator {
  private readonly e1: EmaCore;
  private readonly e2: EmaCore;
  private readonly e3: EmaCore;
  constructor(readonly length: number) {
    super('tema', 3 * (length - 1), 1);
    this.e1 = new EmaCore(length);
    this.e2 = new EmaCore(length);
    this.e3 = new EmaCore(length);
  }
  step(): void {
    const x = this.sources[0]!;
    const a = this.e1.push(x);
    if (a !== a) return;
    const b = this.e2.push(a);
    if (b !== b) return;
    const c = this.e3.push(b);
    this.out[0] = c + (3.0 * a - 3.0 * b);
  }
}
