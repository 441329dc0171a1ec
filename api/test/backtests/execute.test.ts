import { readFileSync } from 'node:fs';
import { compile } from '@algo/compiler';
import { BacktestResultSchema } from '@algo/runtime';
import { describe, expect, it } from 'vitest';
import { executeBacktest } from '../../src/backtests/execute.js';

const TCS = readFileSync(new URL('../../../examples/03-tcs-timed-stop-loss.algo', import.meta.url), 'utf8');

function graphOf(source: string): Record<string, unknown> {
  const r = compile(source);
  if (!r.graph) throw new Error(JSON.stringify(r.diagnostics));
  return r.graph as unknown as Record<string, unknown>;
}

describe('executeBacktest (what a worker runs)', () => {
  it('runs a strategy on synthetic data with the backtester and reports progress', async () => {
    const progress: number[] = [];
    const r = await executeBacktest({ run_id: 'r1', graph: graphOf(TCS), source: TCS, data: ['synth'], from: '2024-01-01', to: '2024-01-31', seed: 7 }, (p) => progress.push(p));
    expect(r.error).toBeUndefined();
    const result = BacktestResultSchema.parse(r.result);
    expect(result.trades.length).toBeGreaterThan(10);
    expect(result.run_parameters).toMatchObject({ start_date: '2024-01-01', end_date: '2024-01-31' });
    expect(progress.at(-1)).toBeCloseTo(1, 1);
    expect(progress.every((p, i) => i === 0 || p >= progress[i - 1]!)).toBe(true);
  });

  it('refuses what cannot run with a message for the user', async () => {
    const bad = await executeBacktest({ run_id: 'r2', graph: graphOf(TCS), data: ['synth:INFY'] }, () => undefined);
    expect(bad.error).toMatch(/data synth:INFY: the strategy does not trade INFY/);
    const noDb = await executeBacktest({ run_id: 'r3', graph: graphOf(TCS), data: ['mongo'] }, () => undefined);
    expect(noDb.error).toMatch(/no database/);
    const junk = await executeBacktest({ run_id: 'r4', graph: { format: 'nope' }, data: ['synth'] }, () => undefined);
    expect(junk.error).toMatch(/not valid/);
  });
});
