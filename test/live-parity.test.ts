import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import type { RuleGraph } from '@algo/compiler';
import { loadProgram, replayWindow, startLiveEngine, warmupStart, type LiveEngine } from '@algo/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backtestDay, bracket, compileOk, eventually, fillKey, replayDay, startStrategy, startWorld, storeSynth, tradeKey, type LiveWorld, type Observed } from './live-support.js';

/**
 * Parity (issue 6, item 8): a stored day replayed through the live pipeline — ingest's
 * candle builder, the evaluation worker's strategy core, execution's paper broker, all
 * talking through Redis — and the same day run through the backtester give identical
 * signals and fills. Three strategies between them cover fills at the next open and on the
 * close, several instruments, a daily loss limit, trailing stops, sizing from equity,
 * Indian charges, slippage, and bars that reach both a stop and a target (the backtester
 * takes the stop; the replay plays the adverse extreme first for an open position).
 */

const DAY = '2024-03-15';

const BRACKET = bracket('NSE_EQ|TCS');

const TWO_ON_CLOSE = `strategy "Two on close" {
  asset stocks
  symbols "NSE_EQ|RELIANCE", "NSE_EQ|INFY"
  timeframe 5m
  fill on_close
  max_positions 2
  commission india_equity_intraday
  slippage 2 bps
  capital 500000
  let fast = ema(close, 5)
  let slow = sma(close, 12)
  entry long when fast crosses above slow and rsi(close, 7) > 50 { size 20% of equity  stop_loss 0.4%  trailing_stop 0.3% }
  entry short when fast crosses below slow { size 10% of equity  stop_loss 1 atr(14)  take_profit 2R }
  exit when position.bars >= 9
  exit all at 15:10
}`;

const DAILY_LOSS = `strategy "Daily loss" {
  asset stocks
  symbols "NSE_EQ|SBIN"
  timeframe 5m
  max_daily_loss 0.05%
  capital 200000
  let fast = ema(close, 3)
  let slow = sma(close, 8)
  entry long when fast crosses above slow { qty 20  stop_loss 0.3% }
  entry short when fast crosses below slow { qty 20  stop_loss 0.3% }
}`;

let world: LiveWorld;
let engine: LiveEngine;

beforeAll(async () => {
  world = await startWorld();
  engine = await startLiveEngine({ redisUrl: world.redisUrl, storage: world.storage, log: pino({ level: process.env.ALGO_TEST_LOG ?? 'silent' }), config: { leaseMs: 2_000 } });
}, 60_000);

afterAll(async () => {
  await engine?.stop();
  await world?.stop();
});

async function expectParity(graph: RuleGraph): Promise<Observed> {
  const live = await replayDay(world, graph, DAY);
  const bt = await backtestDay(world, graph, DAY);
  expect(bt.trades.length).toBeGreaterThan(0);
  expect(live.signals).toEqual([...bt.signals].sort((a, b) => a.time - b.time));
  expect(live.fills.map(fillKey)).toEqual(bt.fills.map(fillKey));
  expect(live.trades.map(tradeKey)).toEqual([...bt.trades].sort((a, b) => a.entry.bar_time - b.entry.bar_time || a.id.localeCompare(b.id)).map(tradeKey));
  return bt;
}

/** Stores the strategy's instruments (synthetic, `seed`) from its warm-up to the day, checks parity, returns the backtest. */
async function parity(source: string, seed: number): Promise<Observed> {
  const graph = compileOk(source);
  const program = loadProgram(graph).program!;
  const from = new Date(warmupStart(program, replayWindow(DAY)!.from)).toISOString().slice(0, 10);
  for (const k of graph.settings.symbols) await storeSynth(world.storage, k, from, DAY, seed);
  return expectParity(graph);
}

const reasons = (o: Observed) => new Set(o.trades.map((t) => t.exit.reason));

describe('a replayed day through the live pipeline equals its backtest', { timeout: 240_000 }, () => {
  it('5-minute brackets whose bars reach both stop and target (the backtester takes the stop; the replay plays the adverse extreme first)', async () => {
    const bt = await parity(BRACKET, 12);
    expect(bt.trades.filter((t) => t.ambiguous !== undefined).length).toBeGreaterThanOrEqual(2);
    expect(reasons(bt)).toContain('take_profit');
  });

  it('two instruments filled on the close, sizing from equity, ATR and R levels, trailing stops, exits after N bars and at the end of the day', async () => {
    const bt = await parity(TWO_ON_CLOSE, 4);
    expect(reasons(bt)).toEqual(new Set(['signal', 'stop_loss', 'trailing_stop', 'take_profit', 'end_of_data']));
  });

  it('a daily loss limit that flattens and stops entries for the day', async () => {
    const bt = await parity(DAILY_LOSS, 2);
    expect(reasons(bt)).toContain('max_daily_loss');
  });

  it('example 02: five instruments on 15-minute bars, filled at the next open, with a long warm-up', async () => {
    const bt = await parity(readFileSync('examples/02-rsi-pullback-multi-stock.algo', 'utf8'), 3);
    expect(bt.trades.length).toBeGreaterThan(0);
  });
});

describe('replays and the exchange calendar', () => {
  it('a day market_sessions lists as a holiday is not replayed, and the strategy says why', async () => {
    await world.storage.marketSessions.upsertMany([{ exchange: 'NSE', segment: 'EQ', session_date: '2024-03-25', timezone: 'Asia/Kolkata', is_trading_day: false, is_holiday: true, holiday_reason: 'Holi' }]);
    const id = await startStrategy(world, compileOk(BRACKET), { options: { replay: '2024-03-25', speed: 1_000_000 } });
    const status = await eventually('the refusal', async () => {
      const s = await world.ks.state.getStatus('stocks', id);
      return s?.state === 'error' ? s : undefined;
    });
    expect(status.message).toBe('cannot replay 2024-03-25: the exchange does not trade that day (Holi, from market_sessions) — pick a trading day');
  });
});
