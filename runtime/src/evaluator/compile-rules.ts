import type { Condition, LeafCondition, Rule } from '@algo/compiler';
import { PARAM_FACT_PREFIX } from '@algo/compiler';
import { RUNTIME_ERROR_CODES, RuntimeError } from './errors.js';
import { plainRecord } from './plain-record.js';
import type { Registers } from './registers.js';

/**
 * Turns each rule's json-rules-engine conditions into one boolean closure at load, with the
 * operators of `compiler/src/reference/operators.ts` decided per leaf from the static types
 * of its two sides (a boolean where a number is compared is always false; `eq`/`neq` of
 * different types is false; a missing value makes every operator false). `all`/`any` with
 * no conditions are true, as in json-rules-engine.
 *
 * Each rule also gets a `trace` closure that reads the same values again — only when a
 * rule fired, or when someone asks why a rule did not (explain) — so the per-bar path stays
 * free of allocation.
 */

/** A value as a trace shows it: a number, a boolean, or null for missing. */
export type TraceValue = number | boolean | null;

/** One leaf condition with the values it compared on the bar. */
export interface LeafTrace {
  /** the fact as the graph names it (`close`, `rsi(close,14)`, `position.qty`) */
  fact: string;
  /** the series' label as the author wrote it, when the fact is a series */
  label?: string;
  operator: string;
  /** the right-hand side as the graph has it: a literal, or the fact it reads */
  compare: number | boolean | string;
  compare_label?: string;
  left: TraceValue;
  right: TraceValue;
  /** previous-bar values, for crossings */
  left_prev?: TraceValue;
  right_prev?: TraceValue;
  result: boolean;
}

/** A rule's condition tree with each node's result on the bar. */
export type ConditionTrace =
  | { all: ConditionTrace[]; result: boolean }
  | { any: ConditionTrace[]; result: boolean }
  | { not: ConditionTrace; result: boolean }
  | LeafTrace;

/** Where one fact's values are: its type, the register of its value now and (for crossed series) on the previous bar. */
export interface FactReader {
  readonly type: 'number' | 'bool';
  readonly reg: number;
  readonly prev: number;
  readonly label?: string;
}

/** What conditions can read: every fact is a register. */
export interface FactScope {
  readonly regs: Registers;
  /** the reader of a series fact (`crossed`: its previous-bar value is needed), or undefined when `id` is not a series */
  series(id: string, crossed: boolean): FactReader | undefined;
  /** register of a position fact */
  state(name: string): number | undefined;
  /** register of `clock.time` / `clock.prev_time` (kept up to date once asked for) */
  clock(which: 'time' | 'prev_time'): number;
  param(name: string): number | boolean | undefined;
}

/** A rule ready to run on every bar. */
export interface CompiledRule {
  readonly index: number;
  readonly rule: Rule;
  readonly test: () => boolean;
  readonly trace: () => ConditionTrace;
}

export function typed(v: number, type: 'number' | 'bool'): TraceValue {
  if (v - v !== 0) return null;
  return type === 'bool' ? v !== 0 : v;
}

function factReader(fact: string, crossed: boolean, scope: FactScope): FactReader {
  const s = scope.series(fact, crossed);
  if (s) return s;
  const st = scope.state(fact);
  if (st !== undefined) return { type: 'number', reg: st, prev: st };
  if (fact === 'clock.time' || fact === 'clock.prev_time') {
    const r = scope.clock(fact === 'clock.time' ? 'time' : 'prev_time');
    return { type: 'number', reg: r, prev: r };
  }
  if (fact.startsWith(PARAM_FACT_PREFIX)) {
    const v = scope.param(fact.slice(PARAM_FACT_PREFIX.length));
    if (v !== undefined) {
      const r = scope.regs.constant(typeof v === 'boolean' ? (v ? 1 : 0) : v);
      return { type: typeof v === 'boolean' ? 'bool' : 'number', reg: r, prev: r };
    }
  }
  throw new RuntimeError(RUNTIME_ERROR_CODES.graph, `a rule reads fact "${fact}", which is not a series, state, clock or parameter`);
}

function literalReader(v: number | boolean, scope: FactScope): FactReader {
  const r = scope.regs.constant(typeof v === 'boolean' ? (v ? 1 : 0) : v);
  return { type: typeof v === 'boolean' ? 'bool' : 'number', reg: r, prev: r };
}

const NEVER = () => false;

