import type { Expression } from '../ast.js';
import { lookupFunction } from '../catalogue/index.js';

/**
 * Folds an expression that is known before the first bar into a number: literals, params
 * (from `env`), arithmetic and the pure math functions. A percentage is its fraction,
 * `true`/`false` are 1/0, a clock time is minutes since midnight. Anything that depends on
 * bars (or is invalid) gives `undefined`. Recursion is bounded by the parser's depth limit.
 */
export function foldConstant(expr: Expression, env: ReadonlyMap<string, number>): number | undefined {
  switch (expr.kind) {
    case 'Number':
    case 'Percent':
      return expr.value;
    case 'Bool':
      return expr.value ? 1 : 0;
    case 'Clock':
      return expr.hour * 60 + expr.minute;
    case 'Name':
      return env.get(expr.name);
    case 'Paren':
      return foldConstant(expr.expression, env);
    case 'Unary': {
      const v = foldConstant(expr.operand, env);
      if (v === undefined) return undefined;
      return expr.op === '-' ? -v : v === 0 ? 1 : 0;
    }
    case 'Binary': {
      const a = foldConstant(expr.left, env);
      const b = foldConstant(expr.right, env);
      if (a === undefined || b === undefined) return undefined;
      return binary(expr.op, a, b);
    }
    case 'Call':
      return callConstant(expr.callee.name, expr.args, env);
    default:
      return undefined;
  }
}

function binary(op: string, a: number, b: number): number | undefined {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? undefined : a / b;
    case '>':
      return a > b ? 1 : 0;
    case '<':
      return a < b ? 1 : 0;
    case '>=':
      return a >= b ? 1 : 0;
    case '<=':
      return a <= b ? 1 : 0;
    case '==':
      return a === b ? 1 : 0;
    case '!=':
      return a !== b ? 1 : 0;
    case 'and':
      return a !== 0 && b !== 0 ? 1 : 0;
    case 'or':
      return a !== 0 || b !== 0 ? 1 : 0;
    default:
      return undefined;
  }
}

function callConstant(name: string, args: readonly Expression[], env: ReadonlyMap<string, number>): number | undefined {
  const f = lookupFunction(name);
  if (!f || f.category !== 'function' || args.length !== f.params.length) return undefined;
  const v: number[] = [];
  for (const a of args) {
    const x = foldConstant(a, env);
    if (x === undefined) return undefined;
    v.push(x);
  }
  const r = applyMath(name, v);
  return r === undefined || !Number.isFinite(r) ? undefined : r;
}

/** The math functions of the catalogue, exactly as `functions.ts` documents them. */
export function applyMath(name: string, v: readonly number[]): number | undefined {
  const [x = NaN, y = NaN] = v;
  switch (name) {
    case 'abs':
      return Math.abs(x);
    case 'min':
      return x <= y ? x : y;
    case 'max':
      return x >= y ? x : y;
    case 'round':
      return Math.sign(x) * Math.floor(Math.abs(x) + 0.5);
    case 'floor':
      return Math.floor(x);
    case 'ceil':
      return Math.ceil(x);
    case 'sqrt':
      return x < 0 ? undefined : Math.sqrt(x);
    case 'log':
      return x <= 0 ? undefined : Math.log(x);
    case 'log10':
      return x <= 0 ? undefined : Math.log10(x);
    case 'exp':
      return Math.exp(x);
    case 'pow':
      return Math.pow(x, y);
    case 'sign':
      return Math.sign(x);
    default:
      return undefined;
  }
}
