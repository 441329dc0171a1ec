import { describe, expect, it } from 'vitest';
import { parseGraph, serializeGraph, type RuleGraph } from '../../src/graph/index.js';
import { breakoutGraph } from '../fixtures/breakout-graph.js';

function broken(mutate: (g: RuleGraph) => void): string[] {
  const g = breakoutGraph();
  mutate(g);
  return parseGraph(g).errors;
}

describe('RuleGraphSchema', () => {
  it('accepts a consistent graph', () => {
    expect(parseGraph(breakoutGraph()).errors).toEqual([]);
  });

  it('names the path of a shape error', () => {
    expect(broken((g) => ((g.rules[0]!.conditions as { any: unknown[] }).any[0] = { fact: 'x', operator: 'greaterThan', value: 1 }))).toEqual([
      expect.stringMatching(/^rules\.0\.conditions/),
    ]);
    expect(broken((g) => ((g as { format: string }).format = 'algo.rulegraph/v0'))[0]).toMatch(/^format: /);
    expect(broken((g) => ((g.series[0] as { extra?: number }).extra = 1))[0]).toMatch(/^series\.0: .*extra/i);
  });

  it('rejects a reference to a series defined later or not at all', () => {
    expect(broken((g) => g.series.reverse())).toContain('series.2.expr: "highest(high,lookback)" is not a series defined before "upper"');
    expect(broken((g) => ((g.rules[2]!.conditions as { all: { fact: string }[] }).all[1]!.fact = 'rsi(close,15)'))).toEqual([
      'rules.2.conditions: unknown fact "rsi(close,15)"',
    ]);
  });

  it('rejects a read deeper than the series keeps', () => {
    expect(broken((g) => (g.series[3]!.history = 0))).toEqual([
      'series.4.expr: "highest(high,lookback)" keeps 0 bars of history but 1 are read',
    ]);
    expect(broken((g) => (g.series[0]!.history = 0))).toEqual(['rules.2.conditions: "close" is crossed but keeps no history']);
  });

  it('requires window 2 exactly on crossing operands', () => {
    expect(broken((g) => delete (g.rules[2]!.conditions as { all: { params?: unknown }[] }).all[0]!.params)).toEqual([
      'rules.2.conditions: fact "close" must be read with params.window = 2 exactly when it is a crossed series',
    ]);
  });

  it('rejects unknown parameters, duplicate ids and a stateful call below the top', () => {
    expect(broken((g) => (g.series[3]!.expr = { op: 'call', fn: 'highest', args: [{ op: 'ref', id: 'high' }, { op: 'param', name: 'nope' }] }))).toEqual([
      'series.3.expr: unknown parameter "nope"',
    ]);
    expect(broken((g) => (g.series[2]!.id = 'high'))).toContain('series.2.id: series id "high" is used twice');
    expect(
      broken((g) => (g.series[4]!.expr = { op: 'add', args: [{ op: 'call', fn: 'ema', args: [] }, { op: 'const', value: 1 }] })),
    ).toContain('series.4.expr: "call" may only be the whole expression of a series');
  });

  it('serialises canonically: schema key order whatever the input order, one trailing newline', () => {
    const g = breakoutGraph();
    const shuffled = Object.fromEntries(Object.entries(g).reverse()) as RuleGraph;
    expect(serializeGraph(shuffled)).toBe(serializeGraph(g));
    expect(serializeGraph(g).startsWith('{"format":"algo.rulegraph/v1","compiler":')).toBe(true);
    expect(serializeGraph(g, { pretty: true })).toMatch(/^\{\n {2}"format"[\s\S]*\}\n$/);
  });

  it('reports malformed trees with their paths and never throws on junk', () => {
    expect(broken((g) => ((g.series[4]!.expr as unknown as { args: unknown }) = { op: 'add', args: 5 } as never))).toEqual([
      'series.4.expr.args: expected an array',
    ]);
    expect(broken((g) => ((g.series[4] as { expr: unknown }).expr = { op: 'sub', args: [{ op: 'ref', id: 'high' }, { op: 'avg' }] }))).toEqual([
      'series.4.expr.args.1.op: unknown op "avg"',
    ]);
    expect(broken((g) => ((g.rules[0] as { conditions: unknown }).conditions = { all: 3 }))).toEqual(['rules.0.conditions.all: expected an array']);
    expect(broken((g) => ((g.rules[0] as { conditions: unknown }).conditions = { fact: 'close', operator: 'gt', value: 1 }))).toEqual([
      "rules.0.conditions: a rule's conditions must start with all, any or not",
    ]);
    for (const junk of [null, undefined, 5, 'graph', [], {}, { format: 'algo.rulegraph/v1' }, { ...breakoutGraph(), series: [null] }, { ...breakoutGraph(), rules: [{}] }]) {
      expect(parseGraph(junk).errors.length).toBeGreaterThan(0);
    }
  });
});
