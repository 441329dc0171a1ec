import type { ConditionTrace, LeafTrace, TraceValue } from '../evaluator/compile-rules.js';
import { withParamValues } from '../series-export/columns.js';

/** Param values to fill into labels (`rsi(close, rsi_len)` → `rsi(close, 14)`). */
export type ParamValues = ReadonlyMap<string, number | boolean>;
const NO_PARAMS: ParamValues = new Map();

/**
 * A rule's condition trace in words a trader reads — `close 1,768.5 crossed below
 * bollinger(close, 20, 2).middle 1,770.8 (bar before: 1,773.6 ≥ 1,770.97)` — shared by
 * `algo explain` and the HTML report's trade table, so both say the same thing the same way.
 */

const OPERATORS: Readonly<Record<string, string>> = {
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
  eq: '=',
  neq: '≠',
  crossesAbove: 'crossed above',
  crossesBelow: 'crossed below',
};

/** A traced value: numbers to six significant digits with thousands separators, booleans as words, missing as `n/a`. */
export function formatValue(v: TraceValue | undefined): string {
  if (v === null || v === undefined) return 'n/a';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (!Number.isFinite(v)) return String(v);
  return Number(v.toPrecision(6)).toLocaleString('en-US', { maximumFractionDigits: 8 });
}

/** Minutes after midnight as `HH:MM` (clock facts). */
function clockText(v: TraceValue | number | string | boolean | undefined): string {
  if (typeof v !== 'number') return formatValue(v as TraceValue);
  if (v < 0) return 'none (first bar of the day)';
  const m = Math.round(v);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/**
 * How a fact is named to a reader: a `let` by its name (the graph's id of a let series is
 * the name), otherwise the author's expression with param values filled in, else the id.
 */
function nameOf(fact: string, label: string | undefined, params: ParamValues): string {
  if (fact === 'clock.time') return 'bar close time';
  if (fact === 'clock.prev_time') return 'previous bar close time';
  if (fact.startsWith('param.')) return fact.slice('param.'.length);
  if (/^[A-Za-z_]\w*$/.test(fact)) return fact;
  return label === undefined ? fact : withParamValues(label, params);
}

/** One leaf as a sentence: left side with its value, the operator, right side with its value. */
export function describeLeaf(leaf: LeafTrace, params: ParamValues = NO_PARAMS): string {
  const clock = leaf.fact.startsWith('clock.');
  const value = clock ? clockText : formatValue;
  const op = OPERATORS[leaf.operator] ?? leaf.operator;
  const left = `${nameOf(leaf.fact, leaf.label, params)} ${value(leaf.left)}`;
  const right = typeof leaf.compare === 'string' ? `${nameOf(leaf.compare, leaf.compare_label, params)} ${value(leaf.right)}` : clock ? clockText(leaf.compare) : formatValue(leaf.compare);
  let text = `${left} ${op} ${right}`;
  if (leaf.left_prev !== undefined || leaf.right_prev !== undefined) {
    const before = leaf.operator === 'crossesAbove' ? '≤' : '≥';
    text += ` (bar before: ${formatValue(leaf.left_prev)} ${before} ${formatValue(leaf.right_prev)})`;
  }
  return text;
}

/** One line of a condition tree: its depth, text and whether it held. */
export interface ConditionLine {
  readonly depth: number;
  readonly text: string;
  readonly result: boolean;
}

/**
 * The tree flattened into lines, one per leaf, with a heading line for each `any` group and
 * `not` (an `all` at the top needs no heading: the rule's conditions are read as one list).
 */
export function conditionLines(trace: ConditionTrace, params: ParamValues = NO_PARAMS, depth = 0): ConditionLine[] {
  if ('all' in trace) {
    if (trace.all.length === 0) return [{ depth, text: 'always (no condition)', result: true }];
    const head = depth > 0 ? [{ depth, text: 'all of:', result: trace.result }] : [];
    return [...head, ...trace.all.flatMap((c) => conditionLines(c, params, depth > 0 ? depth + 1 : depth))];
  }
  if ('any' in trace) return [{ depth, text: 'any of:', result: trace.result }, ...trace.any.flatMap((c) => conditionLines(c, params, depth + 1))];
  if ('not' in trace) return [{ depth, text: 'not:', result: trace.result }, ...conditionLines(trace.not, params, depth + 1)];
  return [{ depth, text: describeLeaf(trace, params), result: trace.result }];
}

/** The whole tree on one line (`a and (b or c)`), for a table cell. */
export function conditionSentence(trace: ConditionTrace, params: ParamValues = NO_PARAMS): string {
  if ('all' in trace) return trace.all.length === 0 ? 'always' : trace.all.map((c) => group(c, params)).join(' and ');
  if ('any' in trace) return trace.any.map((c) => group(c, params)).join(' or ');
  if ('not' in trace) return `not ${group(trace.not, params)}`;
  return describeLeaf(trace, params);
}

function group(c: ConditionTrace, params: ParamValues): string {
  const s = conditionSentence(c, params);
  return ('all' in c && c.all.length > 1) || ('any' in c && c.any.length > 1) ? `(${s})` : s;
}

/** How a rule is named to a reader: its graph name (`entry.1`, `exit.2`), with the entry's label when it has one (`entry.1 "breakout"`). */
export function ruleName(rule: string, label?: string | null): string {
  return label ? `${rule} "${label}"` : rule;
}
