import type { ArithOp, CompareOp, Expr, NumArg, RefExpr } from '../graph/expr.js';

/**
 * Constructors for graph expression nodes. Every node is built here, so keys always come
 * in the same order (the canonical JSON of a graph relies on it) and arithmetic on two
 * literals is folded once at compile time.
 */

export const konst = (value: number | boolean): Expr => ({ op: 'const', value });
export const param = (name: string): Expr => ({ op: 'param', name });

/** A reference to series `id`, `ago` bars back (a zero `ago` is left out). */
export function ref(id: string, ago?: NumArg): RefExpr {
  if (!ago || (ago.op === 'const' && ago.value === 0)) return { op: 'ref', id };
  return { op: 'ref', id, ago };
}

const ARITH: Record<ArithOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
};

/** `a <op> b` for arithmetic, folding two finite literals (`2 * 3` → 6; `x / 0` is kept). */
export function arith(op: ArithOp, a: Expr, b: Expr): Expr {
  if (a.op === 'const' && b.op === 'const' && typeof a.value === 'number' && typeof b.value === 'number') {
    const v = ARITH[op](a.value, b.value);
    if (Number.isFinite(v)) return konst(v);
  }
  return { op, args: [a, b] };
}

export function neg(a: Expr): Expr {
  if (a.op === 'const' && typeof a.value === 'number') return konst(-a.value);
  return { op: 'neg', args: [a] };
}

export const compare = (op: CompareOp, a: Expr, b: Expr): Expr => ({ op, args: [a, b] });
export const logic = (op: 'and' | 'or', a: Expr, b: Expr): Expr => ({ op, args: [a, b] });
export const not = (a: Expr): Expr => ({ op: 'not', args: [a] });
export const between = (x: Expr, lo: Expr, hi: Expr): Expr => ({ op: 'between', args: [x, lo, hi] });

/** An indicator call (the whole expression of an indicator series). */
export function call(fn: string, args: Expr[], output?: string): Expr {
  return output === undefined ? { op: 'call', fn, args } : { op: 'call', fn, args, output };
}

/** Is `e` a number known before the first bar (a literal or a parameter)? */
export function isNumArg(e: Expr): e is NumArg {
  return (e.op === 'const' && typeof e.value === 'number') || e.op === 'param';
}
