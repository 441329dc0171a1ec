import type { ConditionTrace } from '../evaluator/compile-rules.js';
import { plainRecord } from '../evaluator/plain-record.js';
import type { Fill, ProtectIntent } from './orders.js';
import type { Signal } from './signal.js';
import type { Position } from './state.js';
import type { Trade } from './trade.js';

// The records a trade keeps — its signals, its entry and exit sides, the trade itself —
// made by constructors rather than object literals, so V8 does not make every trade of a
// long run in the old generation (see `plain-record.ts`). Fields in the order the JSON of a
// result has always had them.

/** A signal: the rule, the bar time, and (when traced) the conditions. `label`/`reads` are added by the caller. */
export const SignalRecord = plainRecord(function (this: Signal, rule: string, time: number, conditions: ConditionTrace | undefined) {
  this.rule = rule;
  this.time = time;
  if (conditions !== undefined) this.conditions = conditions;
});

/** A trade's entry side, from its position. */
export const EntryRecord = plainRecord(function (this: Trade['entry'], p: Position) {
  this.time = p.entry_time;
  this.bar_time = p.entry_bar_time;
  this.price = p.entry_price;
  this.costs = p.entry_costs;
  this.signal = p.signal;
  this.fill = p.fill;
});

/** A trade's exit side, from the exit fill. */
export const ExitRecord = plainRecord(function (this: Trade['exit'], fill: Fill, signal: Signal, reason: Trade['exit']['reason']) {
  this.time = fill.time;
  this.bar_time = fill.bar_time;
  this.price = fill.price;
  this.costs = fill.costs;
  this.signal = signal;
  this.reason = reason;
  this.at = fill.at;
});

/** A closed trade, with its money figures worked out by `closePosition` (`ambiguous` is added by the caller when the exit bar was ambiguous). */
export const TradeRecord = plainRecord(function (this: Trade, p: Position, entry: Trade['entry'], exit: Trade['exit'], gross: number, costs: number, net: number, mae: number, mfe: number) {
  this.id = p.id;
  this.instrument = p.instrument;
  this.contract = p.contract;
  this.side = p.side;
  this.qty = p.qty;
  this.entry = entry;
  this.exit = exit;
  this.stop_loss = p.initial_stop;
  this.take_profit = p.target;
  this.gross_pnl = gross;
  this.costs = costs;
  this.net_pnl = net;
  this.return_pct = net / (p.entry_price * p.qty);
  this.bars = p.bars;
  this.mae = mae;
  this.mfe = mfe;
});

/** A position's protective orders (see `protectIntent`): a record, so no schema literal of the same keys sets its fields' representation. */
export const ProtectRecord = plainRecord(function (this: { -readonly [K in keyof ProtectIntent]: ProtectIntent[K] }, p: Position, stop: number, stopReason: ProtectIntent['stop_reason']) {
  this.type = 'protect';
  this.position_id = p.id;
  this.contract = p.contract;
  this.side = p.side === 'long' ? 'sell' : 'buy';
  this.qty = p.qty;
  this.stop = stop;
  this.target = p.target;
  this.stop_reason = stopReason;
});
