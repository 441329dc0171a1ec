import type { Expr, NumArg, RefExpr } from '@algo/compiler';
import { applyMath, MATH_FUNCTIONS } from '@algo/language';
import { RUNTIME_ERROR_CODES, RuntimeError } from './errors.js';
import type { Registers } from './registers.js';
import type { SeriesBuffer } from './series-buffer.js';

/**
 * Turns a graph expression tree into a list of register operations, once, when a
 * strategy is loaded: no `eval`, no `new Function`, no tree walking per bar. Each node gets
 * a register; each operation is a small closure `() => void` writing one register from
 * others (see `registers.ts` for why nothing returns a number). NaN in a register means
 * *missing*; booleans are 1/0. The static type of every node is known here, so the value
 * semantics of `compiler/src/graph/expr.ts` are decided at load:
 *
 * - arithmetic and `fn`: missing if an operand is missing or the result is not finite;
 * - comparisons, `between`, crossings: 0 (false) when an operand is missing, and always
 *   false when an operand is boolean where a number is compared (or the types of `eq` differ);
 * - `and`, `or`, `not`: missing if an operand is missing;
 * - `ref` before the first bar (or deeper than the buffer): missing.
 */

/** One per-bar operation. */
export type Op = () => void;

/** A compiled node: the register holding its value, and its static type. */
export interface Node {
  readonly reg: number;
  readonly type: 'number' | 'bool';
}

/** What an expression can read. */
export interface ExprScope {
  readonly regs: Registers;
  /** register of a series' latest value (its index), its buffer and type; throws for an unknown id */
  series(id: string): { reg: number; buf: SeriesBuffer; type: 'number' | 'bool' };
  param(name: string): number | boolean;
  /** register of a position fact */
  state(name: string): number;
}

const MATH = new Set(MATH_FUNCTIONS.map((f) => f.name));

/** The numeric value of a constant argument (`ago`, a literal or a parameter). */
export function numArgValue(a: NumArg | undefined, param: (name: string) => number | boolean): number {
  if (a === undefined) return 0;
  return a.op === 'const' ? a.value : Number(param(a.name));
}

/** How many registers compiling `e` may take (an upper bound: one per node, plus crossing reads). */
export function registerCount(e: Expr): number {
  let n = 1;
  if ('args' in e) for (const a of e.args) n += registerCount(a) + 2;
  return n;
}

