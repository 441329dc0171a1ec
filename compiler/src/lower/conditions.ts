import type { Expression } from '@algo/language';
import type { CompareOp, Expr } from '../graph/expr.js';
import { paramFact, type OperatorName } from '../graph/names.js';
import type { Condition, LeafCondition } from '../graph/rules.js';
import { CompilerError, ERROR_CODES } from '../errors.js';
import { CROSSING_BUILTINS } from './catalogue.js';
import type { LowerContext } from './context.js';
import { lowerValue, toSeries } from './values.js';

/**
 * Lowers a boolean expression in rule position to json-rules-engine conditions: `and`,
 * `or`, `not` become `all`, `any`, `not`; comparisons, crossings and `between` become
 * leaf conditions whose facts are base-timeframe series, position state or parameters.
 * Boolean `let`s are inlined here so the rule shows the logic; anything else boolean
 * (`rising(close, 3)`, `(close > open)[1]`, `x on 1h`) is a series compared `eq true`.
 */

type Operand = { kind: 'fact'; fact: string; series: boolean } | { kind: 'literal'; value: number | boolean } | { kind: 'param'; name: string };

const COMPARE: Record<string, CompareOp> = { '>': 'gt', '>=': 'gte', '<': 'lt', '<=': 'lte', '==': 'eq', '!=': 'neq' };
const FLIP: Record<CompareOp, CompareOp> = { gt: 'lt', gte: 'lte', lt: 'gt', lte: 'gte', eq: 'eq', neq: 'neq' };

/** Lowers `e` as a condition evaluated on every base-timeframe bar. */
export function lowerCondition(ctx: LowerContext, e: Expression): Condition {
  switch (e.kind) {
    case 'Paren':
      return lowerCondition(ctx, e.expression);
    case 'Bool':
      // json-rules-engine takes an empty `any` as true, so false is `not all []`
      return e.value ? { all: [] } : { not: { all: [] } };
    case 'Unary':
      if (e.op === 'not') return { not: lowerCondition(ctx, e.operand) };
      break;
    case 'Binary':
      if (e.op === 'and' || e.op === 'or') {
        const key = e.op === 'and' ? 'all' : 'any';
        const parts = [lowerCondition(ctx, e.left), lowerCondition(ctx, e.right)].flatMap((c) => (key in c ? (c as Record<string, Condition[]>)[key]! : [c]));
        return key === 'all' ? { all: parts } : { any: parts };
      }
      if (e.op in COMPARE) return comparison(ctx, COMPARE[e.op]!, e.left, e.right);
      break;
    case 'Cross':
      return cross(ctx, e.direction === 'above' ? 'crossesAbove' : 'crossesBelow', e.left, e.right);
    case 'Between':
      return { all: [comparison(ctx, 'gte', e.value, e.low), comparison(ctx, 'lte', e.value, e.high)] };
    case 'Name': {
      if (ctx.params.get(e.name)?.type === 'bool') return { fact: paramFact(e.name), operator: 'eq', value: true };
      const decl = ctx.lets.get(e.name);
      if (decl && !ctx.letsInProgress.has(e.name)) {
        ctx.letsInProgress.add(e.name);
        const c = lowerCondition(ctx, decl.value);
        ctx.letsInProgress.delete(e.name);
        return c;
      }
      break;
    }
    case 'Call': {
      const op = CROSSING_BUILTINS[e.callee.name];
      if (op && e.args[0] && e.args[1]) return cross(ctx, op, e.args[0], e.args[1]);
      break;
    }
  }
  const o = operand(ctx, lowerValue(ctx, e, ctx.base), true);
  return leaf(o, 'eq', { kind: 'literal', value: true });
}

/** The `clock` pair of an `at hh:mm` rule: true on the first bar of a day closing at or after the time. */
export function clockAt(minute: number): LeafCondition[] {
  return [
    { fact: 'clock.time', operator: 'gte', value: minute },
    { fact: 'clock.prev_time', operator: 'lt', value: minute },
  ];
}

function comparison(ctx: LowerContext, op: CompareOp, left: Expression, right: Expression): Condition {
  let l = operand(ctx, lowerValue(ctx, left, ctx.base), false);
  let r = operand(ctx, lowerValue(ctx, right, ctx.base), false);
  if (l.kind !== 'fact' && r.kind === 'fact') {
    [l, r] = [r, l];
    op = FLIP[op];
  }
  if (l.kind !== 'fact') l = operand(ctx, lowerValue(ctx, left, ctx.base), true);
  return leaf(l, op, r);
}

function cross(ctx: LowerContext, op: 'crossesAbove' | 'crossesBelow', left: Expression, right: Expression): Condition {
  let l = operand(ctx, lowerValue(ctx, left, ctx.base), false, true);
  let r = operand(ctx, lowerValue(ctx, right, ctx.base), false, true);
  if (l.kind !== 'fact' && r.kind === 'fact') {
    [l, r] = [r, l];
    op = op === 'crossesAbove' ? 'crossesBelow' : 'crossesAbove';
  }
  if (l.kind !== 'fact') l = operand(ctx, lowerValue(ctx, left, ctx.base), true, true);
  return leaf(l, op, r);
}

/**
 * Turns a lowered value into a condition operand. Literals and params stay values unless
 * `asFact` forces a series; position state is its own fact unless it must be crossed
 * (crossing needs the previous bar, so the state is copied into a series).
 */
function operand(ctx: LowerContext, v: Expr, asFact: boolean, crossed = false): Operand {
  if (!asFact && v.op === 'const') return { kind: 'literal', value: v.value };
  if (!asFact && v.op === 'param') return { kind: 'param', name: v.name };
  if (v.op === 'state' && !crossed) return { kind: 'fact', fact: v.name, series: false };
  return { kind: 'fact', fact: toSeries(ctx, v, ctx.base).id, series: true };
}

function leaf(l: Operand, op: OperatorName, r: Operand): LeafCondition {
  if (l.kind !== 'fact') throw new CompilerError(ERROR_CODES.internal, 'the left operand of a condition must be a fact');
  const window = op === 'crossesAbove' || op === 'crossesBelow';
  const side = (o: Extract<Operand, { kind: 'fact' }>) => (window && o.series ? { fact: o.fact, params: { window: 2 as const } } : { fact: o.fact });
  const value = r.kind === 'literal' ? r.value : r.kind === 'param' ? { fact: paramFact(r.name) } : side(r);
  return { ...side(l), operator: op, value };
}
