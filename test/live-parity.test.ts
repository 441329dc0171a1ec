import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import type { RuleGraph } from '@algo/compiler';
import {
  getRun,
  loadProgram,
  OrderEventMessageSchema,
  replayWindow,
  runBacktest,
  startLiveEngine,
  storedBars,
  warmupStart,
  type Fill,
  type LiveEngine,
  type OrderIntent,
  type Trade,
} from '@algo/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileOk, eventually, outboxDrained, startStrategy, startWorld, storeSynth, type LiveWorld } from './live-support.js';

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

const BRACKET = `strategy "Tight bracket" {
  asset stocks
  symbols "NSE_EQ|TCS"
  timeframe 5m
  slippage 1 ticks
  commission india_equity_intraday
  let fast = ema(close, 3)
  let slow = sma(close, 8)
  entry long when fast crosses above slow { qty 7  stop_loss 0.15%  take_profit 0.15% }
  entry short when fast crosses below slow { qty 5  stop_loss 0.15%  take_profit 0.2% }
  exit all at 15:00
}`;

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

interface Observed {
  trades: Trade[];
  fills: Fill[];
  signals: Array<{ rule: string; time: number; instrument: string; type: string; qty: number }>;
}

function signalsOf(intents: readonly OrderIntent[]): Observed['signals'] {
  return intents.filter((i): i is Extract<OrderIntent, { type: 'entry' | 'exit' }> => i.type === 'entry' || i.type === 'exit').map((i) => ({ rule: i.signal.rule, time: i.signal.time, instrument: i.instrument, type: i.type, qty: i.qty }));
}

/** The backtest of the replayed day: data from the live warm-up's first bar, trading from the day's open. */
async function backtest(graph: RuleGraph): Promise<Observed> {
  const program = loadProgram(graph).program!;
  const window = replayWindow(DAY)!;
  const from = warmupStart(program, window.from);
  const data = [];
  for (const k of graph.settings.symbols) data.push({ instrument: k, source: (await storedBars(world.storage, program, k, from, window.to))!, label: `mongo:${k}`, timeframe: graph.settings.timeframe });
  const seen: Observed = { trades: [], fills: [], signals: [] };
  const r = await runBacktest(program, data, {
    from: window.from,
    to: window.to,
    maxTrades: 0,
    onCore: (core) => {
      const onBar = core.onBar.bind(core);
      core.onBar = (k, bar) => {
        const out = onBar(k, bar);
        if (bar.t >= window.from) seen.signals.push(...signalsOf(out));
        return out;
      };
      const onFill = core.onFill.bind(core);
      core.onFill = (f) => {
        seen.fills.push(f);
        return onFill(f);
      };
    },
  });
  if (!r.result) throw new Error(r.errors.join('\n'));
  seen.trades = r.result.trades as Trade[];
  return seen;
}

/** Replays the day through the engine and reads back what it did: trades from `trade_logs`, fills from `stream:orders`, signals from `trading_signals`. */
async function replay(graph: RuleGraph): Promise<Observed & { id: string }> {
  const id = await startStrategy(world, graph, { options: { replay: DAY, speed: 1_000_000 } });
  await eventually('the replay to finish', async () => (await getRun(world.redis, id))?.state === 'finished' && (await world.ks.state.getStatus('stocks', id))?.state === 'stopped', 120_000);
  await eventually('the outbox to reach MongoDB', () => outboxDrained(world.redis));
  const trades = (await world.storage.tradeLogs.listBySet(id, { limit: 10_000 })).map((t) => (t.details as { trade: Trade }).trade).sort((a, b) => a.entry.bar_time - b.entry.bar_time || a.id.localeCompare(b.id));
  const fills: Fill[] = [];
  for (const [, fields] of (await world.redis.xrange('stream:orders', '-', '+')) as Array<[string, string[]]>) {
    const m = OrderEventMessageSchema.parse(JSON.parse(fields[1]!));
    if (m.strategy_id === id && m.event === 'fill') fills.push(m.fill as Fill);
  }
  const signals = (await world.storage.tradingSignals.listForSet(id, { limit: 10_000 }))
    .map((s) => ({ rule: (s.trace as { rule: string }).rule, time: s.bar_time.getTime(), instrument: s.instrument_key, type: s.kind, qty: (s.trace as { order: { qty: number } }).order.qty }))
    .sort((a, b) => a.time - b.time);
  return { id, trades, fills, signals };
}

/** A fill without its execution timestamp (the live one is the tick's, the backtest's the bar's). */
const fillKey = (f: Fill) => ({ order_id: f.order_id, position_id: f.position_id, contract: f.contract, side: f.side, qty: f.qty, price: f.price, bar_time: f.bar_time, at: f.at, reason: f.reason, costs: f.costs });
const tradeKey = (t: Trade) => ({
  id: t.id,
  contract: t.contract,
  side: t.side,
  qty: t.qty,
  entry: { bar_time: t.entry.bar_time, price: t.entry.price, costs: t.entry.costs, signal: t.entry.signal, fill: t.entry.fill },
  exit: { bar_time: t.exit.bar_time, price: t.exit.price, costs: t.exit.costs, reason: t.exit.reason, at: t.exit.at, signal: t.exit.signal },
  stop_loss: t.stop_loss,
  take_profit: t.take_profit,
  gross_pnl: t.gross_pnl,
  net_pnl: t.net_pnl,
  bars: t.bars,
  mae: t.mae + 0, // JSON has no -0
  mfe: t.mfe + 0,
});

async function expectParity(graph: RuleGraph): Promise<Observed> {
  const live = await replay(graph);
  const bt = await backtest(graph);
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
