import { describe, expect, it } from 'vitest';
import { combination, rangeValues, sweepGrid } from '../../src/sweep/grid.js';
import { parseRankMetric, rankRows, type SweepFigures, type SweepRow } from '../../src/sweep/rank.js';
import { compileOk } from '../backtest/helpers.js';

const graph = compileOk(`strategy "Grid" {
  asset stocks
  symbols "NSE_EQ|TCS"
  timeframe 5m
  param fast = 6 in 5..7
  param slow = 30 in 20..40 step 10
  param band = 2% in 1%..2% step 0.5%
  param keep = 55
  entry long when ema(close, fast) > sma(close, slow) * (1 + band) and close > keep { qty 1  stop_loss 1% }
}`);

describe('sweepGrid', () => {
  it('crosses every declared range (integer params step 1 without a step), first param slowest', () => {
    const r = sweepGrid({ params: graph.params, strategy: 'Grid', fixed: {}, maxRuns: 1000 });
    expect(r.grid!.axes.map((a) => [a.name, a.values])).toEqual([
      ['fast', [5, 6, 7]],
      ['slow', [20, 30, 40]],
      ['band', [0.01, 0.015, 0.02]],
    ]);
    expect(r.grid!.size).toBe(27);
    expect(combination(r.grid!, 0)).toEqual({ fast: 5, slow: 20, band: 0.01 });
    expect(combination(r.grid!, 1)).toEqual({ fast: 5, slow: 20, band: 0.015 });
    expect(combination(r.grid!, 26)).toEqual({ fast: 7, slow: 40, band: 0.02 });
  });

  it('leaves params fixed with --param out, and sweeps only the ones named', () => {
    expect(sweepGrid({ params: graph.params, strategy: 'Grid', fixed: { slow: 25 }, maxRuns: 1000 }).grid!.axes.map((a) => a.name)).toEqual(['fast', 'band']);
    expect(sweepGrid({ params: graph.params, strategy: 'Grid', only: ['slow'], fixed: {}, maxRuns: 1000 }).grid!.size).toBe(3);
  });

  it('refuses clearly: a param without a range, an unknown one, nothing to sweep, a grid too large', () => {
    expect(sweepGrid({ params: graph.params, strategy: 'Grid', only: ['keep'], fixed: {}, maxRuns: 1000 }).error).toBe('--sweep keep: param keep has no range to sweep; declare one, e.g. `param keep = 55 in 20..90 step 10`');
    expect(sweepGrid({ params: graph.params, strategy: 'Grid', only: ['fats'], fixed: {}, maxRuns: 1000 }).error).toBe('--sweep fats: "Grid" has no param fats (its params: fast, slow, band, keep)');
    expect(sweepGrid({ params: graph.params, strategy: 'Grid', fixed: { fast: 5, slow: 20, band: 0.01 }, maxRuns: 1000 }).error).toBe('nothing left to sweep: every param with a range (fast, slow, band) is fixed with --param');
    expect(sweepGrid({ params: graph.params.filter((p) => p.name === 'keep'), strategy: 'Grid', fixed: {}, maxRuns: 1000 }).error).toMatch(/^nothing to sweep: no param of "Grid" declares a range; declare one, e\.g\. `param keep = 55 in/);
    expect(sweepGrid({ params: graph.params, strategy: 'Grid', fixed: {}, maxRuns: 20 }).error).toBe('the grid has 27 combinations (fast 3 × slow 3 × band 3), more than 20 runs: narrow a range, raise a step, fix a param with --param name=value, or raise --max-runs');
  });

  it('steps without float noise', () => {
    expect(rangeValues(0.1, 0.3, 0.1, false)).toEqual([0.1, 0.2, 0.3]);
    expect(rangeValues(10, 60, 5, true)).toHaveLength(11);
  });
});

describe('rankRows', () => {
  const figures = (over: Partial<SweepFigures>): SweepFigures => ({
    net_profit: 0, net_profit_pct: 0, gross_profit: 0, trades: 1, win_rate: 0.5, profit_factor: 1, max_drawdown: 0, max_drawdown_pct: 0,
    sharpe: 0, sortino: 0, cagr: 0, avg_trade: 0, ambiguous_bars: 0, net_profit_optimistic: 0, net_profit_pessimistic: 0, ...over,
  });
  const rows: SweepRow[] = [
    { params: { a: 2, b: 1 }, figures: figures({ net_profit: 10, max_drawdown_pct: 0.05, sharpe: null }) },
    { params: { a: 1, b: 2 }, figures: figures({ net_profit: 10, max_drawdown_pct: 0.02, sharpe: 1 }) },
    { params: { a: 1, b: 1 }, error: 'test.algo:1:1: error' },
    { params: { a: 3, b: 1 }, figures: figures({ net_profit: 30, max_drawdown_pct: 0.09, sharpe: 2, profit_factor: null, gross_profit: 30 }) },
  ];
  const order = (metric: Parameters<typeof rankRows>[1]) => rankRows(rows, metric, ['a', 'b']).map((r) => `${r.params.a}${r.params.b}`);

  it('ranks best first, breaks ties by the params, puts missing values and failed runs last', () => {
    expect(order('net_profit')).toEqual(['31', '12', '21', '11']);
    expect(order('max_drawdown_pct')).toEqual(['12', '21', '31', '11']);
    expect(order('sharpe')).toEqual(['31', '12', '21', '11']);
    // no losing trade: an infinite profit factor ranks first
    expect(order('profit_factor')).toEqual(['31', '12', '21', '11']);
  });

  it('reads metric names as traders write them', () => {
    expect(parseRankMetric('net-profit')).toBe('net_profit');
    expect(parseRankMetric('Sharpe')).toBe('sharpe');
    expect(parseRankMetric('pf')).toBe('profit_factor');
    expect(parseRankMetric('drawdown')).toBe('max_drawdown_pct');
    expect(parseRankMetric('luck')).toBeUndefined();
  });
});