/** Compiles `e`, appending its operations to `ops`; returns the node holding its value. */
export function compileExpr(e: Expr, scope: ExprScope, ops: Op[]): Node {
  const { regs } = scope;
  const R = regs.R;
  switch (e.op) {
    case 'const':
      return typeof e.value === 'boolean' ? { reg: regs.constant(e.value ? 1 : 0), type: 'bool' } : { reg: regs.constant(e.value), type: 'number' };
    case 'param': {
      const p = scope.param(e.name);
      return typeof p === 'boolean' ? { reg: regs.constant(p ? 1 : 0), type: 'bool' } : { reg: regs.constant(p), type: 'number' };
    }
    case 'state':
      return { reg: scope.state(e.name), type: 'number' };
    case 'ref':
      return compileRef(e, scope, ops, 0);
    case 'field':
    case 'call':
      throw new RuntimeError(RUNTIME_ERROR_CODES.graph, `"${e.op}" can only be the whole expression of a series`);
    case 'fn': {
      if (!MATH.has(e.fn)) throw new RuntimeError(RUNTIME_ERROR_CODES.graph, `the graph calls function ${e.fn}() which is not in the catalogue`);
      const name = e.fn;
      const args = e.args.map((a) => compileExpr(a, scope, ops).reg);
      const d = regs.alloc();
      const tmp: number[] = new Array<number>(args.length).fill(0);
      ops.push(() => {
        for (let i = 0; i < args.length; i++) {
          const x = R[args[i]!]!;
          if (x - x !== 0) {
            R[d] = NaN;
            return;
          }
          tmp[i] = x;
        }
        const r = applyMath(name, tmp) ?? NaN;
        R[d] = r - r === 0 ? r : NaN;
      });
      return { reg: d, type: 'number' };
    }
    case 'neg': {
      const a = compileExpr(e.args[0], scope, ops).reg;
      const d = regs.alloc();
      ops.push(() => {
        R[d] = -R[a]!;
      });
      return { reg: d, type: 'number' };
    }
    case 'not': {
      const a = compileExpr(e.args[0], scope, ops).reg;
      const d = regs.alloc();
      ops.push(() => {
        const x = R[a]!;
        R[d] = x !== x ? NaN : x === 0 ? 1 : 0;
      });
      return { reg: d, type: 'bool' };
    }
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
      return arithmetic(e.op, compileExpr(e.args[0], scope, ops).reg, compileExpr(e.args[1], scope, ops).reg, regs, ops);
    case 'and':
    case 'or': {
      const a = compileExpr(e.args[0], scope, ops).reg;
      const b = compileExpr(e.args[1], scope, ops).reg;
      const d = regs.alloc();
      ops.push(
        e.op === 'and'
          ? () => {
              const x = R[a]!;
              const y = R[b]!;
              R[d] = x !== x || y !== y ? NaN : x !== 0 && y !== 0 ? 1 : 0;
            }
          : () => {
              const x = R[a]!;
              const y = R[b]!;
              R[d] = x !== x || y !== y ? NaN : x !== 0 || y !== 0 ? 1 : 0;
            },
      );
      return { reg: d, type: 'bool' };
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
    case 'eq':
    case 'neq':
      return comparison(e.op, compileExpr(e.args[0], scope, ops), compileExpr(e.args[1], scope, ops), regs, ops);
    case 'between': {
      const [x, lo, hi] = e.args.map((a) => compileExpr(a, scope, ops));
      if (x!.type !== 'number' || lo!.type !== 'number' || hi!.type !== 'number') return { reg: regs.constant(0), type: 'bool' };
      const d = regs.alloc();
      const rx = x!.reg;
      const rl = lo!.reg;
      const rh = hi!.reg;
      // NaN compares false, so a missing operand gives 0 without a separate check.
      ops.push(() => {
        const v = R[rx]!;
        R[d] = R[rl]! <= v && v <= R[rh]! ? 1 : 0;
      });
      return { reg: d, type: 'bool' };
    }
    case 'crossesAbove':
    case 'crossesBelow':
      return crossing(e.op === 'crossesAbove', e.args[0], e.args[1], scope, ops);
  }
}

function arithmetic(op: 'add' | 'sub' | 'mul' | 'div', a: number, b: number, regs: Registers, ops: Op[]): Node {
  const R = regs.R;
  const d = regs.alloc();
  switch (op) {
    case 'add':
      ops.push(() => {
        const r = R[a]! + R[b]!;
        R[d] = r - r === 0 ? r : NaN;
      });
      break;
    case 'sub':
      ops.push(() => {
        const r = R[a]! - R[b]!;
        R[d] = r - r === 0 ? r : NaN;
      });
      break;
    case 'mul':
      ops.push(() => {
        const r = R[a]! * R[b]!;
        R[d] = r - r === 0 ? r : NaN;
      });
      break;
    case 'div':
      ops.push(() => {
        const r = R[a]! / R[b]!;
        R[d] = r - r === 0 ? r : NaN;
      });
      break;
  }
  return { reg: d, type: 'number' };
}

function comparison(op: 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'neq', l: Node, r: Node, regs: Registers, ops: Op[]): Node {
  const R = regs.R;
  const a = l.reg;
  const b = r.reg;
  if (op === 'eq' || op === 'neq') {
    if (l.type !== r.type) return { reg: regs.constant(0), type: 'bool' };
    const d = regs.alloc();
    const same = op === 'eq';
    ops.push(() => {
      const x = R[a]!;
      const y = R[b]!;
      R[d] = x - x === 0 && y - y === 0 && (x === y) === same ? 1 : 0;
    });
    return { reg: d, type: 'bool' };
  }
  if (l.type !== 'number' || r.type !== 'number') return { reg: regs.constant(0), type: 'bool' };
  const d = regs.alloc();
  // Comparisons with NaN are false in JS, which is exactly "false when missing".
  switch (op) {
    case 'gt':
      ops.push(() => {
        R[d] = R[a]! > R[b]! ? 1 : 0;
      });
      break;
    case 'gte':
      ops.push(() => {
        R[d] = R[a]! >= R[b]! ? 1 : 0;
      });
      break;
    case 'lt':
      ops.push(() => {
        R[d] = R[a]! < R[b]! ? 1 : 0;
      });
      break;
    case 'lte':
      ops.push(() => {
        R[d] = R[a]! <= R[b]! ? 1 : 0;
      });
      break;
  }
  return { reg: d, type: 'bool' };
}

/** `ref`, read `extra` bars further back than it says (crossings read the previous bar with extra = 1). */
export function compileRef(e: RefExpr, scope: ExprScope, ops: Op[], extra: number): Node {
  const s = scope.series(e.id);
  const ago = numArgValue(e.ago, scope.param) + extra;
  if (!Number.isInteger(ago) || ago < 0) {
    throw new RuntimeError(RUNTIME_ERROR_CODES.graph, `history offset of "${e.id}" is ${ago}, not a whole number ≥ 0`);
  }
  if (ago === 0) return { reg: s.reg, type: s.type };
  const R = scope.regs.R;
  const d = scope.regs.alloc();
  const buf = s.buf;
  ops.push(() => {
    R[d] = buf.at(ago);
  });
  return { reg: d, type: s.type };
}

function crossing(above: boolean, a: RefExpr, b: RefExpr | NumArg, scope: ExprScope, ops: Op[]): Node {
  const regs = scope.regs;
  const R = regs.R;
  const an = compileRef(a, scope, ops, 0);
  const ap = compileRef(a, scope, ops, 1);
  let bn: Node;
  let bp: Node;
  if (b.op === 'ref') {
    bn = compileRef(b, scope, ops, 0);
    bp = compileRef(b, scope, ops, 1);
  } else bn = bp = { reg: regs.constant(numArgValue(b, scope.param)), type: 'number' };
  if (an.type !== 'number' || bn.type !== 'number') return { reg: regs.constant(0), type: 'bool' };
  const d = regs.alloc();
  const [x, xp, y, yp] = [an.reg, ap.reg, bn.reg, bp.reg];
  // Every comparison with NaN is false, so a missing operand makes the crossing false.
  ops.push(
    above
      ? () => {
          R[d] = R[xp]! <= R[yp]! && R[x]! > R[y]! ? 1 : 0;
        }
      : () => {
          R[d] = R[xp]! >= R[yp]! && R[x]! < R[y]! ? 1 : 0;
        },
  );
  return { reg: d, type: 'bool' };
}
