import type { OperatorName } from '../graph/names.js';

/**
 * The condition operators of `algo.rulegraph/v1`, as json-rules-engine operator callbacks
 * `(factValue, compareValue) => boolean`. These functions ARE the definition of each
 * operator: the fast evaluator is held to them by a differential test.
 *
 * A value is usable when it is a finite number or a boolean; anything else (`null`,
 * `undefined`, `NaN`, ±∞, a string) is *missing* and makes every operator false.
 */

/** A fact value as the reference interpreter sees it. */
export type FactScalar = number | boolean | null | undefined;

/** `[now, previous]`: a fact read with `params: { window: 2 }`. */
export type FactPair = readonly [FactScalar, FactScalar];

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function compare(test: (a: number, b: number) => boolean) {
  return (a: unknown, b: unknown): boolean => isNum(a) && isNum(b) && test(a, b);
}

function equality(same: boolean) {
  return (a: unknown, b: unknown): boolean => {
    const comparable = (isNum(a) && isNum(b)) || (typeof a === 'boolean' && typeof b === 'boolean');
    return comparable && (a === b) === same;
  };
}

/** Splits a crossing operand into `[now, previous]`; a plain number is the same on both bars. */
function pair(v: unknown): [unknown, unknown] {
  if (Array.isArray(v)) return [v[0], v[1]];
  return [v, v];
}

function crossing(above: boolean) {
  return (a: unknown, b: unknown): boolean => {
    const [aNow, aPrev] = pair(a);
    const [bNow, bPrev] = pair(b);
    if (!isNum(aNow) || !isNum(aPrev) || !isNum(bNow) || !isNum(bPrev)) return false;
    return above ? aPrev <= bPrev && aNow > bNow : aPrev >= bPrev && aNow < bNow;
  };
}

/** Every operator by name. */
export const OPERATOR_FUNCTIONS: Readonly<Record<OperatorName, (a: unknown, b: unknown) => boolean>> = {
  gt: compare((a, b) => a > b),
  gte: compare((a, b) => a >= b),
  lt: compare((a, b) => a < b),
  lte: compare((a, b) => a <= b),
  eq: equality(true),
  neq: equality(false),
  crossesAbove: crossing(true),
  crossesBelow: crossing(false),
};
