import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/run.js';
import { sweepGrid } from '../../src/sweep/grid.js';
import { figuresOf } from '../../src/sweep/rank.js';
import { prepareRun, type RunSpec } from '../../src/sweep/run-spec.js';
import { runSweep } from '../../src/sweep/sweep.js';
import { compileOk } from '../backtest/helpers.js';

const SOURCE = `strategy "Sweep me" {
  asset stocks
  symbols "NSE_EQ|TCS"
  timeframe 15m
  param fast = 5 in 3..7 step 2
  param slow = 20 in 20..30 step 10
  entry long when ema(close, fast) crosses above sma(close, slow) { qty 10  stop_loss 1%  take_profit 2R }
  exit when ema(close, fast) crosses below sma(close, slow)
}`;

const BASE: RunSpec = { file: 'sweep.algo', source: SOURCE, params: {}, data: ['synth'], from: '2024-02-01', to: '2024-02-09', seed: 3 };

describe('runSweep', () => {
  it('runs every combination in worker threads; each row is the single backtest of its params, ranked, ties by params', async () => {
    const graph = compileOk(SOURCE);
    const { grid } = sweepGrid({ params: graph.params, strategy: graph.settings.name, fixed: {}, maxRuns: 100 });
    const seen: number[] = [];
    const out = await runSweep(BASE, grid!, { rankBy: 'net_profit', workers: 2, onProgress: (done) => seen.push(done) });
    expect(out.fatal).toBeUndefined();
    expect(out.workers).toBe(2);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
    const rows = out.rows!;
    expect(rows.map((r) => r.params).sort((a, b) => a.fast! - b.fast! || a.slow! - b.slow!)).toEqual([
      { fast: 3, slow: 20 }, { fast: 3, slow: 30 }, { fast: 5, slow: 20 }, { fast: 5, slow: 30 }, { fast: 7, slow: 20 }, { fast: 7, slow: 30 },
    ]);
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1]!, rows[i]!];
      expect(a.figures!.net_profit > b.figures!.net_profit || (a.figures!.net_profit === b.figures!.net_profit && (a.params.fast! < b.params.fast! || (a.params.fast === b.params.fast && a.params.slow! < b.params.slow!)))).toBe(true);
    }
    // the best row is exactly what one backtest with those params gives (same figures, same fingerprint)
    const best = rows[0]!;
    const prepared = await prepareRun({ ...BASE, params: best.params });
    const single = await runBacktest(prepared.run!.graph, prepared.run!.opened.data, prepared.run!.options);
    expect(best.figures).toEqual(figuresOf(single.result!.summary));
    expect(best.fingerprint).toBe(single.result!.run_parameters.fingerprint);
    expect(new Set(rows.map((r) => r.fingerprint)).size).toBe(6);
  }, 120_000);

  it('stops every worker on bad data and says why once', async () => {
    const graph = compileOk(SOURCE);
    const { grid } = sweepGrid({ params: graph.params, strategy: graph.settings.name, fixed: {}, maxRuns: 100 });
    const out = await runSweep({ ...BASE, data: ['/nonexistent/bars.csv'] }, grid!, { rankBy: 'net_profit', workers: 2 });
    expect(out.rows).toBeUndefined();
    expect(out.fatal).toMatch(/\/nonexistent\/bars\.csv: cannot read the file/);
  }, 60_000);
});