// The nodes of a trace, made by constructors (see `plain-record.ts`): a backtest keeps the
// traces of the trades it lists, and as literals they would be made in the old generation.
const LeafRecord = plainRecord(function (this: LeafTrace, fact: string, operator: string, compare: LeafTrace['compare'], left: TraceValue, right: TraceValue, result: boolean) {
  this.fact = fact;
  this.operator = operator;
  this.compare = compare;
  this.left = left;
  this.right = right;
  this.result = result;
});
const AllRecord = plainRecord(function (this: { all: ConditionTrace[]; result: boolean }, all: ConditionTrace[], result: boolean) {
  this.all = all;
  this.result = result;
});
const AnyRecord = plainRecord(function (this: { any: ConditionTrace[]; result: boolean }, any: ConditionTrace[], result: boolean) {
  this.any = any;
  this.result = result;
});
const NotRecord = plainRecord(function (this: { not: ConditionTrace; result: boolean }, not: ConditionTrace, result: boolean) {
  this.not = not;
  this.result = result;
});

function compileLeaf(leaf: LeafCondition, scope: FactScope): { test: () => boolean; trace: () => LeafTrace } {
  const crossing = leaf.operator === 'crossesAbove' || leaf.operator === 'crossesBelow';
  const l = factReader(leaf.fact, crossing, scope);
  const r = typeof leaf.value === 'object' ? factReader(leaf.value.fact, crossing, scope) : literalReader(leaf.value, scope);
  const R = scope.regs.R;
  const a = l.reg;
  const b = r.reg;
  let test: () => boolean;
  const numbers = l.type === 'number' && r.type === 'number';
  switch (leaf.operator) {
    case 'gt':
      test = numbers ? () => R[a]! > R[b]! : NEVER;
      break;
    case 'gte':
      test = numbers ? () => R[a]! >= R[b]! : NEVER;
      break;
    case 'lt':
      test = numbers ? () => R[a]! < R[b]! : NEVER;
      break;
    case 'lte':
      test = numbers ? () => R[a]! <= R[b]! : NEVER;
      break;
    case 'eq':
    case 'neq': {
      const same = leaf.operator === 'eq';
      test =
        l.type !== r.type
          ? NEVER
          : () => {
              const x = R[a]!;
              const y = R[b]!;
              return x - x === 0 && y - y === 0 && (x === y) === same;
            };
      break;
    }
    case 'crossesAbove':
    case 'crossesBelow': {
      const ap = l.prev;
      const bp = r.prev;
      test = !numbers ? NEVER : leaf.operator === 'crossesAbove' ? () => R[ap]! <= R[bp]! && R[a]! > R[b]! : () => R[ap]! >= R[bp]! && R[a]! < R[b]!;
      break;
    }
  }
  const compare = typeof leaf.value === 'object' ? leaf.value.fact : leaf.value;
  const trace = (): LeafTrace => {
    const t = new LeafRecord(leaf.fact, leaf.operator, compare, typed(R[a]!, l.type), typed(R[b]!, r.type), test());
    if (l.label !== undefined) t.label = l.label;
    if (r.label !== undefined) t.compare_label = r.label;
    if (crossing) {
      t.left_prev = typed(R[l.prev]!, l.type);
      t.right_prev = typed(R[r.prev]!, r.type);
    }
    return t;
  };
  return { test, trace };
}

function compileCondition(c: Condition, scope: FactScope): { test: () => boolean; trace: () => ConditionTrace } {
  if ('all' in c || 'any' in c) {
    const isAll = 'all' in c;
    const parts = (isAll ? (c as { all: Condition[] }).all : (c as { any: Condition[] }).any).map((x) => compileCondition(x, scope));
    const tests = parts.map((p) => p.test);
    const n = tests.length;
    let test: () => boolean;
    if (n === 0) test = () => true;
    else if (n === 1) test = tests[0]!;
    else if (n === 2) {
      const [x, y] = tests as [() => boolean, () => boolean];
      test = isAll ? () => x() && y() : () => x() || y();
    } else if (isAll) {
      test = () => {
        for (let i = 0; i < n; i++) if (!tests[i]!()) return false;
        return true;
      };
    } else {
      test = () => {
        for (let i = 0; i < n; i++) if (tests[i]!()) return true;
        return false;
      };
    }
    const trace = (): ConditionTrace => {
      const kids = parts.map((p) => p.trace());
      return isAll ? new AllRecord(kids, test()) : new AnyRecord(kids, test());
    };
    return { test, trace };
  }
  if ('not' in c) {
    const inner = compileCondition(c.not, scope);
    const t = inner.test;
    const test = () => !t();
    return { test, trace: () => new NotRecord(inner.trace(), test()) };
  }
  return compileLeaf(c, scope);
}

/** Compiles every rule of a graph, in graph order. */
export function compileRules(rules: readonly Rule[], scope: FactScope): CompiledRule[] {
  return rules.map((rule, index) => {
    const { test, trace } = compileCondition(rule.conditions, scope);
    return { index, rule, test, trace };
  });
}
