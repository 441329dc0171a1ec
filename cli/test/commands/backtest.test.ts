import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BacktestResultSchema } from '@algo/runtime';
import { describe, expect, it } from 'vitest';
import { runAlgo } from './run-algo.js';

// `algo backtest` as a user runs it: a real process, real files.

const dir = mkdtempSync(join(tmpdir(), 'algo-backtest-cli-'));
const env = { ...process.env };
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const CROSS = file(
  'cross.algo',
  `strategy "Cross" {
  asset stocks
  symbols "NSE_EQ|TCS"
  timeframe 15m
  param fast = 9 in 5..20
  commission india_equity_intraday
  entry long when ema(close, fast) crosses above sma(close, 30) { size 20% of equity  stop_loss 1.5%  take_profit 2R }
  exit when ema(close, fast) crosses below sma(close, 30)
}`,
);

const csv = (rows: string[]) => file(`bars-${rows.length}-${Math.random().toString(36).slice(2)}.csv`, ['datetime,open,high,low,close,volume', ...rows].join('\n') + '\n');
const minute = (i: number, o: number, c = o) => `2024-01-01T${String(9 + Math.floor((15 + i) / 60)).padStart(2, '0')}:${String((15 + i) % 60).padStart(2, '0')}:00+05:30,${o},${Math.max(o, c) + 0.5},${Math.min(o, c) - 0.5},${c},100`;

