import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BacktestResultSchema } from '@algo/runtime';
import { describe, expect, it } from 'vitest';
import { runAlgo } from './run-algo.js';

// `algo backtest --sweep` and `--report` as a user runs them: real processes, real files.

const dir = mkdtempSync(join(tmpdir(), 'algo-sweep-cli-'));
const env = { ...process.env };
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const SWEEP = file(
  'sweep.algo',
  `strategy "Sweep" {
  asset stocks
  symbols "NSE_EQ|TCS"
  timeframe 15m
  param fast = 9 in 5..13 step 4
  param slow = 30 in 20..40 step 20
  param keep = 1
  entry long when ema(close, fast) crosses above sma(close, slow) and keep > 0 { qty 10  stop_loss 1.5%  take_profit 2R }
  exit when ema(close, fast) crosses below sma(close, slow)
}`,
);
const RANGE = ['--data', 'synth', '--from', '2024-02-01', '--to', '2024-02-15'];

describe('algo backtest --sweep', () => {
  it('runs the grid in worker threads and ranks it; --json has every row; the best row reproduces as a plain backtest', async () => {
    const table = await runAlgo(['backtest', SWEEP, ...RANGE, '--sweep', '--workers', '2', '--rank-by', 'net-profit', '--top', '4'], env);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^Sweep of "Sweep": 6 runs \(fast 3 × slow 2\), ranked by net profit — 2 workers, [\d.]+s$/m);
    expect(table.stdout).toMatch(/^ +# +fast +slow +net profit +net % +trades +win rate +profit factor +max DD % +Sharpe$/m);
    expect(table.stdout.match(/^ +[1-4] +\d+ +\d+ /gm)).toHaveLength(4);
    expect(table.stdout).toContain('(4 of 6 shown; --top N for more, --json for every run)');
    expect(table.stdout).toMatch(/^Best: algo backtest .*sweep\.algo --data synth --from 2024-02-01 --to 2024-02-15 --param fast=\d+ --param slow=\d+ --report report\.html$/m);

    const j = await runAlgo(['backtest', SWEEP, ...RANGE, '--sweep', '--workers', '2', '--json'], env);
    const doc = JSON.parse(j.stdout);
    expect(doc).toMatchObject({ format: 'algo.sweep/v1', strategy: 'Sweep', rank_by: 'net_profit', grid: { fast: [5, 9, 13], slow: [20, 40] }, runs: 6, workers: 2 });
    expect(doc.rows).toHaveLength(6);
    const nets = doc.rows.map((r: { figures: { net_profit: number } }) => r.figures.net_profit);
    expect(nets).toEqual([...nets].sort((a, b) => b - a));
    const best = doc.rows[0];
    const single = await runAlgo(['backtest', SWEEP, ...RANGE, '--param', `fast=${best.params.fast}`, '--param', `slow=${best.params.slow}`, '--json'], env);
    const result = BacktestResultSchema.parse(JSON.parse(single.stdout));
    expect(result.summary.net_profit).toBe(best.figures.net_profit);
    expect(result.run_parameters.fingerprint).toBe(best.fingerprint);
  }, 180_000);

  it('sweeps only the params named, keeps --param ones fixed, and writes the best run’s report', async () => {
    const report = join(dir, 'best.html');
    const r = await runAlgo(['backtest', SWEEP, ...RANGE, '--sweep', 'fast', '--param', 'slow=20', '--workers', '1', '--report', report], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('3 runs (fast 3)');
    expect(r.stdout).toMatch(/^Report: .*best\.html \(/m);
    expect(readFileSync(report, 'utf8')).toContain('<title>Sweep — backtest report</title>');
  }, 120_000);

  it('refuses, in one line: nothing to sweep, a param without range, a grid too large, a metric it does not know, mongo data', async () => {
    const plain = file('plain.algo', readFileSync(SWEEP, 'utf8').replace(' in 5..13 step 4', '').replace(' in 20..40 step 20', ''));
    const cases: [string, string[], RegExp][] = [
      [plain, ['--sweep'], /^algo backtest: nothing to sweep: no param of "Sweep" declares a range; declare one, e\.g\. `param fast = 9 in \d+\.\.\d+ step \d+`$/],
      [SWEEP, ['--sweep', 'keep'], /^algo backtest: --sweep keep: param keep has no range to sweep; declare one, e\.g\. `param keep = 1 in/],
      [SWEEP, ['--sweep', 'speed'], /^algo backtest: --sweep speed: "Sweep" has no param speed \(its params: fast, slow, keep\)$/],
      [SWEEP, ['--sweep', '--max-runs', '4'], /^algo backtest: the grid has 6 combinations \(fast 3 × slow 2\), more than 4 runs: narrow a range, raise a step, fix a param with --param name=value, or raise --max-runs$/],
      [SWEEP, ['--sweep', '--rank-by', 'luck'], /^algo backtest: --rank-by luck: one of net_profit, net_profit_pct, sharpe/],
      [SWEEP, ['--sweep', '--workers', '0'], /^algo backtest: --workers 0: a whole number ≥ 1$/],
    ];
    for (const [f, extra, message] of cases) {
      const r = await runAlgo(['backtest', f, ...RANGE, ...extra], env);
      expect(r.stderr.trim(), extra.join(' ')).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
      expect(r.code).toBe(1);
    }
    const mongo = await runAlgo(['backtest', SWEEP, '--data', 'mongo', '--sweep'], env);
    expect(mongo.stderr).toMatch(/^algo backtest: --sweep runs on CSV files or synthetic data/);
    expect(mongo.code).toBe(1);
  }, 180_000);
});

describe('algo backtest --report', () => {
  it('writes the report and says where; refuses a path it cannot write before running', async () => {
    const out = join(dir, 'report.html');
    const r = await runAlgo(['backtest', SWEEP, ...RANGE, '--report', out], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Report: ${out.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(\\d\\.\\d MB\\) — open file://`, 'm'));
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('window.LightweightCharts');

    const bad = join(dir, 'missing', 'report.html');
    const b = await runAlgo(['backtest', SWEEP, ...RANGE, '--report', bad], env);
    expect(b.code).toBe(1);
    expect(b.stderr).toBe(`algo backtest: --report ${bad}: cannot write the file (no such folder)\n`);
    expect(b.stdout).toBe('');
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  }, 120_000);
});
