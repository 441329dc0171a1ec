import { describe, expect, it } from 'vitest';
import { analyze } from '@algo/language';
import { entryWhen, problems } from '../helpers.js';

function settingsOf(lines: string) {
  const a = analyze(`strategy "S" {\n${lines}\n${entryWhen('close > open')}\n}\n`);
  return { settings: a.model.settings, problems: a.diagnostics.map((d) => `${d.code} ${d.message}`) };
}

describe('settings', () => {
  it('fills in the documented defaults', () => {
    const { settings, problems } = settingsOf('  asset stocks\n  symbols "NSE_EQ|TCS"');
    expect(problems).toEqual([]);
    expect(settings).toEqual({
      name: 'S',
      asset: 'stocks',
      symbols: ['NSE_EQ|TCS'],
      underlying: undefined,
      timeframe: '1m',
      session: { start: '09:15', end: '15:30' },
      timezone: 'Asia/Kolkata',
      exchange: 'NSE',
      capital: 100_000,
      maxPositions: 1,
      commission: undefined,
      slippage: undefined,
      fill: 'next_open',
      maxDailyLoss: undefined,
      maxTradesPerDay: undefined,
    });
  });

  it('resolves every written setting', () => {
    const { settings, problems } = settingsOf(`  asset futures
  symbols "MCX_FO|CRUDEOIL"
  timeframe 15m
  session 10:00 - 23:00
  timezone "Asia/Kolkata"
  capital 250_000
  max_positions 1
  commission 0.03%
  slippage 5 bps
  fill on_close
  max_daily_loss 5000
  max_trades_per_day 3`);
    expect(problems).toEqual([]);
    expect(settings).toMatchObject({
      exchange: 'MCX',
      session: { start: '10:00', end: '23:00' },
      capital: 250_000,
      commission: { kind: 'percent', fraction: 0.0003 },
      slippage: { kind: 'bps', amount: 5 },
      fill: 'on_close',
      maxDailyLoss: { kind: 'amount', amount: 5000 },
      maxTradesPerDay: 3,
    });
  });

  it('reads commission presets and flat fees', () => {
    expect(settingsOf('  asset stocks\n  symbols "NSE_EQ|TCS"\n  commission india_equity_intraday').settings.commission).toEqual({ kind: 'preset', preset: 'india_equity_intraday' });
    expect(settingsOf('  asset stocks\n  symbols "NSE_EQ|TCS"\n  commission 20 per_order').settings.commission).toEqual({ kind: 'per_order', amount: 20 });
  });

  it('reports what each asset requires or ignores', () => {
    expect(settingsOf('  symbols "NSE_EQ|TCS"').problems).toEqual(['ALG407 say what the strategy trades: add `asset stocks`, `asset options` or `asset futures`']);
    expect(settingsOf('  asset stocks').problems).toEqual(['ALG407 a stocks strategy needs `symbols`, e.g. `symbols "NSE_EQ|TCS"`']);
  });

  it('checks instrument keys and offers the NSE form as a fix', () => {
    const a = analyze(`strategy "S" {\n  asset stocks\n  symbols "infy"\n${entryWhen('close > open')}\n}`);
    expect(a.diagnostics[0]!.code).toBe('ALG307');
    expect(a.diagnostics[0]!.fixes[0]!.text).toBe('"NSE_EQ|INFY"');
  });

  it('keeps the session inside the exchange hours', () => {
    expect(problems(`strategy "S" {\n  asset stocks\n  symbols "NSE_EQ|TCS"\n  session 15:00 - 10:00\n${entryWhen('close > open')}\n}`)).toEqual([
      '4:11 ALG404 the session ends (10:00) before it starts (15:00)',
    ]);
  });
});
