import { walkExpr, type Expr, type NumArg } from './expr.js';
import { CLOCK_FACTS, PARAM_FACT_PREFIX, STATE_FACTS } from './names.js';
import { forEachLeaf, type Condition, type FactValue } from './rules.js';
import type { RuleGraph } from './schema.js';

/** A cross-reference problem in a graph that is otherwise well-formed. */
export interface IntegrityIssue {
  readonly message: string;
  readonly path: (string | number)[];
}

const FIXED_FACTS = new Set<string>([...STATE_FACTS, ...CLOCK_FACTS]);

/**
 * The checks a JSON schema cannot express: ids unique, references resolve to earlier
 * series of the same or a higher timeframe, history buffers deep enough for every read,
 * stateful calls only at the top of indicator series, and every fact, parameter and
 * event series a rule names exists. `RuleGraphSchema` runs these after the shape checks.
 */
export function checkIntegrity(graph: RuleGraph): IntegrityIssue[] {
  const issues: IntegrityIssue[] = [];
  const params = new Map(graph.params.map((p) => [p.name, p]));
  if (params.size !== graph.params.length) issues.push({ message: 'parameter names are not unique', path: ['params'] });
  const tfRank = new Map(graph.settings.timeframes.map((tf, i) => [tf, i]));
  const seen = new Map<string, { index: number; history: number; timeframe: string }>();

  const agoValue = (a: NumArg | undefined): number =>
    a === undefined ? 0 : a.op === 'const' ? a.value : Number(params.get(a.name)?.value ?? 0);

  graph.series.forEach((s, i) => {
    const path = ['series', i];
    const at = ['series', i, 'expr'];
    if (seen.has(s.id)) issues.push({ message: `series id "${s.id}" is used twice`, path: [...path, 'id'] });
    if (!tfRank.has(s.timeframe)) issues.push({ message: `timeframe "${s.timeframe}" is not in settings.timeframes`, path: [...path, 'timeframe'] });
    const top = s.expr.op;
    if ((s.kind === 'field') !== (top === 'field') || (s.kind === 'indicator') !== (top === 'call')) {
      issues.push({ message: `a ${s.kind} series cannot have a top-level "${top}" expression`, path: at });
    }
    const rank = tfRank.get(s.timeframe) ?? 0;
    const needHistory = (id: string, ago: number) => {
      const target = seen.get(id);
      if (!target) return void issues.push({ message: `"${id}" is not a series defined before "${s.id}"`, path: at });
      if (target.timeframe !== s.timeframe) {
        if ((tfRank.get(target.timeframe) ?? 0) < rank) issues.push({ message: `"${s.id}" (${s.timeframe}) reads "${id}" of a lower timeframe`, path: at });
        if (ago > 0) issues.push({ message: `"${s.id}" reads "${id}" of another timeframe bars back; copy it into a ${s.timeframe} series first`, path: at });
      }
      if (target.history < ago) issues.push({ message: `"${id}" keeps ${target.history} bars of history but ${ago} are read`, path: at });
    };
    walkExpr(s.expr, (node: Expr) => {
      switch (node.op) {
        case 'param':
          if (!params.has(node.name)) issues.push({ message: `unknown parameter "${node.name}"`, path: at });
          return;
        case 'ref':
          return needHistory(node.id, agoValue(node.ago));
        case 'crossesAbove':
        case 'crossesBelow':
          needHistory(node.args[0].id, 1);
          if (node.args[1].op === 'ref') needHistory(node.args[1].id, 1);
          return;
        case 'field':
        case 'call':
          if (node !== s.expr) issues.push({ message: `"${node.op}" may only be the whole expression of a series`, path: at });
          else if (node.op === 'call') {
            for (const a of node.args) {
              if (a.op !== 'ref' && a.op !== 'const' && a.op !== 'param') issues.push({ message: 'indicator arguments must be series refs or constants', path: at });
              if (a.op === 'ref' && a.ago) issues.push({ message: 'indicator sources cannot read history; make the shifted value its own series', path: at });
            }
          }
      }
    });
    seen.set(s.id, { index: i, history: s.history, timeframe: s.timeframe });
  });

  const factExists = (fact: string): boolean =>
    FIXED_FACTS.has(fact) || seen.has(fact) || (fact.startsWith(PARAM_FACT_PREFIX) && params.has(fact.slice(PARAM_FACT_PREFIX.length)));
  const ruleNames = new Set<string>();
  const entryNames = new Set(graph.rules.filter((r) => r.event.type === 'entry').map((r) => r.name));
  graph.rules.forEach((rule, r) => {
    const path = ['rules', r];
    if (ruleNames.has(rule.name)) issues.push({ message: `rule name "${rule.name}" is used twice`, path: [...path, 'name'] });
    ruleNames.add(rule.name);
    if (rule.event.params.rule !== rule.name) issues.push({ message: 'event.params.rule must equal the rule name', path: [...path, 'event'] });
    if (hasEmptyAny(rule.conditions)) issues.push({ message: 'an empty `any` (json-rules-engine takes it as true; write false as `not: { all: [] }`)', path: [...path, 'conditions'] });
    forEachLeaf(rule.conditions, (leaf) => {
      const crossing = leaf.operator === 'crossesAbove' || leaf.operator === 'crossesBelow';
      const sides: { fact: string; params?: FactValue['params'] }[] = [leaf];
      if (typeof leaf.value === 'object') sides.push(leaf.value);
      for (const side of sides) {
        if (!factExists(side.fact)) issues.push({ message: `unknown fact "${side.fact}"`, path: [...path, 'conditions'] });
        const series = seen.get(side.fact);
        const windowed = side.params?.window === 2;
        if (crossing && FIXED_FACTS.has(side.fact)) issues.push({ message: `fact "${side.fact}" cannot be crossed`, path: [...path, 'conditions'] });
        if (windowed !== (crossing && series !== undefined)) {
          issues.push({ message: `fact "${side.fact}" must be read with params.window = 2 exactly when it is a crossed series`, path: [...path, 'conditions'] });
        }
        if (crossing && series && series.history < 1) {
          issues.push({ message: `"${side.fact}" is crossed but keeps no history`, path: [...path, 'conditions'] });
        }
      }
    });
    const p = rule.event.params;
    if (rule.event.type === 'exit' && 'closes' in p) {
      for (const name of p.closes) {
        if (!entryNames.has(name)) issues.push({ message: `exit closes "${name}", which is not an entry rule`, path: [...path, 'event'] });
      }
    }
    if (rule.event.type === 'entry' && 'stop_loss' in p) {
      for (const level of [p.stop_loss, p.take_profit, p.trailing_stop]) {
        if (level && 'series' in level && !seen.has(level.series)) issues.push({ message: `unknown series "${level.series}"`, path: [...path, 'event'] });
      }
    }
  });

  for (const tf of Object.keys(graph.warmup)) {
    if (!tfRank.has(tf)) issues.push({ message: `warmup names timeframe "${tf}" the graph does not use`, path: ['warmup', tf] });
  }
  return issues;
}

function hasEmptyAny(c: Condition): boolean {
  if ('any' in c) return c.any.length === 0 || c.any.some(hasEmptyAny);
  if ('all' in c) return c.all.some(hasEmptyAny);
  if ('not' in c) return hasEmptyAny(c.not);
  return false;
}
