import type { Slippage } from '@algo/compiler';
import type { Tick } from '../../feeds/feed.js';
import { roundToTick } from '../../strategy/instrument.js';
import type { OrderSide, OrderType } from '../orders.js';

/**
 * The paper broker's fill model, one tick at a time — the live counterpart of the
 * backtester's bar rules (runtime/src/backtest/broker.ts), stated once here:
 *
 * - **Market** orders fill at the first tick at or after the decision, at its price moved
 *   against the order by the slippage.
 * - **Stop-market** (`STOP_LOSS_MARKET`) triggers on the first tick at or through the
 *   trigger and fills *at the trigger* (with slippage) when the price crossed it between two
 *   ticks — but *at the tick's price* when the tick is a `gap`, or the order was already
 *   through its trigger when it arrived (as a gap open fills a backtest stop at the open).
 * - **Limit** orders fill at the limit when the price crossed it, at the tick's (better)
 *   price on a gap or when marketable on arrival; no slippage.
 * - **Stop-limit** (`STOP_LOSS`) triggers like a stop; the trigger print then either meets
 *   the limit (fill there) or the order rests as a limit.
 */

export interface Matchable {
  readonly side: OrderSide;
  readonly orderType: OrderType;
  readonly price?: number;
  readonly triggerPrice?: number;
  /** A stop-limit whose trigger was hit (it now rests as a limit). */
  triggered: boolean;
}

/** Whether `price` is at or through `level` for a stop (`buy`: at or above) or a limit (`buy`: at or below). */
function through(side: OrderSide, kind: 'stop' | 'limit', level: number, price: number): boolean {
  const up = (side === 'BUY') === (kind === 'stop');
  return up ? price >= level : price <= level;
}

/** The price a resting level order trades at on the tick that reaches it. */
function atLevel(o: Matchable, kind: 'stop' | 'limit', level: number, tick: Tick, prev: number | undefined): number {
  if (tick.gap || prev === undefined || through(o.side, kind, level, prev)) return tick.ltp;
  return level;
}

/** Price moved against the order by the slippage: whole ticks (rounded to the tick) or basis points. */
export function slip(price: number, side: OrderSide, slippage: Slippage | undefined, tickSize: number): number {
  if (!slippage || slippage.value === 0) return price;
  if (slippage.kind === 'ticks') return roundToTick(side === 'BUY' ? price + slippage.value * tickSize : price - slippage.value * tickSize, tickSize);
  const amount = (price * slippage.value) / 10_000;
  return side === 'BUY' ? price + amount : price - amount;
}

/**
 * The fill price of `o` on `tick` (whose previous price for the instrument was `prev`), or
 * undefined when this tick does not fill it. A stop-limit that triggers but cannot fill yet
 * is marked `triggered` and keeps resting.
 */
export function fillPrice(o: Matchable, tick: Tick, prev: number | undefined, slippage: Slippage | undefined, tickSize: number): number | undefined {
  switch (o.orderType) {
    case 'MARKET':
      return slip(tick.ltp, o.side, slippage, tickSize);
    case 'STOP_LOSS_MARKET': {
      const trigger = o.triggerPrice!;
      if (!through(o.side, 'stop', trigger, tick.ltp)) return undefined;
      return slip(atLevel(o, 'stop', trigger, tick, prev), o.side, slippage, tickSize);
    }
    case 'LIMIT': {
      const limit = o.price!;
      return through(o.side, 'limit', limit, tick.ltp) ? atLevel(o, 'limit', limit, tick, prev) : undefined;
    }
    case 'STOP_LOSS': {
      const limit = o.price!;
      if (!o.triggered) {
        const trigger = o.triggerPrice!;
        if (!through(o.side, 'stop', trigger, tick.ltp)) return undefined;
        o.triggered = true;
        const print = atLevel(o, 'stop', trigger, tick, prev);
        return through(o.side, 'limit', limit, print) ? print : undefined;
      }
      return through(o.side, 'limit', limit, tick.ltp) ? atLevel(o, 'limit', limit, tick, prev) : undefined;
    }
  }
}
