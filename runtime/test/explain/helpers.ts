import type { Candle } from '../../src/market/candle.js';
import { fromCandles } from '../../src/data/candle-source.js';
import { exchangeSession, type PreparedRun } from '../../src/sweep/run-spec.js';
import { compileOk } from '../backtest/helpers.js';

/**
 * A `PreparedRun` over in-memory bars (one array per instrument), as `prepareRun` would
 * build it from `--data` — for explain, series and report tests on hand-checkable fixtures.
 */
export function fixtureRun(source: string, data: Record<string, Candle[]>, params?: Record<string, number | boolean>): PreparedRun {
  const graph = compileOk(source, params);
  const session = exchangeSession(graph);
  const instruments = graph.settings.asset === 'options' ? [graph.settings.underlying!] : graph.settings.symbols;
  return {
    graph,
    session,
    instruments,
    opened: { data: Object.entries(data).map(([instrument, candles]) => ({ instrument, source: fromCandles(candles, 2), label: 'fixture', timeframe: graph.settings.timeframe })), notes: [] },
    options: { exchange: { open: session.open, close: session.close }, source },
  };
}

/**
 * Entries when the close is above its 3-bar SMA (10 shares, 2% stop, 4% target), exits
 * when it is below; entries only 09:20–09:40. Warm from the third bar.
 */
export const CROSS = `strategy "Cross" {
  asset stocks
  symbols "NSE_EQ|TCS"
  timeframe 5m
  session 09:20 - 09:40
  entry long when close > sma(close, 3) { qty 10  stop_loss 2%  take_profit 4% }
  exit when close < sma(close, 3)
}`;
