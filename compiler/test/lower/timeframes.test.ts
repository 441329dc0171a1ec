import { describe, expect, it } from 'vitest';
import { compileOk, series, strategy } from '../helpers/compile.js';

describe('multi-timeframe reads', () => {
  it('computes an `on` body on its timeframe and reads it from a base-timeframe copy in conditions', () => {
    const g = compileOk(strategy(`
  entry long when close > ema(close, 50) on 1h and rsi(close, 14) on 1d < 70 { stop_loss 2% }`));
    expect(g.settings.timeframes).toEqual(['5m', '1h', '1d']);
    expect(series(g, 'ema(close,50)@1h')).toMatchObject({
      timeframe: '1h',
      kind: 'indicator',
      expr: { op: 'call', fn: 'ema', args: [{ op: 'ref', id: 'close@1h' }, { op: 'const', value: 50 }] },
      warmup: 49,
      label: 'ema(close, 50) on 1h',
    });
    expect(series(g, 'close@1h')).toMatchObject({ timeframe: '1h', kind: 'field' });
    expect(series(g, '$1')).toMatchObject({ timeframe: '5m', expr: { op: 'ref', id: 'ema(close,50)@1h' }, warmup: 0 });
    expect(g.rules[0]!.conditions).toEqual({
      all: [
        { fact: 'close', operator: 'gt', value: { fact: '$1' } },
        { fact: '$2', operator: 'lt', value: 70 },
      ],
    });
    expect(g.warmup).toEqual({ '5m': 0, '1h': 49, '1d': 14 });
    expect(g.indicators_config.timeframes.map((t) => [t.timeframe, t.warmup, t.series])).toEqual([
      ['5m', 0, ['close', '$1', '$2']],
      ['1h', 49, ['close@1h', 'ema(close,50)@1h']],
      ['1d', 14, ['close@1d', 'rsi(close,14)@1d']],
    ]);
  });

  it('shifts an `on` value in base bars through a base copy, and a shifted body in its own bars', () => {
    const g = compileOk(strategy(`
  entry long when (sma(close, 10) on 1h)[2] < sma(close, 10)[1] on 1h { stop_loss 2% }`));
    const h = 'sma(close,10)@1h';
    expect(series(g, h).history).toBe(1);
    const ids = g.series.map((s) => `${s.id}:${s.timeframe}:${JSON.stringify(s.expr)}`);
    expect(ids).toContain(`$1:5m:{"op":"ref","id":"${h}"}`);
    expect(ids).toContain(`$2:5m:{"op":"ref","id":"$1","ago":{"op":"const","value":2}}`);
    expect(ids).toContain(`$3:1h:{"op":"ref","id":"${h}","ago":{"op":"const","value":1}}`);
  });

  it('shares one timeframe\'s series between rules', () => {
    const g = compileOk(strategy(`
  entry long when close > ema(close, 50) on 1h { stop_loss 2% }
  exit when close < ema(close, 50) on 1h`));
    expect(g.series.filter((s) => s.timeframe === '1h').map((s) => s.id)).toEqual(['close@1h', 'ema(close,50)@1h']);
  });
});
