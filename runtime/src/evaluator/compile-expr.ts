import type { Expr, NumArg, RefExpr } from '@algo/compiler';
import { STATE_FACTS } from '@algo/compiler';
import { RUNTIME_ERROR_CODES, RuntimeError } from './errors.js';
import { pureFunction } from './functions.js';
import type { SeriesBuffer } from './series-buffer.js';

/**
 * Turns a graph expression tree into one closure, once, when a strategy is loaded: no
 * `eval`, no `new Function`, no tree walking per bar. Each closure returns a number where
 * NaN means *missing* and booleans are 1/0; the static type of every node is known here, so
 * the value semantics of `compiler/src/graph/expr.ts` are decided at load:
 *
 * - arithmetic and `fn`: missing if an operand is missing or the result is not finite;
 * - comparisons, `between`, crossings: 0 (false) when an operand is missing, and always
 *   false when an operand is boolean where a number is compared (or the types of `eq` differ);
 * - `and`, `or`, `not`: missing if an operand is missing;
 * - `ref` before the first bar (or deeper than the buffer): missing.
 */

/** A compiled node: the closure and the static type of its value. */
export interface Compiled {
  readonly type: 'number' | 'bool';
  readonly fn: () => number;
}

/** What an expression can read: series buffers (with their types), parameters and position state. */
export interface ExprScope {
  buffer(id: string): SeriesBuffer;
  typeOf(id: string): 'number' | 'bool';
  param(name: string): number | boolean;
  /** position facts in `STATE_FACTS` order, written by the strategy core before each bar */
  readonly state: Float64Array;
}

const STATE_INDEX = new Map<string, number>(STATE_FACTS.map((name, i) => [name, i]));

/** The numeric value of a constant argument (`ago`, a literal or a parameter). */
export function numArgValue(a: NumArg | undefined, param: (name: string) => number | boolean): number {
  if (a === undefined) return 0;
  return a.op === 'const' ? a.value : Number(param(a.name));
}

const num = (fn: () => number): Compiled => ({ type: 'number', fn });
const bool = (fn: () => number): Compiled => ({ type: 'bool', fn });
const FALSE = bool(() => 0);

