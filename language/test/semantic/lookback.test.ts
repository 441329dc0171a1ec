import { describe, expect, it } from 'vitest';
import { analyze, type LetDecl } from '@algo/language';
import { entryWhen, strategy } from '../helpers.js';

/** Warm-up (bars) of `let x = <expr>` in a strategy with the given settings. */
function lookback(expr: string, settings = ''): number | undefined {
  const a = analyze(strategy(`${settings}\n  param n = 20 in 10..50\n  let x = ${expr}\n${entryWhen('x == x and n > 0')}`));
  expect(a.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const decl = a.ast.strategies[0]!.items.find((i) => i.kind === 'Let') as LetDecl;
  return a.model.lookbackOf(decl.value);
}

describe('warm-up', () => {
  it('follows the catalogue for single calls (TA-Lib lookbacks)', () => {
    expect(lookback('close')).toBe(0);
    expect(lookback('sma(close, 20)')).toBe(19);
    expect(lookback('rsi(close, 14)')).toBe(14);
    expect(lookback('rsi(close)')).toBe(14);
    expect(lookback('macd(close)')).toBe(33);
    expect(lookback('macd(close).signal')).toBe(33);
    expect(lookback('atr(14)')).toBe(14);
    expect(lookback('adx(14)')).toBe(27);
    expect(lookback('abs(close)')).toBe(0);
  });

  it('composes through nesting, history and operators', () => {
    expect(lookback('sma(rsi(close, 14), 5)')).toBe(18);
    expect(lookback('ema(close, 10)[3]')).toBe(12);
    expect(lookback('sma(close, 5) - sma(close, 20)')).toBe(19);
    expect(lookback('close crosses above sma(close, 5)')).toBe(5);
    expect(lookback('highest(high, n)[1]')).toBe(20);
  });

  it('converts `on` warm-up into strategy bars: (L + 2)·r − 2', () => {
    expect(lookback('sma(close, 20) on 1h', '  timeframe 15m')).toBe((19 + 2) * 4 - 2);
    // a trading day is the session: 09:15-15:30 is 25 bars of 15m
    expect(lookback('close on 1d', '  timeframe 15m')).toBe((0 + 2) * 25 - 2);
    expect(lookback('close[1] on 1w', '  timeframe 1d')).toBe((1 + 2) * 5 - 2);
  });

  it('reports the strategy warm-up at param defaults and at the ends of their ranges', () => {
    const a = analyze(
      strategy(`  param n = 20 in 10..50
  entry long when close > highest(high, n)[1] {
    stop_loss 2 atr(30)
  }`),
    );
    expect(a.model.warmup).toBe(30);
    expect(a.model.maxWarmup).toBe(50);
  });
});
