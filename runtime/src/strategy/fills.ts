import { RUNTIME_ERROR_CODES, RuntimeError } from '../evaluator/errors.js';
import { roundToTick, type InstrumentSpec } from './instrument.js';
import { stopPrice, targetPrice, trailPrice } from './levels.js';
import type { Fill, OrderIntent } from './orders.js';
import type { CoreState, Position } from './state.js';
import type { Trade } from './trade.js';
import { openPnl, protectIntent, roundStop } from './position.js';
import { EntryRecord, ExitRecord, SignalRecord, TradeRecord } from './records.js';

/** The intents of a fill that asks for none (shared; read only). */
const NO_INTENTS: OrderIntent[] = [];

/** What a fill changed: intents to pass on (the new position's stop and target) and the trade it closed. */
export interface FillResult {
  readonly intents: OrderIntent[];
  readonly trade?: Trade;
}

/** What applying a fill needs from the core (made once per core, not per fill). */
export interface FillHelpers {
  spec(key: string): InstrumentSpec;
  /** the latest value of an ATR series on a signal instrument (for an `atr` trailing stop) */
  atr(series: string, instrument: string): number | boolean | null;
}

/**
 * Applies one fill to the core's state. An entry fill turns the pending entry into a
 * position: stop and target are priced from the fill price (percent and points from it,
 * absolute levels as they are, `R` from the stop's distance), rounded to the tick — the stop
 * away from the price so rounding never tightens it — and returned as a `protect` intent.
 * An exit fill closes the position and returns the trade. A fill the state knows nothing
 * about is a broker bug (`ALGO_BROKER_STATE`).
 */
export function applyFill(st: CoreState, fill: Fill, h: FillHelpers): FillResult {
  st.marks[fill.contract] = fill.price;
  if (fill.position_id !== undefined) return { intents: NO_INTENTS, trade: closePosition(st, fill) };
  const i = indexOfOrder(st.pending, fill.order_id);
  if (i < 0) throw new RuntimeError(RUNTIME_ERROR_CODES.broker, `fill for unknown order ${fill.order_id}`);
  const order = st.pending[i]!;
  removeAt(st.pending, i);
  const tick = h.spec(order.contract).tick_size;
  const entry = fill.price;
  const stop = roundStop(stopPrice(order.stop, entry, order.side), tick, order.side);
  const target = order.target ? roundToTick(targetPrice(order.target, entry, order.side, Math.abs(entry - stop)), tick) : null;
  const p: Position = {
    id: `p${order.order_id.slice(1)}`,
    instrument: order.instrument,
    contract: order.contract,
    side: order.side,
    qty: fill.qty,
    entry_price: entry,
    entry_time: fill.time,
    entry_bar_time: fill.bar_time,
    entry_costs: fill.costs,
    fill: order.fill,
    label: order.label,
    signal: order.signal,
    bars: fill.at === 'close' ? 1 : 0,
    mark: entry,
    best: entry,
    worst: entry,
    stop,
    initial_stop: stop,
    target,
    trail: order.trail,
    trail_level: null,
    exiting: null,
  };
  if (p.trail) {
    const atr = p.trail.kind === 'atr' ? Number(h.atr(p.trail.series, p.instrument) ?? NaN) : NaN;
    const level = trailPrice(p.trail, entry, p.side, atr);
    if (Number.isFinite(level)) p.trail_level = roundStop(level, tick, p.side);
  }
  st.cash -= fill.costs.total;
  st.positions.push(p);
  return { intents: [protectIntent(p)] };
}

/**
 * `arr.splice(i, 1)` without the array of removed elements `splice` allocates (two per
 * trade); order kept.
 */
export function removeAt<T>(arr: T[], i: number): void {
  for (let k = i + 1; k < arr.length; k++) arr[k - 1] = arr[k]!;
  arr.pop();
}

/** `findIndex` without a closure per fill. */
function indexOfOrder(pending: CoreState['pending'], orderId: string): number {
  for (let i = 0; i < pending.length; i++) if (pending[i]!.order_id === orderId) return i;
  return -1;
}

function indexOfPosition(positions: readonly Position[], id: string): number {
  for (let i = 0; i < positions.length; i++) if (positions[i]!.id === id) return i;
  return -1;
}

function closePosition(st: CoreState, fill: Fill): Trade {
  const i = indexOfPosition(st.positions, fill.position_id!);
  if (i < 0) throw new RuntimeError(RUNTIME_ERROR_CODES.broker, `exit fill for unknown position ${fill.position_id}`);
  const p = st.positions[i]!;
  removeAt(st.positions, i);
  const d = p.side === 'long' ? 1 : -1;
  const gross = openPnl(p, fill.price);
  st.cash += gross - fill.costs.total;
  const costs = p.entry_costs.total + fill.costs.total;
  const net = gross - costs;
  const best = d > 0 ? Math.max(p.best, fill.price) : Math.min(p.best, fill.price);
  const worst = d > 0 ? Math.min(p.worst, fill.price) : Math.max(p.worst, fill.price);
  const reason = fill.reason ?? p.exiting?.reason ?? 'signal';
  const signal = p.exiting && fill.order_id === p.exiting.order_id ? p.exiting.signal : new SignalRecord(reason, fill.bar_time, undefined);
  const trade = new TradeRecord(p, new EntryRecord(p), new ExitRecord(fill, signal, reason), gross, costs, net, Math.min(0, openPnl(p, worst)), Math.max(0, openPnl(p, best)));
  if (fill.ambiguous) {
    const alt = openPnl(p, fill.ambiguous.price) - p.entry_costs.total - fill.ambiguous.costs.total;
    trade.ambiguous = { exit_price: fill.ambiguous.price, reason: fill.ambiguous.reason, net_pnl: alt };
  }
  return trade;
}
