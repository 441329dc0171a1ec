import type { Slippage } from '@algo/compiler';
import { RUNTIME_ERROR_CODES, RuntimeError } from '../evaluator/errors.js';
import type { Candle } from '../market/candle.js';
import { roundToTick, type InstrumentSpec } from '../strategy/instrument.js';
import type { ExitReason, Fill, OrderIntent } from '../strategy/orders.js';
import { removeAt } from '../strategy/fills.js';
import type { CostBreakdown, CostModel } from './costs.js';

/**
 * The simulated broker of a backtest: the fill model (DESIGN.md §4), stated here once.
 *
 * - Market orders (`next_open`) wait for the contract's next bar and fill at its open;
 *   `on_close` orders fill at the signal bar's close, when they are submitted.
 * - Protective orders are checked inside every bar after they are set, from the bar's OHLC:
 *   an open already through the stop fills at the open (a gap); an open already through the
 *   target fills at the open; otherwise a low (for a long) at or below the stop fills at the
 *   stop and a high at or above the target at the target. When one bar reaches both, the
 *   order inside the bar is unknown: the `adverse` reading (default) takes the stop, the
 *   `favourable` one the target; the bar is counted and the fill carries the other reading.
 * - Slippage moves market and stop fills against the order (ticks × tick size, or bps of
 *   the price); target (limit) fills get none.
 * - Every fill is priced by the cost model.
 */
export interface BrokerConfig {
  readonly costs: CostModel;
  readonly slippage?: Slippage;
  readonly spec: (key: string) => InstrumentSpec;
  readonly intrabar?: 'adverse' | 'favourable';
}

interface MarketOrder {
  readonly order_id: string;
  readonly position_id?: string;
  readonly contract: string;
  readonly side: 'buy' | 'sell';
  readonly qty: number;
  readonly reason?: ExitReason;
}

interface Protective {
  readonly position_id: string;
  readonly contract: string;
  readonly side: 'buy' | 'sell';
  readonly qty: number;
  readonly stop: number | null;
  readonly target: number | null;
  readonly stop_reason: 'stop_loss' | 'trailing_stop';
}

/** The empty fill list (shared: returned on the many bars where nothing fills). */
const NONE: Fill[] = [];

export class SimulatedBroker {
  /** bars on which a stop and a target were both reachable */
  ambiguousBars = 0;
  /** market orders waiting for their contract's next bar (lists may be empty), and how many in all */
  private readonly queued = new Map<string, MarketOrder[]>();
  private queuedCount = 0;
  /** protective orders (at most one per position), in the order they were set; iterated on every bar */
  private readonly protectiveList: Protective[] = [];
  private readonly favourable: boolean;
  private readonly ticks = new Map<string, number>();
  /** the order the cost model prices, refilled for every fill (the model only reads it during the call) */
  private readonly priced: { side: 'buy' | 'sell'; price: number; qty: number; time: number } = { side: 'buy', price: NaN, qty: NaN, time: NaN };

  constructor(private readonly config: BrokerConfig) {
    this.favourable = config.intrabar === 'favourable';
  }

  /**
   * Takes an intent. `on_close` entries and exits fill now, at `bar.c` (the contract's bar
   * at the signal time, closing at `closeTime`); `next_open` ones wait for `openBar`.
   */
  submit(intent: OrderIntent, bar?: Candle, closeTime?: number): Fill[] {
    switch (intent.type) {
      case 'protect':
        this.setProtective(intent.position_id, intent);
        return NONE;
      case 'cancel':
        this.dropQueued('order_id', intent.order_id);
        return NONE;
      case 'entry':
      case 'exit': {
        // The intent itself waits as the order (it has every field a market order reads, and
        // nothing changes it): no copy per order.
        const order: MarketOrder = intent;
        if (intent.fill === 'on_close') {
          if (!bar) throw new RuntimeError(RUNTIME_ERROR_CODES.broker, `on_close order ${intent.order_id} submitted without the bar to fill on`);
          return [this.market(order, bar.c, bar, closeTime ?? bar.t, 'close')];
        }
        const list = this.queued.get(order.contract);
        if (list) list.push(order);
        else this.queued.set(order.contract, [order]);
        this.queuedCount++;
        return NONE;
      }
    }
  }

  /** Fills the contract's waiting market orders at this bar's open, in the order they were sent. */
  openBar(contract: string, bar: Candle): Fill[] {
    // Runs on every bar: no closure here (V8 would allocate its context on every call).
    if (this.queuedCount === 0) return NONE;
    const list = this.queued.get(contract);
    if (!list || list.length === 0) return NONE;
    return this.fillAtOpen(list, bar);
  }

  /** Checks every protective order on the contract against this bar's range. */
  insideBar(contract: string, bar: Candle): Fill[] {
    const list = this.protectiveList;
    if (list.length === 0) return NONE;
    let out: Fill[] | undefined;
    // From the end: a fill removes its own order (in place), which leaves the ones before it.
    for (let i = list.length - 1; i >= 0; i--) {
      const p = list[i]!;
      if (p.contract !== contract) continue;
      const f = this.check(p, bar);
      if (f) {
        if (out === undefined) out = [f];
        else out.unshift(f);
      }
    }
    return out ?? NONE;
  }

  /** True while any order waits (a market order for a bar, or a protective order): `openBar` and `insideBar` have nothing to do otherwise. */
  get busy(): boolean {
    return this.queuedCount !== 0 || this.protectiveList.length !== 0;
  }

