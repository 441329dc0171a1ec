import { describe, expect, it } from 'vitest';
import { openData, parseDataSpecs, warmupBars } from '../../src/backtest/data-specs.js';
import { OptionChainResolver } from '../../src/backtest/option-resolver.js';
import { runBacktest } from '../../src/backtest/run.js';
import { SyntheticOptionChain, blackScholes } from '../../src/backtest/synthetic-chain.js';
import { NSE_SESSION } from '../../src/data/session.js';
import { compileOk, hhmm, ist } from './helpers.js';

const BANK = 'NSE_INDEX|Nifty Bank';

async function runOptions(source: string, from = '2024-01-01', to = '2024-01-31') {
  const graph = compileOk(source);
  const parsed = parseDataSpecs(['synth'], [graph.settings.underlying!]);
  if ('error' in parsed) throw new Error(parsed.error);
  const opened = await openData(parsed.specs, { timeframe: graph.settings.timeframe, session: NSE_SESSION, asset: 'options', from, to, warmupBars: warmupBars(graph, NSE_SESSION) });
  const r = await runBacktest(graph, opened.data, { from: opened.from!, to: opened.to!, optionChain: opened.optionChain! });
  if (!r.result) throw new Error(r.errors.join('\n'));
  return r.result;
}

describe('option contracts', () => {
  const chain = new SyntheticOptionChain({ underlying: BANK, session: NSE_SESSION, barMs: 300_000 });
  const resolver = new OptionChainResolver(chain);
  const t = ist('2024-01-10 10:00'); // a Wednesday: the next Tuesday is 2024-01-16
  chain.onUnderlying(BANK, { t, o: 48_020, h: 48_060, l: 48_000, c: 48_030, v: 0 });

  it('picks the strike from the underlying price and the leg (atm±n, otm/itm per right)', () => {
    const pick = (right: 'call' | 'put', select: 'atm' | 'otm' | 'itm', offset: number, expiry: 'weekly' | 'monthly' = 'weekly') => {
      const r = resolver.resolve(BANK, { action: 'buy', right, strike: { select, steps: Math.abs(offset), offset }, expiry }, 48_030, t);
      if ('error' in r) throw new Error(r.error);
      return [r.spec.strike, new Date(r.spec.expiry!).toISOString().slice(0, 10), r.spec.lot_size];
    };
    expect(pick('call', 'atm', 0)).toEqual([48_000, '2024-01-16', 30]);
    expect(pick('call', 'atm', 1)).toEqual([48_100, '2024-01-16', 30]);
    expect(pick('put', 'otm', -2)).toEqual([47_800, '2024-01-16', 30]);
    expect(pick('call', 'itm', -1)).toEqual([47_900, '2024-01-16', 30]);
    // the month's last listed Tuesday
    expect(pick('call', 'atm', 0, 'monthly')).toEqual([48_000, '2024-01-30', 30]);
  });

  it('says why when a strike is not listed', () => {
    const r = resolver.resolve(BANK, { action: 'buy', right: 'call', strike: { select: 'otm', steps: 40, offset: 40 }, expiry: 'weekly' }, 48_030, t);
    expect(r).toEqual({ error: expect.stringMatching(/is not listed for expiry 2024-01-16/) });
  });

  it('prices bars by Black–Scholes at the underlying OHLC, high from the high for calls and from the low for puts', () => {
    const key = 'NSE_FO|NIFTYBANK 2024-01-16 48000 CE';
    const bar = chain.bar(key, t)!;
    expect(bar.h).toBeGreaterThanOrEqual(Math.max(bar.o, bar.c));
    expect(bar.l).toBeLessThanOrEqual(Math.min(bar.o, bar.c));
    const put = chain.bar('NSE_FO|NIFTYBANK 2024-01-16 48000 PE', t)!;
    expect(put.h).toBeGreaterThan(put.l);
    // put–call parity holds for the model
    const years = (chain.spec(key)!.expiry! - (t + 300_000)) / (365 * 86_400_000);
    const c = blackScholes('call', 48_030, 48_000, years, 0.15, 0.065);
    const p = blackScholes('put', 48_030, 48_000, years, 0.15, 0.065);
    expect(c - p).toBeCloseTo(48_030 - 48_000 * Math.exp(-0.065 * years), 6);
  });
});

describe('options strategies', () => {
  it('opens each leg as its own position and closes each by its label', async () => {
    const r = await runOptions(`strategy "Strangle" {
      asset options
      underlying "${BANK}"
      timeframe 5m
      max_positions 2
      entry short "call leg" at 09:30 { sell call otm 2 expiry weekly  qty 1 lot  stop_loss 90% }
      entry short "put leg" at 09:30 { sell put otm 2 expiry weekly  qty 1 lot  stop_loss 90% }
      exit short "call leg" at 14:00
      exit short "put leg" at 15:00
    }`);
    const days = new Map<string, typeof r.trades>();
    for (const tr of r.trades) {
      const d = new Date(tr.entry.time + 330 * 60_000).toISOString().slice(0, 10);
      days.set(d, [...(days.get(d) ?? []), tr]);
    }
    expect(days.size).toBeGreaterThan(15);
    for (const [, legs] of days) {
      expect(legs.map((l) => l.contract.slice(-2)).sort()).toEqual(['CE', 'PE']);
      const call = legs.find((l) => l.contract.endsWith('CE'))!;
      const put = legs.find((l) => l.contract.endsWith('PE'))!;
      expect([call.side, put.side]).toEqual(['short', 'short']);
      expect(call.qty).toBe(30);
      if (call.exit.reason === 'signal') expect(hhmm(call.exit.time)).toBe('14:00');
      if (put.exit.reason === 'signal') expect(hhmm(put.exit.time)).toBe('15:00');
      expect(call.entry.signal.label).toBe('call leg');
    }
  });

  it('closes a position still open at expiry on the expiry day’s last bar', async () => {
    const r = await runOptions(`strategy "Hold" {
      asset options
      underlying "${BANK}"
      timeframe 15m
      max_trades_per_day 1
      entry long at 09:30 { buy call atm expiry weekly  qty 1 lot  stop_loss at 0.01 }
    }`, '2024-01-08', '2024-01-19');
    const expired = r.trades.filter((t) => t.exit.reason === 'expiry');
    expect(expired.length).toBeGreaterThan(0);
    for (const t of expired) {
      const expiry = t.contract.split(' ')[1];
      expect(new Date(t.exit.bar_time + 330 * 60_000).toISOString().slice(0, 10)).toBe(expiry);
      expect(hhmm(t.exit.bar_time)).toBe('15:15');
    }
  });
});
