import { z } from 'zod';
import type { FieldName, StateFact } from './names.js';
import { exprIssues } from './tree-check.js';

/**
 * Expression trees of `algo.rulegraph/v1` series. A series' `expr` is one of these; leaves
 * read constants, parameters, position state or other series (by id, optionally some
 * bars ago). Stateful work (indicators) is never nested: a `call` is always the whole
 * expression of an `indicator` series, and its source arguments are `ref`s, so a runtime
 * keeps one state object per indicator series and evaluates everything else as plain math.
 *
 * Value semantics (the fast evaluator and the reference interpreter both follow these):
 * a value is a finite number, a boolean, or *missing* (not ready yet, or NaN/±∞).
 * - arithmetic (`add sub mul div neg`, `fn`): missing if an operand is missing or the
 *   result is not finite (so `x / 0` is missing);
 * - comparisons (`gt gte lt lte eq neq between crossesAbove crossesBelow`): `false` when
 *   an operand is missing, never missing themselves;
 * - logic (`and or not`): missing if an operand is missing;
 * - `ref` with `ago` reaching before the first bar, and `call` before warm-up: missing.
 */

/** A number known before the first bar: a literal or a parameter (resolved in `params`). */
export type NumArg = { op: 'const'; value: number } | { op: 'param'; name: string };

/** Reads series `id` on this bar, or `ago` bars back (omitted when 0). */
export interface RefExpr {
  op: 'ref';
  id: string;
  ago?: NumArg;
}

export type ArithOp = 'add' | 'sub' | 'mul' | 'div';
export type CompareOp = 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'neq';
export type CrossOp = 'crossesAbove' | 'crossesBelow';

export type Expr =
  | { op: 'const'; value: number | boolean }
  | { op: 'param'; name: string }
  /** The whole expression of a `field` series: a bar field of the series' timeframe. */
  | { op: 'field'; field: FieldName }
  | { op: 'state'; name: StateFact }
  | RefExpr
  /**
   * The whole expression of an `indicator` series: catalogue indicator `fn`; `args` in the
   * catalogue's parameter order, sources as `ref`, constants as `const`/`param`;
   * `output` names the field of a multi-output indicator (`macd … .signal`).
   */
  | { op: 'call'; fn: string; args: Expr[]; output?: string }
  /** A pure catalogue function on the current values (`abs`, `max`, …), nested freely. */
  | { op: 'fn'; fn: string; args: Expr[] }
  | { op: 'neg' | 'not'; args: [Expr] }
  | { op: ArithOp | CompareOp | 'and' | 'or'; args: [Expr, Expr] }
  /** `x between lo and hi`, inclusive at both ends. */
  | { op: 'between'; args: [Expr, Expr, Expr] }
  /** `a crosses above/below b`: reads both operands on this bar and the previous one (a constant `b` is the same on both). */
  | { op: CrossOp; args: [RefExpr, RefExpr | NumArg] };

const ident = z.string().min(1);

const ConstNum = z.strictObject({ op: z.literal('const'), value: z.number() });
const ParamRef = z.strictObject({ op: z.literal('param'), name: ident });

export const NumArgSchema: z.ZodType<NumArg> = z.discriminatedUnion('op', [ConstNum, ParamRef]);

const RefObject = z.strictObject({
  op: z.literal('ref'),
  id: ident,
  ago: z.discriminatedUnion('op', [ConstNum, ParamRef]).optional(),
});
export const RefExprSchema: z.ZodType<RefExpr> = RefObject;

/**
 * Zod schema of an expression tree. The tree is recursive and graphs hold thousands, so
 * the shape is checked by one hand-written walk (`tree-check.ts`) rather than a recursive
 * union; issues carry the path of the offending node.
 */
export const ExprSchema: z.ZodType<Expr> = z.custom<Expr>().superRefine((v, ctx) => {
  for (const i of exprIssues(v)) ctx.addIssue({ code: 'custom', message: i.message, path: i.path, continue: false });
});

/** Calls `visit` on `expr` and every node below it, parents first. */
export function walkExpr(expr: Expr, visit: (node: Expr) => void): void {
  visit(expr);
  if ('args' in expr) for (const a of expr.args) walkExpr(a, visit);
  if (expr.op === 'ref' && expr.ago) visit(expr.ago);
}
