/**
 * The register file of one evaluator: every number a bar computes lives in one
 * Float64Array — each series' latest value, the position facts, constants, parameters and
 * one register per expression node. Compiled closures read and write registers and return
 * nothing, so no number is ever boxed on the per-bar path (a closure returning a double
 * that V8 cannot inline allocates a heap number on every call).
 *
 * Layout: `[0, series)` the series' latest values (by series index), then the position
 * facts (`STATE_FACTS` order), then whatever `alloc`/`constant` hand out.
 */
export class Registers {
  readonly R: Float64Array;
  private next: number;
  private readonly constants = new Map<number, number>();

  constructor(capacity: number, reserved: number) {
    this.R = new Float64Array(capacity).fill(NaN);
    this.next = reserved;
  }

  /** A fresh register (NaN until written). */
  alloc(): number {
    if (this.next >= this.R.length) throw new RangeError(`register file of ${this.R.length} is full (a bug in the size estimate)`);
    return this.next++;
  }

  /** A register holding `v` for good (shared between equal constants). */
  constant(v: number): number {
    const key = Object.is(v, -0) ? 0 : v;
    let r = this.constants.get(key);
    if (r === undefined) {
      r = this.alloc();
      this.R[r] = Number.isFinite(v) ? v : NaN;
      this.constants.set(key, r);
    }
    return r;
  }
}
