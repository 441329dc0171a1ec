import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BacktestResultsRepository } from '../../../src/storage/repositories/backtest-results.js';
import { useStorage } from '../support.js';

const fixture = useStorage('backtests', { resultSchemas: {} });
const repo = () => fixture().storage.backtestResults;

const run = {
  user_id: 'u1',
  run_parameters: { strategy_id_source: 'option_set_1', start_date: '2024-01-01', end_date: '2024-06-30', params: { lookback: 20 } },
  strategy_snapshot: { config: { rules: [] }, indicators_config: [], source: 'strategy "x" {}' },
};

describe('backtest_results', () => {
  it('goes RUNNING → COMPLETED with summary, trades and equity, exactly once', async () => {
    const started = await repo().start(run);
    expect(started).toMatchObject({ status: 'RUNNING', progress: 0 });
    expect(await repo().progress(started._id, 0.5)).toBe(true);
    expect((await repo().get(started._id))?.progress).toBe(0.5);
    const done = await repo().complete(started._id, { summary: { net_pnl: 12500, win_rate: 0.55 }, trades: [{ pnl: 1 }], equity: [[0, 100000]] });
    expect(done.ok && done.value).toMatchObject({ status: 'COMPLETED', progress: 1, summary: { net_pnl: 12500 } });
    expect((await repo().get(started._id))?.finished_at).toBeInstanceOf(Date);
    expect(await repo().complete(started._id, { summary: {}, trades: [], equity: [] })).toEqual({ ok: false, conflict: 'status' });
    expect(await repo().progress(started._id, 0.9)).toBe(false);
  });

  it('merges what the backtester measured into run_parameters on completion', async () => {
    const started = await repo().start(run);
    const done = await repo().complete(started._id, { summary: {}, trades: [], equity: [], run_parameters: { fingerprint: 'abc', start_date: '2024-01-02' } });
    expect(done.ok && done.value.run_parameters).toEqual({ ...run.run_parameters, fingerprint: 'abc', start_date: '2024-01-02' });
  });

  it('goes RUNNING → FAILED with the reason', async () => {
    const started = await repo().start(run);
    const failed = await repo().fail(started._id, 'no candles for NSE_EQ|TCS 1m in 2024-01-01..2024-06-30');
    expect(failed.ok && failed.value).toMatchObject({ status: 'FAILED', error: expect.stringContaining('no candles') });
  });

  it('lists a users runs without their heavy parts, and finds runs left running', async () => {
    const r = await repo().start({ ...run, user_id: 'u9' });
    await repo().complete(r._id, { summary: { n: 1 }, trades: [1, 2, 3], equity: [1, 2, 3] });
    const [listed] = await repo().listByUser('u9');
    expect(listed).toMatchObject({ _id: r._id, summary: { n: 1 } });
    expect(listed).not.toHaveProperty('trades');
    expect(await repo().getOwned('u1', r._id)).toBeNull();
    const stale = await repo().start({ ...run, user_id: 'u9' });
    expect((await repo().listStale(new Date(Date.now() + 1000))).map((x) => x._id)).toContain(stale._id);
  });

  it('checks results against the backtesters schemas when given, naming the field', async () => {
    const strict = new BacktestResultsRepository(fixture().storage.db, { summary: z.object({ net_pnl: z.number() }).strict(), trade: z.object({ pnl: z.number() }) });
    const started = await strict.start(run);
    await expect(strict.complete(started._id, { summary: { net_pnl: 'lots' }, trades: [], equity: [] })).rejects.toThrow(/^backtest_results: summary\.net_pnl:/);
    await expect(strict.complete(started._id, { summary: { net_pnl: 1 }, trades: [{ pnl: 1 }, { p: 2 }], equity: [] })).rejects.toThrow(/^backtest_results: trades\.1\.pnl:/);
    expect((await strict.get(started._id))?.status).toBe('RUNNING');
  });

  it('refuses a malformed run naming the field', async () => {
    await expect(repo().start({ ...run, run_parameters: { start_date: 'January' } })).rejects.toThrow(/^backtest_results: run_parameters\.start_date:/);
    await expect(repo().start({ ...run, strategy_snapshot: { config: { rules: [] } } as never })).rejects.toThrow(/^backtest_results: strategy_snapshot\.indicators_config:/);
  });
});
