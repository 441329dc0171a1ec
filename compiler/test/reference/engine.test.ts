import { describe, expect, it } from 'vitest';
import { parseGraph, RuleGraphSchema } from '../../src/graph/index.js';
import { createReferenceEngine, type BarFacts } from '../../src/reference/index.js';
import { breakoutGraph } from '../fixtures/breakout-graph.js';

const flat = { 'position.qty': 0 };

function bar(over: Partial<BarFacts> & { series?: BarFacts['series'] }): BarFacts {
  return {
    series: { close: 100, upper: 101, 'rsi(close,14)': 50, 'lowest(low,5)': 95, ...over.series },
    previous: { close: 99, upper: 101, ...over.previous },
    position: over.position ?? flat,
    clock: over.clock ?? { time: 600, prev_time: 595 },
  };
}

describe('reference engine on a hand-written graph', () => {
  const graph = RuleGraphSchema.parse(breakoutGraph());

  it('lists the facts a bar must supply', () => {
    const ref = createReferenceEngine(graph);
    expect(ref.needs).toEqual({
      series: ['close', 'lowest(low,5)', 'rsi(close,14)', 'upper'],
      previous: ['close', 'upper'],
      entryReads: ['lowest(low,5)'],
    });
  });

  it('fires nothing on a quiet bar', async () => {
    const ref = createReferenceEngine(graph);
    expect(await ref.evaluate(bar({}))).toEqual([]);
  });

  it('fires the entry on a crossing with RSI above the parameter, reading the stop series', async () => {
    const ref = createReferenceEngine(graph);
    const events = await ref.evaluate(bar({ series: { close: 102, upper: 101, 'rsi(close,14)': 60, 'lowest(low,5)': 97.5 } }));
    expect(events).toEqual([
      {
        rule: 'entry.1',
        type: 'entry',
        params: graph.rules[2]!.event.params,
        reads: { 'lowest(low,5)': 97.5 },
      },
    ]);
  });

  it('compares against the parameter fact, not a copy: RSI equal to the threshold does not fire', async () => {
    const ref = createReferenceEngine(graph);
    expect(await ref.evaluate(bar({ series: { close: 102, 'rsi(close,14)': 55 } }))).toEqual([]);
  });

  it('honours `not` on position state: no entry while a position is open', async () => {
    const ref = createReferenceEngine(graph);
    const events = await ref.evaluate(bar({ series: { close: 102, 'rsi(close,14)': 60 }, position: { 'position.qty': 10, 'position.bars': 3 } }));
    expect(events).toEqual([]);
  });

  it('needs the previous bar for a crossing: none on the first bar', async () => {
    const ref = createReferenceEngine(graph);
    const first: BarFacts = { ...bar({ series: { close: 102, 'rsi(close,14)': 60 } }), previous: {} };
    expect(await ref.evaluate(first)).toEqual([]);
  });

  it('treats a not-ready series as missing: no crossing while upper is null', async () => {
    const ref = createReferenceEngine(graph);
    expect(await ref.evaluate(bar({ series: { close: 102, upper: null, 'rsi(close,14)': 60 } }))).toEqual([]);
  });

  it('orders events as the graph orders rules (exits first) and evaluates `any`', async () => {
    const ref = createReferenceEngine(graph);
    const events = await ref.evaluate(
      bar({ series: { close: 102, 'rsi(close,14)': 85 }, clock: { time: 910, prev_time: 905 } }),
    );
    expect(events.map((e) => e.rule)).toEqual(['exit.1', 'exit.2', 'entry.1']);
  });

  it('fires a clock rule once a day: on the first bar closing at or after the time', async () => {
    const ref = createReferenceEngine(graph);
    const at = async (time: number, prev_time: number) => (await ref.evaluate(bar({ clock: { time, prev_time } }))).map((e) => e.rule);
    expect(await at(905, 900)).toEqual([]);
    expect(await at(910, 905)).toEqual(['exit.2']);
    expect(await at(915, 910)).toEqual([]);
    expect(await at(920, -1)).toEqual(['exit.2']); // a day whose first bar is already past 15:10
  });

  it('exits after N bars through position state', async () => {
    const ref = createReferenceEngine(graph);
    const events = await ref.evaluate(bar({ position: { 'position.qty': 5, 'position.bars': 10 } }));
    expect(events.map((e) => e.rule)).toEqual(['exit.1']);
  });

  it('rejects a bar that lacks a series the rules read', async () => {
    const ref = createReferenceEngine(graph);
    const broken = { ...bar({}), series: { close: 1 } };
    await expect(ref.evaluate(broken)).rejects.toMatchObject({ code: 'ALGO_REFERENCE_FACTS', message: 'bar facts lack series "lowest(low,5)"' });
  });

  it('loads the rules unchanged: the engine holds exactly the graph rules', () => {
    const ref = createReferenceEngine(graph);
    const loaded = (ref.engine as unknown as { rules: { toJSON(s: false): unknown }[] }).rules.map((r) => r.toJSON(false));
    const strip = (x: unknown): unknown => JSON.parse(JSON.stringify(x));
    expect(strip(loaded.map((r) => (r as { conditions: unknown }).conditions))).toEqual(
      strip(graph.rules.map((r) => r.conditions)).map(withPriority),
    );
  });
});

describe('constant conditions under json-rules-engine', () => {
  it('`all []` is true and `not all []` false, as the compiler writes true and false; an empty `any` is refused', async () => {
    const g = breakoutGraph();
    g.rules = [
      { ...g.rules[0]!, name: 'exit.1', conditions: { all: [] }, event: { type: 'exit', params: { rule: 'exit.1', side: 'all', closes: ['entry.1'], reason: 'condition' } } },
      { ...g.rules[0]!, name: 'exit.2', conditions: { not: { all: [] } }, event: { type: 'exit', params: { rule: 'exit.2', side: 'all', closes: ['entry.1'], reason: 'condition' } } },
      g.rules[2]!,
    ];
    const ref = createReferenceEngine(RuleGraphSchema.parse(g));
    expect((await ref.evaluate(bar({}))).map((e) => e.rule)).toEqual(['exit.1']);
    g.rules[1]!.conditions = { any: [] };
    expect(parseGraph(g).errors).toEqual(['rules.1.conditions: an empty `any` (json-rules-engine takes it as true; write false as `not: { all: [] }`)']);
  });
});

// json-rules-engine's toJSON adds `priority: 1` to every boolean node it serialises.
function withPriority(c: unknown): unknown {
  if (Array.isArray(c)) return c.map(withPriority);
  if (c && typeof c === 'object') {
    const o = Object.fromEntries(Object.entries(c).map(([k, v]) => [k, k === 'value' || k === 'params' ? v : withPriority(v)]));
    return 'all' in o || 'any' in o || 'not' in o ? { priority: 1, ...o } : o;
  }
  return c;
}
