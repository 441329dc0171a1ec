import { describe, expect, it } from 'vitest';
import { collectCandles } from '../../src/data/candle-source.js';
import { synthCandles } from '../../src/data/synth/synth.js';
import { SimulatedBroker } from '../../src/backtest/broker.js';
import { NO_COSTS } from '../../src/backtest/costs.js';
import { RuntimeError } from '../../src/evaluator/errors.js';
import { loadProgram } from '../../src/evaluator/program.js';
import type { Candle } from '../../src/market/candle.js';
import { StrategyCore } from '../../src/strategy/core.js';
import { defaultSpec } from '../../src/strategy/instrument.js';
import type { OrderIntent } from '../../src/strategy/orders.js';
import { CoreStateSchema } from '../../src/strategy/state.js';
import type { Trade } from '../../src/strategy/trade.js';
import { compileOk } from '../backtest/helpers.js';

const KEY = 'NSE_EQ|CORE';
const SOURCE = `strategy "Core" {
  asset stocks
  symbols "${KEY}"
  timeframe 5m
  let fast = ema(close, 5)
  let slow = sma(close, 20)
  entry long when fast crosses above slow and rsi(close, 14) > 50 { qty 5  stop_loss 1%  take_profit 2R  trailing_stop 1.5% }
  entry short when fast crosses below slow { size 20% of equity  stop_loss 1 atr(14) }
  exit when position.bars >= 12
}`;

const program = () => {
  const r = loadProgram(compileOk(SOURCE));
  if (!r.program) throw new Error(r.errors.join('\n'));
  return r.program;
};

/** Drives a core and a simulated broker over `bars` (one instrument), as the backtest does. */
function drive(core: StrategyCore, broker: SimulatedBroker, bars: readonly Candle[], log: { intents: OrderIntent[]; trades: Trade[] }): void {
  const apply = (fills: ReturnType<SimulatedBroker['openBar']>) => {
    for (const f of fills) {
      const r = core.onFill(f);
      for (const i of r.intents) {
        log.intents.push(i);
        broker.submit(i);
      }
      if (r.trade) log.trades.push(r.trade);
    }
  };
  for (const bar of bars) {
    apply(broker.openBar(KEY, bar));
    apply(broker.insideBar(KEY, bar));
    for (const i of core.onBar(KEY, bar)) {
      log.intents.push(i);
      apply(broker.submit(i, bar, bar.t + 300_000));
    }
  }
}

