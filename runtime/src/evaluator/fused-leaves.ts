/**
 * A condition's leaves as data, so an `all`/`any` of leaves runs as one closure with the
 * comparisons inline instead of one closure call per leaf: the per-bar cost of a rule is
 * then one call, whatever its number of leaves. The semantics are the leaf closures' of
 * `compile-rules.ts`, operator by operator (NaN compares false; `eq`/`neq` need two numbers).
 */

/** Leaf operators after the types are decided (`NEVER`: a boolean where a number is compared, or `eq` of different types). */
export const LeafOp = { gt: 0, gte: 1, lt: 2, lte: 3, eq: 4, neq: 5, crossesAbove: 6, crossesBelow: 7, never: 8 } as const;
export type LeafOp = (typeof LeafOp)[keyof typeof LeafOp];

/** One leaf: its operator and the registers of both sides now and (crossings) on the previous bar. */
export interface LeafCode {
  readonly op: LeafOp;
  readonly a: number;
  readonly b: number;
  readonly ap: number;
  readonly bp: number;
}

/** `all` (every leaf true) or `any` (some leaf true) of `leaves`, read from registers `R`. */
export function fuseLeaves(all: boolean, leaves: readonly LeafCode[], R: Float64Array): () => boolean {
  const n = leaves.length;
  const op = Uint8Array.from(leaves, (l) => l.op);
  const a = Int32Array.from(leaves, (l) => l.a);
  const b = Int32Array.from(leaves, (l) => l.b);
  const ap = Int32Array.from(leaves, (l) => l.ap);
  const bp = Int32Array.from(leaves, (l) => l.bp);
  // `all` stops at the first false leaf, `any` at the first true one: `stop` is the leaf
  // result that stops it (leaves only read registers, so stopping early changes nothing else).
  const stop = !all;
  return () => {
    for (let i = 0; i < n; i++) {
      const x = R[a[i]!]!;
      const y = R[b[i]!]!;
      let ok: boolean;
      switch (op[i]) {
        case LeafOp.gt:
          ok = x > y;
          break;
        case LeafOp.gte:
          ok = x >= y;
          break;
        case LeafOp.lt:
          ok = x < y;
          break;
        case LeafOp.lte:
          ok = x <= y;
          break;
        case LeafOp.eq:
          ok = x - x === 0 && y - y === 0 && x === y;
          break;
        case LeafOp.neq:
          ok = x - x === 0 && y - y === 0 && x !== y;
          break;
        case LeafOp.crossesAbove:
          ok = R[ap[i]!]! <= R[bp[i]!]! && x > y;
          break;
        case LeafOp.crossesBelow:
          ok = R[ap[i]!]! >= R[bp[i]!]! && x < y;
          break;
        default:
          ok = false;
      }
      if (ok === stop) return stop;
    }
    return all;
  };
}
