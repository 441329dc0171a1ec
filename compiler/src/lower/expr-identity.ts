import type { Expr } from '../graph/expr.js';

/**
 * When two graph expressions are the same computation: same operation, same fields, same
 * arguments — what their JSON would say (a number is not a boolean, every non-finite
 * number is alike as JSON's `null`, `-0` is `0`). The series table interns by this:
 * `exprHash` picks the bucket and `sameExpr` decides, so interning builds no key strings
 * (a large strategy interns thousands of expressions, and building, flattening and hashing
 * a string per expression cost a third of lowering them).
 */

const OPS: Readonly<Record<Expr['op'], number>> = {
  const: 1, param: 2, field: 3, state: 4, ref: 5, call: 6, fn: 7, neg: 8, not: 9,
  add: 10, sub: 11, mul: 12, div: 13, gt: 14, gte: 15, lt: 16, lte: 17, eq: 18, neq: 19,
  and: 20, or: 21, between: 22, crossesAbove: 23, crossesBelow: 24,
};

/** A 32-bit hash of `e`'s structure; equal expressions (`sameExpr`) hash alike. */
export function exprHash(e: Expr): number {
  let h = OPS[e.op];
  switch (e.op) {
    case 'const':
      return mix(h, typeof e.value === 'boolean' ? (e.value ? 1 : 2) : Number.isFinite(e.value) ? numberHash(e.value) : 3);
    case 'param':
    case 'state':
      return mix(h, stringHash(e.name));
    case 'field':
      return mix(h, stringHash(e.field));
    case 'ref':
      return mix(mix(h, stringHash(e.id)), e.ago ? exprHash(e.ago) : 0);
    case 'call':
      h = mix(mix(h, stringHash(e.fn)), e.output === undefined ? 0 : stringHash(e.output));
      break;
    case 'fn':
      h = mix(h, stringHash(e.fn));
      break;
    default:
      break;
  }
  for (const a of e.args) h = mix(h, exprHash(a));
  return h;
}

/** Whether `a` and `b` are the same computation (see the module comment). */
export function sameExpr(a: Expr, b: Expr): boolean {
  if (a === b) return true;
  if (a.op !== b.op) return false;
  switch (a.op) {
    case 'const': {
      const x = a.value;
      const y = (b as typeof a).value;
      if (typeof x !== typeof y) return false;
      if (typeof x === 'boolean') return x === y;
      return x === y || (!Number.isFinite(x) && !Number.isFinite(y as number));
    }
    case 'param':
    case 'state':
      return a.name === (b as typeof a).name;
    case 'field':
      return a.field === (b as typeof a).field;
    case 'ref': {
      const r = b as typeof a;
      if (a.id !== r.id) return false;
      return a.ago === undefined || r.ago === undefined ? a.ago === r.ago : sameExpr(a.ago, r.ago);
    }
    case 'call': {
      const c = b as typeof a;
      return a.fn === c.fn && a.output === c.output && sameArgs(a.args, c.args);
    }
    case 'fn':
      return a.fn === (b as typeof a).fn && sameArgs(a.args, (b as typeof a).args);
    default:
      return sameArgs(a.args, (b as typeof a).args);
  }
}

function sameArgs(a: readonly Expr[], b: readonly Expr[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameExpr(a[i]!, b[i]!)) return false;
  return true;
}

function mix(h: number, x: number): number {
  return (Math.imul(h ^ x, 0x9e3779b1) + 0x7f4a7c15) | 0;
}

function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

function numberHash(n: number): number {
  // Integers (the usual constant) hash as themselves; others by their text, which is what
  // tells them apart in JSON too. `-0` is `0` in both.
  return Number.isInteger(n) && Math.abs(n) < 2 ** 31 ? n | 0 : stringHash(String(n));
}
