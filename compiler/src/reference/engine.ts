import { Engine, type RuleProperties } from 'json-rules-engine';
import { OPERATORS } from '../graph/names.js';
import type { EntryIntent, ExitIntent } from '../graph/intent.js';
import type { RuleGraph } from '../graph/schema.js';
import { factNeeds, paramFacts, toRuntimeFacts, type BarFacts, type FactNeeds } from './facts.js';
import { OPERATOR_FUNCTIONS, type FactScalar } from './operators.js';

/** An event a rule fired on a bar. */
export interface ReferenceEvent {
  /** the rule's name (`entry.1`) */
  readonly rule: string;
  readonly type: 'entry' | 'exit';
  /** the order intent exactly as the graph states it */
  readonly params: EntryIntent | ExitIntent;
  /** values of the series the intent reads on the signal bar (ATR stops, `stop_loss at <expr>`) */
  readonly reads: Readonly<Record<string, FactScalar>>;
}

/** json-rules-engine loaded with a graph's rules, our operators and its parameter facts. */
export interface ReferenceEngine {
  /** the underlying json-rules-engine instance (rules as compiled, operators and param facts registered) */
  readonly engine: Engine;
  /** the series facts each bar must supply */
  readonly needs: FactNeeds;
  /** Runs every rule on one bar's facts; events in the order of `graph.rules`. */
  evaluate(bar: BarFacts): Promise<ReferenceEvent[]>;
}

/**
 * The reference interpreter of `algo.rulegraph/v1`: json-rules-engine running
 * `graph.rules` as they are (a deep copy, not a rewrite), with the custom operators of
 * `OPERATOR_FUNCTIONS` and one constant fact per parameter. Each `evaluate` is one
 * `engine.run` with the bar's series, position and clock facts. It is slow and simple on
 * purpose: the fast closure evaluator must produce the same events on every bar.
 *
 * Rules are evaluated on every bar handed in; the caller decides when the strategy is
 * warm (`graph.warmup`) and what to do with events (an entry while already in a
 * position, an exit while flat: the strategy core ignores them).
 */
export function createReferenceEngine(graph: RuleGraph): ReferenceEngine {
  const engine = new Engine(structuredClone(graph.rules) as RuleProperties[], { allowUndefinedFacts: false });
  for (const name of OPERATORS) engine.addOperator(name, OPERATOR_FUNCTIONS[name]);
  for (const [id, value] of Object.entries(paramFacts(graph))) engine.addFact(id, value);
  const needs = factNeeds(graph);
  const order = new Map(graph.rules.map((r, i) => [r.name, i]));
  const byName = new Map(graph.rules.map((r) => [r.name, r]));

  async function evaluate(bar: BarFacts): Promise<ReferenceEvent[]> {
    const { results } = await engine.run(toRuntimeFacts(needs, bar));
    return results
      .map((r) => byName.get(r.name))
      .filter((r) => r !== undefined)
      .sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0))
      .map((rule) => {
        const reads: Record<string, FactScalar> = {};
        if (rule.event.type === 'entry') {
          const p = rule.event.params;
          for (const level of [p.stop_loss, p.take_profit, p.trailing_stop]) {
            if (level && 'series' in level) reads[level.series] = bar.series[level.series] ?? null;
          }
        }
        return { rule: rule.name, type: rule.event.type, params: rule.event.params, reads };
      });
  }

  return { engine, needs, evaluate };
}
