import { describe, expect, it } from 'vitest';
import type { EntryIntent } from '../../src/index.js';
import { compileOk, series, strategy } from '../helpers/compile.js';

const intents = (body: string, head?: string) =>
  compileOk(strategy(body, head)).rules.filter((r) => r.event.type === 'entry').map((r) => r.event.params as EntryIntent);

describe('entry intents', () => {
  it('carries every stop-loss and take-profit form', () => {
    const got = intents(`
  entry long when close > open { stop_loss 2% take_profit 4% }
  entry long when close > open { stop_loss 50 points take_profit 2R }
  entry long when close > open { stop_loss 2 atr take_profit 3 atr(10) }
  entry long when close > open { stop_loss at 3500 take_profit at highest(high, 20) }
  entry long when close > open { stop_loss at lowest(low, 5) trailing_stop 1.5% }
  entry long when close > open { stop_loss 1% trailing_stop 40 points }
  entry long when close > open { stop_loss 1% trailing_stop 3 atr }`);
    expect(got.map((i) => [i.stop_loss, i.take_profit, i.trailing_stop])).toEqual([
      [{ kind: 'percent', value: 0.02 }, { kind: 'percent', value: 0.04 }, undefined],
      [{ kind: 'points', value: 50 }, { kind: 'r', value: 2 }, undefined],
      [{ kind: 'atr', value: 2, series: 'atr(14)' }, { kind: 'atr', value: 3, series: 'atr(10)' }, undefined],
      [{ kind: 'price', value: 3500 }, { kind: 'price_series', series: 'highest(high,20)' }, undefined],
      [{ kind: 'price_series', series: 'lowest(low,5)' }, undefined, { kind: 'percent', value: 0.015 }],
      [{ kind: 'percent', value: 0.01 }, undefined, { kind: 'points', value: 40 }],
      [{ kind: 'percent', value: 0.01 }, undefined, { kind: 'atr', value: 3, series: 'atr(14)' }],
    ]);
  });

  it('keeps the series an intent reads, with their warm-up counted in', () => {
    const g = compileOk(strategy(`
  entry long when close > open { stop_loss at lowest(low, 50) }`));
    expect(series(g, 'lowest(low,50)').warmup).toBe(49);
    expect(g.warmup['5m']).toBe(49);
  });

  it('carries every sizing form, qty 1 when none is written', () => {
    const got = intents(`
  entry long when close > open { qty 10 stop_loss 1% }
  entry long when close > open { qty 2 lots stop_loss 1% }
  entry long when close > open { size 10% of equity stop_loss 1% }
  entry long when close > open { risk 1% of equity stop_loss 1% }
  entry long when close > open { stop_loss 1% }`);
    expect(got.map((i) => i.sizing)).toEqual([
      { kind: 'qty', value: 10 },
      { kind: 'lots', value: 2 },
      { kind: 'equity_pct', value: 0.1 },
      { kind: 'risk_pct', value: 0.01 },
      { kind: 'qty', value: 1 },
    ]);
  });

  it('folds the defaults into each entry and lists them in settings', () => {
    const g = compileOk(strategy(`
  default stop_loss 2 atr
  default take_profit 2R
  default qty 5
  entry long "a" when close > open { stop_loss 1% }
  entry short "b" when close < open { take_profit 3% }`));
    const [a, b] = g.rules.map((r) => r.event.params as EntryIntent);
    expect(a).toMatchObject({ label: 'a', side: 'long', sizing: { kind: 'qty', value: 5 }, stop_loss: { kind: 'percent', value: 0.01 }, take_profit: { kind: 'r', value: 2 } });
    expect(b).toMatchObject({ label: 'b', side: 'short', stop_loss: { kind: 'atr', value: 2, series: 'atr(14)' }, take_profit: { kind: 'percent', value: 0.03 } });
    expect(g.settings.defaults).toEqual({ sizing: { kind: 'qty', value: 5 }, stop_loss: { kind: 'atr', value: 2, series: 'atr(14)' }, take_profit: { kind: 'r', value: 2 } });
  });

  it('resolves option strikes to a signed offset from ATM', () => {
    const head = 'asset options\n  underlying "NSE_INDEX|Nifty Bank"\n  timeframe 5m';
    const got = intents(`
  default stop_loss 30%
  entry long when close > open { buy call atm expiry weekly }
  entry long when close > open { buy call atm+2 expiry monthly }
  entry long when close > open { buy put atm-1 expiry weekly }
  entry long when close > open { buy call otm 2 expiry weekly }
  entry long when close > open { buy put otm 2 expiry weekly }
  entry long when close > open { sell call itm 1 expiry weekly }
  entry long when close > open { sell put itm 3 expiry weekly }`, head);
    expect(got.map((i) => i.option)).toEqual([
      { action: 'buy', right: 'call', strike: { select: 'atm', steps: 0, offset: 0 }, expiry: 'weekly' },
      { action: 'buy', right: 'call', strike: { select: 'atm', steps: 2, offset: 2 }, expiry: 'monthly' },
      { action: 'buy', right: 'put', strike: { select: 'atm', steps: 1, offset: -1 }, expiry: 'weekly' },
      { action: 'buy', right: 'call', strike: { select: 'otm', steps: 2, offset: 2 }, expiry: 'weekly' },
      { action: 'buy', right: 'put', strike: { select: 'otm', steps: 2, offset: -2 }, expiry: 'weekly' },
      { action: 'sell', right: 'call', strike: { select: 'itm', steps: 1, offset: -1 }, expiry: 'weekly' },
      { action: 'sell', right: 'put', strike: { select: 'itm', steps: 3, offset: 3 }, expiry: 'weekly' },
    ]);
  });
});

describe('exit intents', () => {
  it('say what they close, why, and which entries they may close', () => {
    const g = compileOk(strategy(`
  entry long "a" when close > open { stop_loss 1% }
  entry short "b" when close < open { stop_loss 1% }
  exit long when close < open
  exit "b" after 5 bars
  exit all at 15:10`));
    expect(g.rules.filter((r) => r.event.type === 'exit').map((r) => r.event.params)).toEqual([
      { rule: 'exit.1', side: 'long', closes: ['entry.1'], reason: 'condition' },
      { rule: 'exit.2', side: 'all', entry_label: 'b', closes: ['entry.2'], reason: 'bars', after_bars: 5 },
      { rule: 'exit.3', side: 'all', closes: ['entry.1', 'entry.2'], reason: 'time', at: '15:10' },
    ]);
  });
});
