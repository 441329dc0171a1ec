import { describe, expect, it } from 'vitest';
import { compileOk, series, strategy } from '../helpers/compile.js';

describe('shared series', () => {
  it('two ema(close, 9) are one series, and a default argument spelled out is the same call', () => {
    const g = compileOk(strategy(`
  entry long when ema(close, 9) > ema(close, 21) and rsi(close) < 70 { stop_loss 2% }
  exit when ema(close, 9) < ema(close, 21) or rsi(close, 14) > 80`));
    expect(g.series.map((s) => s.id)).toEqual(['close', 'ema(close,9)', 'ema(close,21)', 'rsi(close,14)']);
  });

  it('a let that computes something is a series named after it; the same expression elsewhere reuses it', () => {
    const g = compileOk(strategy(`
  let spread = high - low
  entry long when spread > 10 { stop_loss 2% }
  exit when high - low < 2`));
    const s = series(g, 'spread');
    expect(s).toMatchObject({ kind: 'derived', names: ['spread'], expr: { op: 'sub', args: [{ op: 'ref', id: 'high' }, { op: 'ref', id: 'low' }] } });
    expect(g.series.filter((x) => x.kind === 'derived')).toHaveLength(1);
    expect(g.rules[1]!.conditions).toEqual({ all: [{ fact: 'spread', operator: 'lt', value: 2 }] });
  });

  it('a let that just names an indicator keeps the indicator id and records the name', () => {
    const g = compileOk(strategy(`
  let fast = ema(close, 9)
  let quick = ema(close, 9)
  entry long when fast > quick + 1 { stop_loss 2% }`));
    expect(series(g, 'ema(close,9)').names).toEqual(['fast', 'quick']);
  });

  it('leaves out what no rule reads (unused lets, series behind constants)', () => {
    const g = compileOk(strategy(`
  let unused = sma(close, 200)
  entry long when close > open { stop_loss 2% }`));
    expect(g.series.map((s) => s.id)).toEqual(['close', 'open']);
  });

  it('keeps plain arithmetic inline and folds literals', () => {
    const g = compileOk(strategy(`
  entry long when (close - open) / atr(14) > 2 * 0.5 { stop_loss 2% }`));
    const lhs = g.series.find((s) => s.id === '$1')!;
    expect(lhs.expr).toEqual({
      op: 'div',
      args: [{ op: 'sub', args: [{ op: 'ref', id: 'close' }, { op: 'ref', id: 'open' }] }, { op: 'ref', id: 'atr(14)' }],
    });
    expect(g.rules[0]!.conditions).toEqual({ all: [{ fact: '$1', operator: 'gt', value: 1 }] });
  });

  it('gives multi-output indicators one series per output read', () => {
    const g = compileOk(strategy(`
  entry long when macd(close).line crosses above macd(close).signal and bollinger(close).lower < close { stop_loss 2% }`));
    expect(g.series.filter((s) => s.kind === 'indicator').map((s) => s.id)).toEqual([
      'macd(close,12,26,9).line',
      'macd(close,12,26,9).signal',
      'bollinger(close,20,2).lower',
    ]);
    expect(series(g, 'macd(close,12,26,9).signal').warmup).toBe(33);
  });

  it('reads an output through a let, an `on` and a history read of the call', () => {
    const g = compileOk(strategy(`
  let m = macd(close)
  let bb = bollinger(close, 20, 2) on 1h
  entry long when m.line crosses above m.signal and close > bb.upper and m[1].hist < 0 { stop_loss 2% }`));
    expect(g.series.filter((s) => s.kind === 'indicator').map((s) => s.id)).toEqual([
      'macd(close,12,26,9).line',
      'macd(close,12,26,9).signal',
      'bollinger(close,20,2).upper@1h',
      'macd(close,12,26,9).hist',
    ]);
    expect(series(g, '$2')).toMatchObject({ expr: { op: 'ref', id: 'macd(close,12,26,9).hist', ago: { op: 'const', value: 1 } } });
  });
});
