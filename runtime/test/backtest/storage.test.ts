import { describe, expect, it } from 'vitest';
import { useStorage } from '../storage/support.js';
import { backtest, bars } from './helpers.js';

const fixture = useStorage('backtest_engine');

const SOURCE = `strategy "Stored" {
  asset stocks
  symbols "NSE_EQ|TEST"
  timeframe 5m
  commission india_equity_intraday
  entry long when close > 101 { qty 10  stop_loss 2%  take_profit 3% }
  exit when close < 101
}`;

const DATA = bars('2024-01-01 09:15', 5, [
  [100, 100.5, 99.5, 100.2],
  [100.6, 101.6, 100.5, 101.5],
  [102, 102.5, 101.8, 102.3],
  [102.3, 105.3, 102.2, 105],
  [104.8, 105, 100.5, 100.6],
  [100.6, 100.9, 100.4, 100.8],
]);

describe('a result in backtest_results', () => {
  it('is stored as one document with the backtester schemas checked, and reads back equal', async () => {
    const result = await backtest(SOURCE, { 'NSE_EQ|TEST': DATA });
    const repo = fixture().storage.backtestResults;
    const started = await repo.start({ run_parameters: result.run_parameters, strategy_snapshot: result.strategy_snapshot });
    const done = await repo.complete(started._id, { summary: result.summary, trades: result.trades, equity: result.equity });
    expect(done.ok).toBe(true);
    const back = await repo.get(started._id);
    expect(back).toMatchObject({ status: 'COMPLETED', run_parameters: result.run_parameters, summary: result.summary, trades: result.trades, equity: result.equity });
  });

  it('refuses a summary that is not the backtester shape, naming the field', async () => {
    const result = await backtest(SOURCE, { 'NSE_EQ|TEST': DATA });
    const repo = fixture().storage.backtestResults;
    const started = await repo.start({ run_parameters: result.run_parameters, strategy_snapshot: result.strategy_snapshot });
    await expect(repo.complete(started._id, { summary: { ...result.summary, net_profit: 'lots' }, trades: result.trades, equity: result.equity })).rejects.toThrow(/summary\.net_profit/);
  });
});