  /** True while the contract has market orders waiting for a bar. */
  hasQueued(contract: string): boolean {
    return (this.queued.get(contract)?.length ?? 0) > 0;
  }

  /** Fills `list` (a contract's waiting orders, emptied) at the bar's open, in the order they were sent. */
  private fillAtOpen(list: MarketOrder[], bar: Candle): Fill[] {
    // `market` never touches the queue, so the list can be read in place and emptied after
    // (by popping: setting `length = 0` would drop its storage, to be allocated again).
    const n = list.length;
    const fills: Fill[] = n === 1 ? [this.market(list[0]!, bar.o, bar, bar.t, 'open')] : [];
    for (let i = fills.length; i < n; i++) fills.push(this.market(list[i]!, bar.o, bar, bar.t, 'open'));
    this.queuedCount -= n;
    while (list.length !== 0) list.pop();
    return fills;
  }

  /** Withdraws the waiting market orders whose `field` is `id` (an order, or every exit of a position). */
  private dropQueued(field: 'order_id' | 'position_id', id: string): void {
    if (this.queuedCount === 0) return;
    for (const list of this.queued.values()) {
      let kept = 0;
      for (let i = 0; i < list.length; i++) if (list[i]![field] !== id) list[kept++] = list[i]!;
      if (kept === list.length) continue;
      this.queuedCount -= list.length - kept;
      while (list.length > kept) list.pop();
    }
  }

  /**
   * Sets (or with `undefined` removes) a position's protective orders. A new order goes to
   * the end of the list; removal is in place (`insideBar` iterates from the end, so removing
   * the order it is checking leaves the ones it has yet to check where they were).
   */
  private setProtective(positionId: string, p: Protective | undefined): void {
    const list = this.protectiveList;
    for (let i = 0; i < list.length; i++) {
      if (list[i]!.position_id !== positionId) continue;
      removeAt(list, i);
      break;
    }
    if (p) list.push(p);
  }

  private market(o: MarketOrder, raw: number, bar: Candle, time: number, at: 'open' | 'close'): Fill {
    const price = this.slip(raw, o.side, o.contract);
    if (o.position_id !== undefined) this.setProtective(o.position_id, undefined);
    const costs = this.cost(o.side, price, o.qty, time);
    if (o.position_id === undefined) return { order_id: o.order_id, contract: o.contract, side: o.side, qty: o.qty, price, time, bar_time: bar.t, costs, at };
    return { order_id: o.order_id, position_id: o.position_id, contract: o.contract, side: o.side, qty: o.qty, price, time, bar_time: bar.t, costs, at, reason: o.reason ?? 'signal' };
  }

  private check(p: Protective, bar: Candle): Fill | undefined {
    const long = p.side === 'sell';
    const { stop, target } = p;
    const o = bar.o;
    const throughStop = stop !== null && (long ? o <= stop : o >= stop);
    if (throughStop) return this.exit(p, o, bar, 'gap', p.stop_reason, true);
    const throughTarget = target !== null && (long ? o >= target : o <= target);
    if (throughTarget) return this.exit(p, o, bar, 'gap', 'take_profit', false);
    const hitStop = stop !== null && (long ? bar.l <= stop : bar.h >= stop);
    const hitTarget = target !== null && (long ? bar.h >= target : bar.l <= target);
    if (hitStop && hitTarget) {
      this.ambiguousBars++;
      const stopFill = this.exit(p, stop!, bar, 'level', p.stop_reason, true);
      const targetFill = this.exit(p, target!, bar, 'level', 'take_profit', false);
      const [taken, other] = this.favourable ? [targetFill, stopFill] : [stopFill, targetFill];
      return { ...taken, ambiguous: { price: other.price, costs: other.costs, reason: other.reason! } };
    }
    if (hitStop) return this.exit(p, stop!, bar, 'level', p.stop_reason, true);
    if (hitTarget) return this.exit(p, target!, bar, 'level', 'take_profit', false);
    return undefined;
  }

  private exit(p: Protective, raw: number, bar: Candle, at: 'level' | 'gap', reason: ExitReason, slipped: boolean): Fill {
    const price = slipped ? this.slip(raw, p.side, p.contract) : raw;
    this.setProtective(p.position_id, undefined);
    this.dropQueued('position_id', p.position_id);
    return {
      order_id: `${p.position_id}:${reason === 'take_profit' ? 'target' : 'stop'}`,
      position_id: p.position_id,
      contract: p.contract,
      side: p.side,
      qty: p.qty,
      price,
      time: bar.t,
      bar_time: bar.t,
      costs: this.cost(p.side, price, p.qty, bar.t),
      at,
      reason,
    };
  }

  private cost(side: 'buy' | 'sell', price: number, qty: number, time: number): CostBreakdown {
    const o = this.priced;
    o.side = side;
    o.price = price;
    o.qty = qty;
    o.time = time;
    return this.config.costs.cost(o);
  }

  private slip(price: number, side: 'buy' | 'sell', contract: string): number {
    const s = this.config.slippage;
    if (!s || s.value === 0) return price;
    let tick = this.ticks.get(contract);
    if (tick === undefined) {
      tick = this.config.spec(contract).tick_size;
      this.ticks.set(contract, tick);
    }
    // A sell never fills below one tick: slippage cannot take a price to zero or less.
    if (s.kind === 'ticks') return side === 'buy' ? roundToTick(price + s.value * tick, tick) : Math.max(tick, roundToTick(price - s.value * tick, tick));
    const amount = (price * s.value) / 10_000;
    return side === 'buy' ? price + amount : Math.max(tick, price - amount);
  }
}
