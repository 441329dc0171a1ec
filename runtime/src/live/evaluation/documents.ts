import type { Candle } from '../../market/candle.js';
import type { LiveSignal } from '../../redis/keyspace/signals.js';
import type { LivePosition } from '../../redis/keyspace/strategy-state.js';
import type { TradeLogDoc } from '../../storage/repositories/trade-logs.js';
import type { TradingSignalDocInput } from '../../storage/repositories/trading-signals.js';
import type { OrderIntent } from '../../strategy/orders.js';
import type { Position } from '../../strategy/state.js';
import type { Trade } from '../../strategy/trade.js';
import type { LoadedStrategy } from '../runs/strategy-loader.js';
import type { Run } from '../runs/run-record.js';
import type { IntentMessage } from '../streams/messages.js';

/**
 * How the strategy core's objects are written down by the live engine: an intent as a
 * seed-002 signal on `stream:signals`, a fired rule as a `trading_signals` audit document
 * (with its rule trace), a position as the seed's `LivePosition`, a closed trade as a
 * `trade_logs` document. Pure functions; ids are derived from the run, so writing one
 * twice (after a restart) stores it once.
 */

/** What the intent does to a position: an entry opens, everything else (exits, stops, targets, cancels of exits) closes or protects. */
function kindOf(intent: OrderIntent, known: (orderId: string) => { contract: string; side: 'long' | 'short' } | undefined): { kind: 'entry' | 'exit'; side: 'long' | 'short'; contract: string } {
  switch (intent.type) {
    case 'entry':
      return { kind: 'entry', side: intent.position_side, contract: intent.contract };
    case 'exit':
      return { kind: 'exit', side: intent.side === 'sell' ? 'long' : 'short', contract: intent.contract };
    case 'protect':
      return { kind: 'exit', side: intent.side === 'sell' ? 'long' : 'short', contract: intent.contract };
    case 'cancel': {
      const k = known(intent.order_id);
      return { kind: intent.order_id.startsWith('e') ? 'entry' : 'exit', side: k?.side ?? 'long', contract: k?.contract ?? '' };
    }
  }
}

/** The id an intent goes by on the stream and in `trading_signals`. */
export function intentId(run: Run, intent: OrderIntent, seq: number): string {
  const local = intent.type === 'protect' ? `${intent.position_id}.protect.${seq}` : intent.type === 'cancel' ? `${intent.order_id}.cancel` : intent.order_id;
  return `${run.strategy_id}:${run.run_id}:${local}`;
}

export interface IntentContext {
  readonly run: Run;
  readonly seq: number;
  /** the bar the decision was taken on, when there was one */
  readonly bar?: Candle;
  readonly decidedAt?: number;
  readonly lockstep: boolean;
  readonly receivedAt?: number;
  readonly fallbackInstrument: string;
  known(orderId: string): { contract: string; side: 'long' | 'short' } | undefined;
}

/** An intent as the message execution reads. */
export function intentMessage(intent: OrderIntent, c: IntentContext): IntentMessage {
  const k = kindOf(intent, c.known);
  const label = intent.type === 'entry' || intent.type === 'exit' ? intent.signal.label : undefined;
  return {
    signal_id: intentId(c.run, intent, c.seq),
    set_id: c.run.strategy_id,
    kind: k.kind,
    side: k.side,
    instrument_key: k.contract || c.fallbackInstrument,
    bar_time: c.bar?.t ?? 0,
    ...(c.bar ? { price: c.bar.c, bar_close: c.bar.c } : {}),
    ...(label !== undefined ? { label } : {}),
    run_id: c.run.run_id,
    intent,
    ...(c.decidedAt !== undefined ? { decided_at: Math.round(c.decidedAt) } : {}),
    ...(c.lockstep ? { lockstep: true } : {}),
    ...(c.receivedAt !== undefined ? { received_at: c.receivedAt } : {}),
  };
}

/** The seed-000 `signal:entry|exit:{id}` value of an entry or exit (the readable latest signal). */
export function latestSignal(m: IntentMessage): LiveSignal {
  const { intent: _intent, ...rest } = m;
  return rest;
}

/** An entry or exit rule that fired, for the `trading_signals` audit trail. */
export function signalDoc(s: LoadedStrategy, run: Run, m: IntentMessage, intent: Extract<OrderIntent, { type: 'entry' | 'exit' }>, bar: Candle, closeTime: number): TradingSignalDocInput {
  const sig = intent.signal;
  return {
    _id: m.signal_id,
    set_id: run.strategy_id,
    user_id: run.user_id,
    strategy_name: s.graph.settings.name,
    instrument_key: intent.instrument,
    timeframe: s.timeframe,
    generated_at: new Date(closeTime),
    bar_time: new Date(bar.t),
    kind: m.kind,
    side: m.side,
    rule_id: sig.label ? `${sig.rule} (${sig.label})` : sig.rule,
    price: bar.c,
    trace: { rule: sig.rule, ...(sig.conditions ? { conditions: sig.conditions } : {}), ...(sig.reads ? { reads: sig.reads } : {}), order: { type: intent.type, qty: intent.qty, fill: intent.fill, ...(intent.type === 'exit' ? { reason: intent.reason } : {}) } },
    ...(sig.reads ? { indicators_used: sig.reads } : {}),
    mode: run.mode,
  };
}

/** A core position as the seed's `LivePosition` (what `GET /strategies/:id/state` lists). */
export function livePosition(p: Position, entryClientOrderId?: string): LivePosition {
  return {
    instrument_key: p.contract,
    side: p.side,
    quantity: p.qty,
    entry_price: p.entry_price,
    entry_time: Math.round(p.entry_time),
    ...(p.stop > 0 ? { stop_loss: p.stop } : {}),
    ...(p.target !== null && p.target > 0 ? { take_profit: p.target } : {}),
    ...(p.trail_level !== null ? { trailing_stop: p.trail_level } : {}),
    ...(entryClientOrderId ? { client_order_id: entryClientOrderId } : {}),
    mark: p.mark,
    unrealized_pnl: round2((p.side === 'long' ? 1 : -1) * (p.mark - p.entry_price) * p.qty),
    bars: p.bars,
    rule: p.signal.rule,
  };
}

/** A closed trade as a `trade_logs` document; `_id` is the run's, so it is stored once. */
export function tradeLog(run: Run, trade: Trade, legs: { entry?: string | undefined; exit?: string | undefined }): Omit<TradeLogDoc, 'created_at'> {
  return {
    _id: `${run.strategy_id}:${run.run_id}:${trade.id}`,
    set_id: run.strategy_id,
    user_id: run.user_id,
    asset_type: run.asset,
    mode: run.mode,
    instrument_key: trade.contract,
    side: trade.side,
    entry_timestamp: new Date(trade.entry.time),
    exit_timestamp: new Date(Math.max(trade.exit.time, trade.entry.time)),
    entry: { price: trade.entry.price, quantity: trade.qty, ...(legs.entry ? { client_order_id: legs.entry } : {}), reason: trade.entry.signal.rule },
    exit: { price: trade.exit.price, quantity: trade.qty, ...(legs.exit ? { client_order_id: legs.exit } : {}), reason: trade.exit.reason },
    pnl: { gross: round2(trade.gross_pnl), charges: round2(Math.max(0, trade.costs)), net: round2(trade.net_pnl) },
    details: { run_id: run.run_id, ...(run.replay ? { replay: run.replay } : {}), trade: trade as unknown as Record<string, unknown> },
  };
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
