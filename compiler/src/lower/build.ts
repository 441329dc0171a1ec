import type { ArithOp, CompareOp, Expr, NumArg, RefExpr } from '../graph/expr.js';

/**
 * Constructors for graph expression nodes. Every node is built here, so keys always come
 * in the same order (which makes `JSON.stringify` of a node its structural key) and
 * arithmetic on two literals is folded once at compile time.
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

/**
 * The structural key of a node: equal keys mean the same computation. A compact spelling
 * (`sub(r#3,mul(r#0,0.1))`) rather than JSON: keys of large strategies are hashed by the
 * thousand. It tells apart exactly what JSON would — a number from a boolean, a param
 * from a field — and, like JSON, spells every non-finite number `null`. Names never hold
 * `(`, `)` or `,` (they are identifiers, series ids or catalogue names).
 */
export function exprKey(e: Expr): string {
  switch (e.op) {
    case 'const':
      return typeof e.value === 'number' ? (Number.isFinite(e.value) ? String(e.value) : 'null') : String(e.value);
    case 'param':
      return `p:${e.name}`;
    case 'field':
      return `f:${e.field}`;
    case 'state':
      return `s:${e.name}`;
    case 'ref':
      return e.ago ? `r:${e.id}[${exprKey(e.ago)}]` : `r:${e.id}`;
    case 'call':
      return `c:${e.fn}(${argsKey(e.args)})${e.output === undefined ? '' : `.${e.output}`}`;
    case 'fn':
      return `m:${e.fn}(${argsKey(e.args)})`;
    default:
      return `${e.op}(${argsKey(e.args)})`;
  }
}

function argsKey(args: readonly Expr[]): string {
  if (args.length === 0) return '';
  let out = exprKey(args[0]!);
  for (let i = 1; i < args.length; i++) out += `,${exprKey(args[i]!)}`;
  return out;
}
