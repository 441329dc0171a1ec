// Fixed-length windows the indicators are built from. Each push is O(1); running sums are
// re-added from the window once per `length` pushes (amortised O(1)) so rounding error
// cannot build up over millions of bars.

/**
 * The last `length` numbers, oldest first. `ago(k)` reads the value pushed `k` pushes ago
 * (0 = the newest); used for lags (`mom`, `roc`, `change`) and whole-window passes (`cci`).
 */
export class Ring {
  readonly length: number;
  readonly buf: Float64Array;
  /** Where the next push goes (so the oldest value once the ring is full). */
  pos = 0;
  count = 0;

  constructor(length: number) {
    this.length = length;
    this.buf = new Float64Array(length);
  }

  /** Stores `x`, dropping the oldest when full, and returns the dropped value (NaN if none). */
  push(x: number): number {
    const buf = this.buf;
    const pos = this.pos;
    const dropped = this.count === this.length ? buf[pos]! : NaN;
    buf[pos] = x;
    this.pos = pos + 1 === this.length ? 0 : pos + 1;
    if (this.count < this.length) this.count++;
    return dropped;
  }

  /** True once `length` values have been pushed. */
  get full(): boolean {
    return this.count === this.length;
  }

  /** The value pushed `k` pushes ago; `k < count`. */
  ago(k: number): number {
    let i = this.pos - 1 - k;
    if (i < 0) i += this.length;
    return this.buf[i]!;
  }
}

/**
 * Sum of the last `length` numbers, re-added exactly whenever the ring wraps. It keeps its
 * own window rather than wrapping a {@link Ring}: it sits under `sma` on the evaluator's
 * per-bar path, where each extra call level risks V8 not inlining it (and a call that
 * returns a double allocates a heap number for it).
 */
export class RollingSum {
  sum = 0;
  /** true once `length` values have been pushed */
  full = false;
  private readonly buf: Float64Array;
  private pos = 0;
  private count = 0;

  constructor(readonly length: number) {
    this.buf = new Float64Array(length);
  }

  /** Adds `x` (dropping the oldest once full) and returns the new sum. */
  push(x: number): number {
    const buf = this.buf;
    const pos = this.pos;
    const n = this.length;
    const dropped = this.full ? buf[pos]! : 0;
    buf[pos] = x;
    if (!this.full && ++this.count === n) this.full = true;
    if (pos + 1 === n) {
      this.pos = 0;
      this.sum = sumOf(buf);
    } else {
      this.pos = pos + 1;
      this.sum += x - dropped;
    }
    // One return, of the field: returning `sumOf`'s result on one path would make V8 keep
    // every path's sum as a boxed number where they merge.
    return this.sum;
  }
}

/**
 * Mean and population variance of the last `length` numbers: Welford's update while
 * filling, the sliding form once full, and an exact two-pass recomputation whenever the
 * ring wraps (so a flat stretch reads exactly zero within one window of starting).
 */
export class RollingVariance {
  readonly ring: Ring;
  mean = 0;
  /** Sum of squared deviations from the mean. */
  m2 = 0;

  constructor(length: number) {
    this.ring = new Ring(length);
  }

  push(x: number): void {
    const ring = this.ring;
    const dropped = ring.push(x);
    const n = ring.count;
    if (ring.pos === 0) {
      const buf = ring.buf;
      const mean = sumOf(buf) / n;
      let m2 = 0;
      for (let i = 0; i < n; i++) {
        const d = buf[i]! - mean;
        m2 += d * d;
      }
      this.mean = mean;
      this.m2 = m2;
    } else if (dropped !== dropped) {
      const d = x - this.mean;
      this.mean += d / n;
      this.m2 += d * (x - this.mean);
    } else {
      const oldMean = this.mean;
      this.mean = oldMean + (x - dropped) / n;
      this.m2 += (x - dropped) * (x - this.mean + dropped - oldMean);
    }
  }

  /**
   * Population variance. A variance within rounding noise of zero (≤ 4e-16 × mean², about two
   * ulps of the mean squared) is exactly 0: a flat window reads 0, where TA-Lib's
   * `E[x²] − E[x]²` leaves cancellation noise (≈1e-11 at a price of 100, a "stdev" of 3e-6).
   */
  get variance(): number {
    const v = this.m2 / this.ring.count;
    return v <= 4e-16 * this.mean * this.mean ? 0 : v;
  }

  get full(): boolean {
    return this.ring.full;
  }
}

function sumOf(buf: Float64Array): number {
  let s = 0;
  for (let i = 0; i < buf.length; i++) s += buf[i]!;
  return s;
}

/**
 * Highest (or lowest) of the last `length` numbers with a monotonic deque: each value is
 * pushed and popped at most once, so O(1) amortised per bar regardless of `length`.
 */
export class WindowExtreme {
  private readonly values: Float64Array;
  private readonly stamps: Float64Array;
  private head = 0;
  private size = 0;
  private pushed = 0;

  constructor(
    readonly length: number,
    private readonly highest: boolean,
  ) {
    this.values = new Float64Array(length);
    this.stamps = new Float64Array(length);
  }

  /** Adds `x` and returns the extreme of the window ending with it. */
  push(x: number): number {
    const cap = this.length;
    const values = this.values;
    const stamps = this.stamps;
    const now = this.pushed++;
    // Drop the front when it has left the window.
    if (this.size > 0 && stamps[this.head]! <= now - cap) {
      this.head = this.head + 1 === cap ? 0 : this.head + 1;
      this.size--;
    }
    // Drop from the back every value the new one dominates.
    while (this.size > 0) {
      let back = this.head + this.size - 1;
      if (back >= cap) back -= cap;
      const v = values[back]!;
      if (this.highest ? v > x : v < x) break;
      this.size--;
    }
    let slot = this.head + this.size;
    if (slot >= cap) slot -= cap;
    values[slot] = x;
    stamps[slot] = now;
    this.size++;
    return values[this.head]!;
  }
}