/** Compiles `e` against `scope`. `field` and `call` nodes are whole series and compiled by `series-plan.ts`. */
export function compileExpr(e: Expr, scope: ExprScope): Compiled {
  switch (e.op) {
    case 'const': {
      if (typeof e.value === 'boolean') {
        const v = e.value ? 1 : 0;
        return bool(() => v);
      }
      const v = Number.isFinite(e.value) ? e.value : NaN;
      return num(() => v);
    }
    case 'param': {
      const p = scope.param(e.name);
      if (typeof p === 'boolean') {
        const v = p ? 1 : 0;
        return bool(() => v);
      }
      return num(() => p);
    }
    case 'state': {
      const i = STATE_INDEX.get(e.name)!;
      const st = scope.state;
      return num(() => st[i]!);
    }
    case 'ref':
      return compileRef(e, scope, 0);
    case 'field':
    case 'call':
      throw new RuntimeError(RUNTIME_ERROR_CODES.graph, `"${e.op}" can only be the whole expression of a series`);
    case 'fn': {
      const f = pureFunction(e.fn);
      const args = e.args.map((a) => compileExpr(a, scope).fn);
      const tmp: number[] = new Array<number>(args.length).fill(0);
      return num(() => {
        for (let i = 0; i < args.length; i++) {
          const x = args[i]!();
          if (x - x !== 0) return NaN;
          tmp[i] = x;
        }
        const r = f(tmp);
        return r - r === 0 ? r : NaN;
      });
    }
    case 'neg': {
      const a = compileExpr(e.args[0], scope).fn;
      return num(() => -a());
    }
    case 'not': {
      const a = compileExpr(e.args[0], scope).fn;
      return bool(() => {
        const x = a();
        return x !== x ? NaN : x === 0 ? 1 : 0;
      });
    }
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
      return arithmetic(e.op, compileExpr(e.args[0], scope).fn, compileExpr(e.args[1], scope).fn);
    case 'and':
    case 'or': {
      const a = compileExpr(e.args[0], scope).fn;
      const b = compileExpr(e.args[1], scope).fn;
      return e.op === 'and'
        ? bool(() => {
            const x = a();
            const y = b();
            return x !== x || y !== y ? NaN : x !== 0 && y !== 0 ? 1 : 0;
          })
        : bool(() => {
            const x = a();
            const y = b();
            return x !== x || y !== y ? NaN : x !== 0 || y !== 0 ? 1 : 0;
          });
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
    case 'eq':
    case 'neq':
      return comparison(e.op, compileExpr(e.args[0], scope), compileExpr(e.args[1], scope));
    case 'between': {
      const [x, lo, hi] = e.args.map((a) => compileExpr(a, scope));
      if (x!.type !== 'number' || lo!.type !== 'number' || hi!.type !== 'number') return FALSE;
      const fx = x!.fn;
      const flo = lo!.fn;
      const fhi = hi!.fn;
      // NaN compares false, so a missing operand gives 0 without a separate check.
      return bool(() => {
        const v = fx();
        return flo() <= v && v <= fhi() ? 1 : 0;
      });
    }
    case 'crossesAbove':
    case 'crossesBelow':
      return crossing(e.op === 'crossesAbove', e.args[0], e.args[1], scope);
  }
}

function arithmetic(op: 'add' | 'sub' | 'mul' | 'div', a: () => number, b: () => number): Compiled {
  switch (op) {
    case 'add':
      return num(() => {
        const r = a() + b();
        return r - r === 0 ? r : NaN;
      });
    case 'sub':
      return num(() => {
        const r = a() - b();
        return r - r === 0 ? r : NaN;
      });
    case 'mul':
      return num(() => {
        const r = a() * b();
        return r - r === 0 ? r : NaN;
      });
    case 'div':
      return num(() => {
        const r = a() / b();
        return r - r === 0 ? r : NaN;
      });
  }
}

/** A comparison closure on two compiled operands, following the reference operators. */
export function comparison(op: 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'neq', l: Compiled, r: Compiled): Compiled {
  const a = l.fn;
  const b = r.fn;
  if (op === 'eq' || op === 'neq') {
    if (l.type !== r.type) return FALSE;
    const same = op === 'eq';
    return bool(() => {
      const x = a();
      const y = b();
      if (x - x !== 0 || y - y !== 0) return 0;
      return (x === y) === same ? 1 : 0;
    });
  }
  if (l.type !== 'number' || r.type !== 'number') return FALSE;
  // Comparisons with NaN are false in JS, which is exactly "false when missing".
  switch (op) {
    case 'gt':
      return bool(() => (a() > b() ? 1 : 0));
    case 'gte':
      return bool(() => (a() >= b() ? 1 : 0));
    case 'lt':
      return bool(() => (a() < b() ? 1 : 0));
    case 'lte':
      return bool(() => (a() <= b() ? 1 : 0));
  }
}

/** `ref`, read `extra` bars further back than it says (crossings read the previous bar with extra = 1). */
export function compileRef(e: RefExpr, scope: ExprScope, extra: number): Compiled {
  const buf = scope.buffer(e.id);
  const ago = numArgValue(e.ago, scope.param) + extra;
  if (!Number.isInteger(ago) || ago < 0) {
    throw new RuntimeError(RUNTIME_ERROR_CODES.graph, `history offset of "${e.id}" is ${ago}, not a whole number ≥ 0`);
  }
  const type = scope.typeOf(e.id);
  const fn = ago === 0 ? () => buf.last : () => buf.at(ago);
  return { type, fn };
}

function crossing(above: boolean, a: RefExpr, b: RefExpr | NumArg, scope: ExprScope): Compiled {
  const aNow = compileRef(a, scope, 0);
  const aPrev = compileRef(a, scope, 1);
  let bNow: Compiled;
  let bPrev: Compiled;
  if (b.op === 'ref') {
    bNow = compileRef(b, scope, 0);
    bPrev = compileRef(b, scope, 1);
  } else {
    const v = numArgValue(b, scope.param);
    bNow = bPrev = num(() => v);
  }
  if (aNow.type !== 'number' || bNow.type !== 'number') return FALSE;
  const an = aNow.fn;
  const ap = aPrev.fn;
  const bn = bNow.fn;
  const bp = bPrev.fn;
  // Every comparison with NaN is false, so a missing operand makes the crossing false.
  return above
    ? bool(() => (ap() <= bp() && an() > bn() ? 1 : 0))
    : bool(() => (ap() >= bp() && an() < bn() ? 1 : 0));
}
