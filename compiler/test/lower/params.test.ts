import { describe, expect, it } from 'vitest';
import { serializeGraph } from '../../src/index.js';
import { compileErrors, compileOk, series, strategy } from '../helpers/compile.js';

const src = strategy(`
  param lookback = 20 in 10..60 step 5
  param sl = 2% in 1%..4% step 0.5%
  param filter = true
  let upper = highest(high, lookback)[1]
  entry long when close crosses above upper and filter { stop_loss sl }`);

describe('params', () => {
  it('stay symbolic in series and rules, with defaults, values, ranges and how they are used', () => {
    const g = compileOk(src);
    expect(g.params).toEqual([
      { name: 'lookback', type: 'number', integer: true, default: 20, value: 20, min: 10, max: 60, step: 5 },
      { name: 'sl', type: 'percent', integer: false, default: 0.02, value: 0.02, min: 0.01, max: 0.04, step: 0.005 },
      { name: 'filter', type: 'bool', integer: false, default: true, value: true },
    ]);
    expect(series(g, 'highest(high,lookback)').expr).toEqual({ op: 'call', fn: 'highest', args: [{ op: 'ref', id: 'high' }, { op: 'param', name: 'lookback' }] });
    const entry = g.rules[0]!;
    expect(entry.conditions).toMatchObject({ all: [{ operator: 'crossesAbove' }, { fact: 'param.filter', operator: 'eq', value: true }] });
    expect(entry.event.params).toMatchObject({ stop_loss: { kind: 'percent', value: 0.02, param: 'sl' } });
  });

  it('an override changes the value, the warm-ups and the resolved indicator arguments', () => {
    const g = compileOk(src, { params: { lookback: 30, sl: 0.03, filter: false } });
    expect(g.params.map((p) => p.value)).toEqual([30, 0.03, false]);
    expect(series(g, 'highest(high,lookback)').warmup).toBe(29);
    expect(series(g, 'upper').warmup).toBe(30);
    expect(g.warmup).toEqual({ '5m': 31 });
    expect(g.indicators_config.timeframes[0]!.indicators[0]).toMatchObject({ id: 'highest(high,lookback)', args: { length: 30 } });
    expect(g.rules[0]!.event.params).toMatchObject({ stop_loss: { kind: 'percent', value: 0.03, param: 'sl' } });
  });

  it('reports an override outside the declared range at the param', () => {
    expect(compileErrors(src, { params: { lookback: 70 } })).toEqual(['6:9 ALG303 the override lookback = 70 is outside the param\'s range 10..60']);
    expect(compileErrors(src, { params: { sl: 0.05 } })).toEqual(['7:9 ALG303 the override sl = 5% is outside the param\'s range 1%..4%']);
  });

  it('reports a value of the wrong type', () => {
    expect(compileErrors(src, { params: { lookback: Number.NaN } })).toEqual(['6:9 ALG300 the override for param `lookback` must be a finite number, got null']);
    expect(compileErrors(src, { params: { filter: 1 } })).toEqual(['8:9 ALG300 the override for param `filter` must be true or false, got 1']);
    expect(compileErrors(src, { params: { lookback: true } })).toEqual(['6:9 ALG300 the override for param `lookback` must be a finite number, got true']);
  });

  it('reports an unknown name, listing the params there are', () => {
    expect(compileErrors(src, { params: { lokback: 30 } })).toEqual([
      '1:10 ALG200 cannot override `lokback`: the strategy has no param of that name (its params are `lookback`, `sl`, `filter`)',
    ]);
  });

  it('checks an override against its uses: a length must be a whole number of at least 1', () => {
    const free = strategy(`
  param n = 20
  entry long when close > sma(close, n) { stop_loss 2% }`);
    expect(compileErrors(free, { params: { n: 2.5 } })).toEqual(['6:9 ALG303 the override n = 2.5 must be a whole number (it is used as a count at line 7, column 38)']);
    expect(compileErrors(free, { params: { n: 0 } })).toEqual(['6:9 ALG303 the override n = 0 must be at least 1 (it is used as a count at line 7, column 38)']);
    expect(compileOk(free, { params: { n: 7 } }).indicators_config.timeframes[0]!.indicators[0]!.args).toEqual({ length: 7 });
  });

  it('gives the same bytes whatever order the overrides come in', () => {
    const a = serializeGraph(compileOk(src, { params: { lookback: 30, sl: 0.03 } }));
    const b = serializeGraph(compileOk(src, { params: { sl: 0.03, lookback: 30 } }));
    expect(a).toBe(b);
    expect(a).not.toBe(serializeGraph(compileOk(src)));
  });
});
