import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BacktestResultSchema } from '@algo/runtime';
import { describe, expect, it } from 'vitest';
import { runAlgo } from './run-algo.js';

// `algo explain` and `algo series` as a user runs them: real processes, real files.

const dir = mkdtempSync(join(tmpdir(), 'algo-explain-cli-'));
const env = { ...process.env };
const CROSS = join(dir, 'cross.algo');
writeFileSync(
  CROSS,
  `strategy "Cross" {
  asset stocks
  symbols "NSE_EQ|TCS"
  timeframe 15m
  param fast = 9 in 5..13 step 4
  let slow = sma(close, 30)
  entry long when ema(close, fast) crosses above slow { qty 10  stop_loss 1.5%  take_profit 2R }
  exit when ema(close, fast) crosses below slow
}`,
);
const RANGE = ['--data', 'synth', '--from', '2024-02-01', '--to', '2024-02-29'];
/** UTC ms as IST wall time `YYYY-MM-DD HH:MM`. */
const ist = (t: number) => new Date(t + 330 * 60_000).toISOString().slice(0, 16).replace('T', ' ');

describe('algo explain', () => {
  it('explains the bar a trade was decided on: the rule fired, and the order filled where the backtest says', async () => {
    const bt = await runAlgo(['backtest', CROSS, ...RANGE, '--json'], env);
    const trade = BacktestResultSchema.parse(JSON.parse(bt.stdout)).trades[0]!;
    const at = ist(trade.entry.signal.time);
    const r = await runAlgo(['explain', CROSS, ...RANGE, '--at', at], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`"Cross" on NSE_EQ|TCS: the 15m bar of ${at}`);
    expect(r.stdout).toContain('✓ entry.1 — fired: entry order sent');
    expect(r.stdout).toMatch(/✓ ema\(close, 9\) [\d,.]+ crossed above sma\(close, 30\) [\d,.]+ \(bar before: [\d,.]+ ≤ [\d,.]+\)/);
    expect(r.stdout).toContain(`→ filled at the open, ${ist(trade.entry.time)} at ${trade.entry.price.toLocaleString('en-US', { maximumFractionDigits: 4 })}`);
    expect(r.stdout).toMatch(/^ {2}slow +[\d,.]+$/m);

    const j = await runAlgo(['explain', CROSS, ...RANGE, '--at', at, '--json'], env);
    const doc = JSON.parse(j.stdout);
    expect(doc).toMatchObject({ format: 'algo.explain/v1', strategy: 'Cross', at: trade.entry.signal.time });
    expect(doc.instruments[0].rules[0]).toMatchObject({ rule: 'entry.1', fired: true, outcome: 'taken' });
    expect(doc.instruments[0].orders[0].fill.price).toBe(trade.entry.price);
  }, 120_000);

  it('refuses a time with no bar (naming the bars nearby), a missing or unreadable --at, in one line and exit 1', async () => {
    const cases: [string[], RegExp][] = [
      [['--at', '2024-02-05 10:20'], /^algo explain: --at 2024-02-05 10:20: no 15m bar opens then \(Asia\/Kolkata\); the nearest bars open at 2024-02-05 10:15 and 2024-02-05 10:30\. Bars are named by their open time\.$/],
      [[], /^algo explain: --at is required/],
      [['--at', 'noon'], /^algo explain: --at noon: write the bar's open time as YYYY-MM-DD HH:MM/],
      [['--at', '2024-02-05'], /give the bar's time too/],
      [['--at', '2024-02-05 10:15', '--param', 'fast=99'], /cross\.algo:\d+:\d+: error ALG\d+/],
    ];
    for (const [extra, message] of cases) {
      const r = await runAlgo(['explain', CROSS, ...RANGE, ...extra], env);
      expect(r.stderr.trim(), extra.join(' ')).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
      expect(r.code).toBe(1);
    }
  }, 120_000);
});

describe('algo series', () => {
  it('writes every let and indicator per bar with readable headers, param values filled in', async () => {
    const out = join(dir, 'values.csv');
    const r = await runAlgo(['series', CROSS, '--data', 'synth', '--from', '2024-02-05', '--to', '2024-02-06', '--param', 'fast=5', '-o', out], env);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`wrote 50 bars × 2 values to ${out}`);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('time (Asia/Kolkata),open,high,low,close,volume,"ema(close, 5)",slow');
    expect(lines).toHaveLength(51);
    expect(lines[1]).toMatch(/^2024-02-05 09:15,[\d.]+,[\d.]+,[\d.]+,[\d.]+,\d+,[\d.]+,[\d.]+$/);
    expect(lines[50]).toMatch(/^2024-02-06 15:15,/);
  }, 60_000);

  it('leaves cells blank before warm-up (a CSV that starts cold)', async () => {
    const csv = join(dir, 'bars.csv');
    // 25 bars on 1 Jan (09:15 … 15:15), 15 on 2 Jan
    const rows = Array.from({ length: 40 }, (_, i) => {
      const day = i < 25 ? '2024-01-01' : '2024-01-02';
      const m = 9 * 60 + 15 + (i % 25) * 15;
      const c = Math.round((100 + Math.sin(i / 3) * 2) * 100) / 100;
      return `${day}T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00+05:30,${c},${c + 1},${c - 1},${c},100`;
    });
    writeFileSync(csv, ['datetime,open,high,low,close,volume', ...rows].join('\n'));
    const r = await runAlgo(['series', CROSS, '--data', csv], env);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(41);
    expect(lines[0]).toMatch(/,"ema\(close, 9\)",slow$/);
    expect(lines[1]).toMatch(/,100,,$/); // neither EMA(9) nor SMA(30) yet
    expect(lines[8]).toMatch(/,,$/);
    expect(lines[9]).toMatch(/,[\d.]+,$/); // EMA(9) from its 9th bar, SMA(30) not yet
    expect(lines[29]).toMatch(/,[\d.]+,$/);
    expect(lines[30]).toMatch(/,[\d.]+,[\d.]+$/); // both from the 30th bar
  }, 60_000);

  it('adds the warm-up bars before --from with --warmup', async () => {
    const args = ['series', CROSS, '--data', 'synth', '--from', '2024-02-05', '--to', '2024-02-05'];
    const plain = (await runAlgo(args, env)).stdout.trimEnd().split('\n');
    const warm = (await runAlgo([...args, '--warmup'], env)).stdout.trimEnd().split('\n');
    expect(plain).toHaveLength(26);
    expect(warm.length).toBeGreaterThan(26);
    expect(warm.slice(-25)).toEqual(plain.slice(1));
    expect(warm[1]).toMatch(/,,$/);
  }, 60_000);

  it('refuses an output path it cannot write before running, leaving nothing behind', async () => {
    const out = join(dir, 'no-such-folder', 'values.csv');
    const r = await runAlgo(['series', CROSS, ...RANGE, '-o', out], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`algo series: -o ${out}: cannot write the file (no such folder)\n`);
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  }, 60_000);
});
