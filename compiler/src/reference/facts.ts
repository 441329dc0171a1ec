import { Fact } from 'json-rules-engine';
import { CLOCK_FACTS, PARAM_FACT_PREFIX, STATE_FACTS, type StateFact } from '../graph/names.js';
import { forEachLeaf } from '../graph/rules.js';
import type { RuleGraph } from '../graph/schema.js';
import { CompilerError, ERROR_CODES } from '../errors.js';
import type { FactScalar } from './operators.js';

/**
 * One bar's facts, as a runtime would hand them to the rules: the value of every series
 * the rules read, the previous bar's value of every series a crossing reads, the position
 * state of the instrument and the clock.
 */
export interface BarFacts {
  /** series id → value on this bar; `null` (or NaN) while not ready */
  readonly series: Readonly<Record<string, FactScalar>>;
  /** series id → value on the previous bar; a missing key means "no previous bar" */
  readonly previous?: Readonly<Record<string, FactScalar>>;
  /** position state; a missing key is 0 (flat) */
  readonly position?: Readonly<Partial<Record<StateFact, number>>>;
  /** minutes after midnight: this bar's close, and the previous same-day bar's close (-1 on the day's first bar) */
  readonly clock: { readonly time: number; readonly prev_time: number };
}

/** Which series a graph's rules read: now, on the previous bar too (crossings), and at entry (event levels). */
export interface FactNeeds {
  readonly series: readonly string[];
  readonly previous: readonly string[];
  readonly entryReads: readonly string[];
}

/** Lists the series facts a bar must supply to evaluate `graph.rules`, each list sorted. */
export function factNeeds(graph: RuleGraph): FactNeeds {
  const ids = new Set(graph.series.map((s) => s.id));
  const now = new Set<string>();
  const prev = new Set<string>();
  const reads = new Set<string>();
  for (const rule of graph.rules) {
    forEachLeaf(rule.conditions, (leaf) => {
      for (const side of typeof leaf.value === 'object' ? [leaf, leaf.value] : [leaf]) {
        if (!ids.has(side.fact)) continue;
        now.add(side.fact);
        if (side.params?.window === 2) prev.add(side.fact);
      }
    });
    if (rule.event.type === 'entry') {
      const p = rule.event.params;
      for (const level of [p.stop_loss, p.take_profit, p.trailing_stop]) if (level && 'series' in level) reads.add(level.series);
    }
  }
  for (const r of reads) now.add(r);
  return { series: [...now].sort(), previous: [...prev].sort(), entryReads: [...reads].sort() };
}

/**
 * Turns one bar's facts into json-rules-engine runtime facts. Series facts are dynamic so
 * that `params: { window: 2 }` yields `[now, previous]`. Throws `CompilerError` (`ALGO_REFERENCE_FACTS`) when a
 * series the rules read is absent from `bar.series` (`null` is fine: it means "not ready").
 */
export function toRuntimeFacts(needs: FactNeeds, bar: BarFacts): Record<string, Fact | number> {
  const facts: Record<string, Fact | number> = {};
  for (const id of needs.series) {
    if (!(id in bar.series)) throw new CompilerError(ERROR_CODES.referenceFacts, `bar facts lack series "${id}"`);
    const now = bar.series[id];
    const prev = bar.previous?.[id] ?? null;
    facts[id] = new Fact(id, (params: Record<string, unknown>) => (params?.['window'] === 2 ? [now, prev] : now));
  }
  for (const name of STATE_FACTS) facts[name] = bar.position?.[name] ?? 0;
  const [time, prevTime] = CLOCK_FACTS;
  facts[time] = bar.clock.time;
  facts[prevTime] = bar.clock.prev_time;
  return facts;
}

/** The constant facts of a graph: `param.<name>` → resolved value (a boolean for a true/false param). */
export function paramFacts(graph: RuleGraph): Record<string, number | boolean> {
  return Object.fromEntries(graph.params.map((p) => [PARAM_FACT_PREFIX + p.name, p.value]));
}