describe('algo backtest', () => {
  it('prints the result object with --json, valid and reproducible', async () => {
    const args = ['backtest', CROSS, '--data', 'synth', '--from', '2024-02-01', '--to', '2024-03-29', '--json'];
    const a = await runAlgo(args, env);
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    const result = BacktestResultSchema.parse(JSON.parse(a.stdout));
    expect(result.summary.trades).toBeGreaterThan(0);
    expect(result.run_parameters).toMatchObject({ start_date: '2024-02-01', end_date: '2024-03-29', params: { fast: 9 }, timeframe: '15m' });
    expect(result.trades.every((t) => t.entry.time >= Date.parse('2024-02-01T00:00:00+05:30'))).toBe(true);
    const b = await runAlgo(args, env);
    expect(JSON.parse(b.stdout).run_parameters.fingerprint).toBe(result.run_parameters.fingerprint);
    const c = await runAlgo([...args, '--param', 'fast=12'], env);
    expect(JSON.parse(c.stdout).run_parameters.fingerprint).not.toBe(result.run_parameters.fingerprint);
  });

  it('prints a summary table and the trades to a reader', async () => {
    const r = await runAlgo(['backtest', CROSS, '--data', 'synth:TCS', '--from', '2024-02-01', '--to', '2024-03-29', '--trades', '3'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Cross — NSE_EQ\|TCS, 15m bars, 2024-02-01 09:15 \.\. 2024-03-29 15:30/);
    for (const label of ['Net profit', 'Profit factor', 'Max drawdown', 'Sharpe / Sortino', 'Win rate', 'Buy & hold', 'Ambiguous bars']) expect(r.stdout).toContain(label);
    expect(r.stdout).toMatch(/Trades \(3 of \d+\)/);
    expect(r.stdout).toMatch(/fingerprint [0-9a-f]{16} \(source [0-9a-f]{12}, compiler /);
  });

  it('reads a CSV, resampling 1m bars to the strategy timeframe', async () => {
    const rows = Array.from({ length: 375 }, (_, i) => minute(i, 100 + Math.sin(i / 9) * 3, 100 + Math.sin((i + 1) / 9) * 3));
    const r = await runAlgo(['backtest', CROSS, '--data', csv(rows), '--json'], env);
    expect(r.stderr).toBe('');
    const result = BacktestResultSchema.parse(JSON.parse(r.stdout));
    expect(result.run_parameters.data[0]).toMatchObject({ instrument: 'NSE_EQ|TCS', timeframe: '1m', bars: 25 });
  });

  it('refuses bad input with one precise line and exit 1', async () => {
    const cases: [string[], RegExp][] = [
      [['--data', join(dir, 'missing.csv')], /missing\.csv: cannot read the file/],
      [['--data', csv([minute(1, 100), minute(0, 101)])], /:3: .* comes before .* on line 2; rows must be in time order/],
      [['--data', csv([minute(0, 100), minute(1, 101), `2024-01-01T09:17:00+05:30,abc,1,1,1,1`])], /:4: column 2 \(open\): "abc" is not a number/],
      [['--data', csv([minute(0, 100), minute(1, -5)])], /:3: .*(price|positive|negative)/i],
      [['--data', 'synth:INFY'], /--data synth:INFY: the strategy does not trade INFY \(it trades NSE_EQ\|TCS\)/],
      [['--data', 'synth', '--param', 'fast=50'], /cross\.algo:\d+:\d+: error ALG\d+: .*fast/],
      [['--data', 'synth', '--from', '2024-13-01'], /--from 2024-13-01: a date YYYY-MM-DD/],
      [['--data', 'synth', '--fill', 'later'], /--fill later: next_open or on_close/],
      [['--data', csv([minute(0, 100), minute(5, 101), minute(10, 100)]), '--tf', '1h'], /runs on 15m bars and the data has 1h bars/],
    ];
    for (const [extra, message] of cases) {
      const r = await runAlgo(['backtest', CROSS, ...extra], env);
      expect(r.stderr, extra.join(' ')).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
      expect(r.code).toBe(1);
    }
  }, 180_000);

  it('refuses an options strategy on data without option candles, saying what is missing', async () => {
    const opt = file(
      'opt.algo',
      `strategy "Opt" {
  asset options
  underlying "NSE_INDEX|Nifty Bank"
  timeframe 5m
  entry long when close > 0 { buy call atm expiry weekly  qty 1 lot  stop_loss 30% }
}`,
    );
    const rows = Array.from({ length: 30 }, (_, i) => minute(i, 48000 + i));
    const r = await runAlgo(['backtest', opt, '--data', csv(rows)], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/trades options on NSE_INDEX\|Nifty Bank: a backtest needs option candles .* this data has none/);
    const synth = await runAlgo(['backtest', opt, '--data', 'synth', '--from', '2024-01-01', '--to', '2024-01-31', '--json'], env);
    expect(synth.code).toBe(0);
    const result = BacktestResultSchema.parse(JSON.parse(synth.stdout));
    expect(result.trades.length).toBeGreaterThan(0);
    expect(result.trades[0]!.contract).toMatch(/^NSE_FO\|NIFTYBANK 2024-01-\d\d \d+ CE$/);
  });

  it('takes one --data per symbol of a stock set', async () => {
    const set = file(
      'set.algo',
      `strategy "Set" {
  asset stocks
  symbols "NSE_EQ|AAA", "NSE_EQ|BBB"
  timeframe 15m
  max_positions 2
  entry long when close > sma(close, 5) { qty 1  stop_loss 1% }
  exit when close < sma(close, 5)
}`,
    );
    const rows = (shift: number) => Array.from({ length: 150 }, (_, i) => minute(i, 100 + Math.sin((i + shift) / 7) * 2, 100 + Math.sin((i + shift + 1) / 7) * 2));
    const r = await runAlgo(['backtest', set, '--data', `NSE_EQ|AAA=${csv(rows(0))}`, '--data', `BBB=${csv(rows(20))}`, '--json'], env);
    expect(r.stderr).toBe('');
    const result = BacktestResultSchema.parse(JSON.parse(r.stdout));
    expect(result.run_parameters.data.map((d) => d.instrument)).toEqual(['NSE_EQ|AAA', 'NSE_EQ|BBB']);
    expect(new Set(result.trades.map((t) => t.instrument))).toEqual(new Set(['NSE_EQ|AAA', 'NSE_EQ|BBB']));
    const missing = await runAlgo(['backtest', set, '--data', `NSE_EQ|AAA=${csv(rows(0))}`], env);
    expect(missing.stderr).toMatch(/no --data for NSE_EQ\|BBB/);
  });
});
