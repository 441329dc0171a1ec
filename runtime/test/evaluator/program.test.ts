import { describe, expect, it } from 'vitest';
import { loadProgram } from '../../src/evaluator/program.js';
import { SeriesBuffer } from '../../src/evaluator/series-buffer.js';
import { breakoutGraph, kitchenSinkGraph } from './fixtures/graphs.js';

describe('loadProgram', () => {
  it('loads a valid graph and sizes each buffer by the deepest read', () => {
    const r = loadProgram(kitchenSinkGraph());
    expect(r.errors).toEqual([]);
    const p = r.program!;
    expect(p.byId.get('close')!.depth).toBe(2);
    expect(p.byId.get('up@1h')!.depth).toBe(0);
    expect(p.byId.get('close@1h')!.depth).toBe(1);
    expect(p.timeframes.map((t) => [t.tf, t.warmup])).toEqual([['5m', 16], ['1h', 4], ['1d', 1]]);
  });

  it('reports a graph that fails the schema, naming the field', () => {
    const g = breakoutGraph() as unknown as { rules: { conditions: unknown }[] };
    g.rules[0]!.conditions = { all: [{ fact: 'nope', operator: 'gt', value: 1 }] };
    const r = loadProgram(g);
    expect(r.program).toBeUndefined();
    expect(r.errors.join('\n')).toContain('rules.0.conditions: unknown fact "nope"');
  });

  it('refuses an indicator the runtime does not implement, before any bar', () => {
    const g = breakoutGraph();
    const s = g.series.find((x) => x.id === 'rsi(close,14)')!;
    s.expr = { op: 'call', fn: 'nosuch', args: [{ op: 'ref', id: 'close' }] };
    const r = loadProgram(g);
    expect(r.errors).toEqual(['no indicator named "nosuch"']);
  });

  it('refuses a timeframe it cannot build from intraday bars', () => {
    const g = kitchenSinkGraph();
    g.settings.timeframes = ['5m', '1h', '2d'];
    for (const s of g.series) if (s.timeframe === '1d') s.timeframe = '2d';
    g.warmup = { '5m': 16, '1h': 4, '2d': 1 };
    g.indicators_config.timeframes[2]!.timeframe = '2d';
    const r = loadProgram(g);
    expect(r.errors[0]).toMatch(/timeframe 2d cannot be built from intraday bars/);
  });
});

describe('SeriesBuffer', () => {
  it('reads back exactly depth values and is missing beyond them', () => {
    const b = new SeriesBuffer(2);
    expect(b.at(0)).toBeNaN();
    for (const v of [1, 2, 3, 4]) b.push(v);
    expect([b.at(0), b.at(1), b.at(2)]).toEqual([4, 3, 2]);
    expect(b.at(3)).toBeNaN();
    b.push(Infinity);
    expect(b.last).toBeNaN();
    expect(b.window()).toEqual([3, 4, NaN]);
  });
});

describe('explain', () => {
  it('gives every rule with its conditions and values, and every series, on the latest bar', async () => {
    const { randomBars } = await import('./helpers/random-bars.js');
    const graph = breakoutGraph();
    const ev = loadProgram(graph).program!.instantiate();
    const bars = await randomBars(graph, 7);
    let fired = -1;
    for (const b of bars) if (ev.push(b) > 0 && fired < 0) fired = ev.bars;
    const x = ev.explain();
    expect(x.warm).toBe(true);
    expect(x.rules.map((r) => r.rule)).toEqual(['exit.1', 'exit.2', 'entry.1', 'entry.2']);
    for (const r of x.rules) expect(r.fired).toBe((r.conditions as { result: boolean }).result);
    expect(Object.keys(x.series)).toEqual(graph.series.map((s) => s.id));
    expect(x.series['close']).toBe(bars[bars.length - 1]!.c);
    expect(x.clock.time).toBeGreaterThan(555);
  });
});