describe('the strategy core', () => {
  it('continues from a JSON snapshot exactly as if it had never stopped (the live-engine restart)', async () => {
    const bars = await collectCandles(synthCandles({ symbol: KEY, from: '2024-03-01', to: '2024-03-29', timeframe: '5m', seed: 3 }));
    const p = program();
    const spec = defaultSpec;

    const straight = { intents: [] as OrderIntent[], trades: [] as Trade[] };
    drive(new StrategyCore({ program: p }), new SimulatedBroker({ costs: NO_COSTS, spec: (k) => spec(k)! }), bars, straight);
    expect(straight.trades.length).toBeGreaterThan(10);

    const cut = Math.floor(bars.length * 0.6);
    const first = { intents: [] as OrderIntent[], trades: [] as Trade[] };
    const broker = new SimulatedBroker({ costs: NO_COSTS, spec: (k) => spec(k)! });
    const before = new StrategyCore({ program: p });
    drive(before, broker, bars.slice(0, cut), first);

    // Through JSON, as Redis would keep it; validated on the way back in.
    const saved = JSON.parse(JSON.stringify(before.snapshot())) as unknown;
    expect(CoreStateSchema.safeParse(saved).success).toBe(true);
    const after = StrategyCore.restore({ program: p }, saved);
    // Series are rebuilt by replaying the bars the new process can read from history.
    for (const bar of bars.slice(0, cut)) after.prime(KEY, bar);
    const rest = { intents: [] as OrderIntent[], trades: [] as Trade[] };
    drive(after, broker, bars.slice(cut), rest);

    expect([...first.trades, ...rest.trades]).toEqual(straight.trades);
    expect([...first.intents, ...rest.intents]).toEqual(straight.intents);
  });

  it('refuses a snapshot that does not match the state schema, naming the field', () => {
    try {
      StrategyCore.restore({ program: program() }, { format: 'algo.core-state/v1', cash: 'lots' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RuntimeError);
      expect((e as RuntimeError).code).toBe('ALGO_CORE_SNAPSHOT');
      expect((e as Error).message).toMatch(/cash/);
    }
  });

  it('refuses bars that do not move forward (a driver bug), with a stable code', async () => {
    const core = new StrategyCore({ program: program() });
    const bar = { t: Date.UTC(2024, 0, 1, 4), o: 1, h: 1, l: 1, c: 1, v: 1 };
    core.onBar(KEY, bar);
    expect(() => core.onBar(KEY, bar)).toThrow(expect.objectContaining({ code: 'ALGO_EVALUATOR_FEED' }));
    expect(() => core.onBar('NSE_EQ|OTHER', bar)).toThrow(/does not trade NSE_EQ\|OTHER/);
  });

  it('emits entries with their signal trace and protective orders priced from the fill', async () => {
    const bars = await collectCandles(synthCandles({ symbol: KEY, from: '2024-03-01', to: '2024-03-08', timeframe: '5m', seed: 3 }));
    const log = { intents: [] as OrderIntent[], trades: [] as Trade[] };
    drive(new StrategyCore({ program: program() }), new SimulatedBroker({ costs: NO_COSTS, spec: (k) => defaultSpec(k)! }), bars, log);
    const entry = log.intents.find((i) => i.type === 'entry')!;
    expect(entry.signal.conditions).toBeDefined();
    const protect = log.intents.find((i) => i.type === 'protect')!;
    expect(protect).toMatchObject({ type: 'protect', stop: expect.any(Number) });
    const trade = log.trades[0]!;
    expect(trade.entry.signal.rule).toMatch(/^entry\./);
    if (trade.side === 'long') expect(trade.take_profit! - trade.entry.price).toBeCloseTo(2 * (trade.entry.price - trade.stop_loss), 1);
  });

  it('forgets an entry or exit the engine or broker refused, so it neither waits for it nor counts it', async () => {
    const bars = await collectCandles(synthCandles({ symbol: KEY, from: '2024-03-01', to: '2024-03-08', timeframe: '5m', seed: 3 }));
    const core = new StrategyCore({ program: program() });
    let entry: OrderIntent | undefined;
    let i = 0;
    for (; i < bars.length && !entry; i++) entry = core.onBar(KEY, bars[i]!).find((x) => x.type === 'entry');
    expect(entry).toBeDefined();
    const before = core.snapshot();
    expect(before.pending).toHaveLength(1);
    expect(core.onOrderRejected(entry!.order_id, 'max_order_value')).toBe('entry');
    const after = core.snapshot();
    expect(after.pending).toHaveLength(0);
    expect(after.day.entries).toBe(before.day.entries - 1);
    expect(after.stats.entries_taken).toBe(before.stats.entries_taken - 1);
    expect(after.stats.refused.max_order_value).toBe(1);
    expect(core.onOrderRejected(entry!.order_id, 'max_order_value')).toBeUndefined();

    // An exit refused: the position may be closed again later.
    const again = new StrategyCore({ program: program() });
    const broker = new SimulatedBroker({ costs: NO_COSTS, spec: (k) => defaultSpec(k)! });
    let exit: OrderIntent | undefined;
    for (const bar of bars) {
      for (const f of [...broker.openBar(KEY, bar), ...broker.insideBar(KEY, bar)]) for (const x of again.onFill(f).intents) broker.submit(x);
      for (const x of again.onBar(KEY, bar)) {
        if (x.type === 'exit') exit = x;
        else broker.submit(x, bar, bar.t + 300_000);
      }
      if (exit) break;
    }
    expect(exit).toBeDefined();
    expect(again.positions()[0]!.exiting?.order_id).toBe(exit!.order_id);
    expect(again.onOrderRejected(exit!.order_id, 'rejected')).toBe('exit');
    expect(again.positions()[0]!.exiting).toBeNull();
  });
});
