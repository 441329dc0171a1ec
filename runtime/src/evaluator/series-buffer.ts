/**
 * The values of one series: the latest in `last`, and the `depth` before it in a ring of
 * Float64 slots (a power of two, indexed with a mask), so a read `ago` bars back is one
 * array load and memory never grows with the number of bars.
 *
 * Values are numbers; *missing* (not ready, NaN, ±∞) is stored as NaN and booleans as 1/0 —
 * the static type of the series says how to read them (see `compile-expr.ts`).
 */
export class SeriesBuffer {
  /** The value on the latest bar of the series' timeframe (NaN when missing or before the first bar). */
  last = NaN;
  /** How many values have been pushed (bars of the series' timeframe seen). */
  count = 0;
  private readonly ring: Float64Array;
  private readonly mask: number;

  /** `depth`: the most bars-ago anyone reads (the graph's `history`); `depth + 1` values are kept. */
  constructor(readonly depth: number) {
    let size = 1;
    while (size < depth + 1) size <<= 1;
    this.ring = new Float64Array(size).fill(NaN);
    this.mask = size - 1;
  }

  /** Appends the value of a new bar. A non-finite value is stored as NaN (missing). */
  push(v: number): void {
    const x = v - v === 0 ? v : NaN;
    this.ring[this.count & this.mask] = x;
    this.count++;
    this.last = x;
  }

  /** The value `ago` bars back (0 = latest); NaN before the first bar or beyond `depth`. */
  at(ago: number): number {
    if (ago === 0) return this.last;
    if (ago >= this.count || ago > this.depth) return NaN;
    return this.ring[(this.count - 1 - ago) & this.mask]!;
  }

  /** The kept values as a plain array, oldest first (for traces and `algo series`). */
  window(): number[] {
    const n = Math.min(this.count, this.depth + 1);
    const out: number[] = [];
    for (let ago = n - 1; ago >= 0; ago--) out.push(this.at(ago));
    return out;
  }
}
