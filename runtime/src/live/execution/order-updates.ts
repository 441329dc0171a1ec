import type { BrokerOrder } from '../../brokers/orders.js';
import { slip } from '../../brokers/paper/fill-rules.js';
import type { Fill } from '../../strategy/orders.js';
import type { Account } from './account.js';
import type { Effects } from './effects.js';
import { bookStatus, isLive, type BookOrder } from './order-book.js';

/**
 * Applies what the broker says about our orders to the run's order book, and tells the
 * strategy core what it must know: a fill (priced by the backtester's cost model, on the
 * bar it happened in) or an order of its that will never fill. A stop or target that fills
 * cancels its sibling (the broker does not link them). Every change goes to MongoDB and
 * the feed. Updates for orders the book does not know are left to reconciliation.
 */
export async function applyUpdates(acc: Account, fx: Effects, cancel: (acc: Account, o: BookOrder, fx: Effects) => Promise<void>): Promise<void> {
  while (acc.updates.length) {
    const u = acc.updates.shift()!;
    const o = acc.book.get(u.clientOrderId ?? '');
    if (!o) continue;
    const status = bookStatus(u.status);
    if (!isLive(o) && o.reported) continue;
    if (o.status === status && o.filled === u.filledQuantity && o.broker_order_id === u.brokerOrderId) continue;
    o.status = status;
    o.filled = u.filledQuantity;
    if (u.averagePrice !== undefined) o.avg = u.averagePrice;
    o.broker_order_id ??= u.brokerOrderId;
    if (u.statusMessage) o.message = u.statusMessage;
    o.updated_at = u.updatedAt;
    acc.book.put(o);
    fx.recorded(o);
    if (status === 'complete' && !o.reported) {
      o.reported = true;
      acc.book.addFill(o.contract, o.side, o.filled);
      const fill = toFill(acc, o, u);
      const entry = o.role === 'entry' ? undefined : acc.book.entryOf(o.position_id ?? '')?.cid;
      fx.event({ client_order_id: o.cid, status: u.status, event: 'fill', order_id: fill.order_id, fill, instrument_key: o.contract, side: o.side, quantity: o.filled, price: fill.price, ...(entry ? { entry_client_order_id: entry } : {}), at: fill.time });
      fx.count('fills');
      fx.runtime(o);
      if (o.role === 'stop' || o.role === 'target' || o.role === 'exit') {
        for (const sib of acc.book.all()) {
          if (sib.cid !== o.cid && sib.position_id === o.position_id && (sib.role === 'stop' || sib.role === 'target') && isLive(sib)) await cancel(acc, sib, fx);
        }
      }
    } else if ((status === 'cancelled' || status === 'rejected') && !o.reported) {
      o.reported = true;
      if (o.role === 'entry' || o.role === 'exit') fx.refused(o.ref, o.cid, o.cancelled_by_us ? 'cancelled' : `${status}: ${o.message ?? 'by the broker'}`);
      else if (!o.cancelled_by_us) fx.event({ client_order_id: o.cid, status: u.status, event: 'update', reason: `the ${o.role} of ${o.position_id} was ${status}: ${o.message ?? ''} — the position is not protected`, instrument_key: o.contract });
    } else fx.event({ client_order_id: o.cid, status: u.status, event: 'update', instrument_key: o.contract, side: o.side, quantity: o.qty });
  }
}

/** A broker's fill as the strategy core's `Fill`: on the bar it happened in, at the open / close / a level / a gap, priced by the cost model. */
export function toFill(acc: Account, o: BookOrder, u: BrokerOrder): Fill {
  const price = u.averagePrice ?? o.avg ?? 0;
  const time = u.updatedAt;
  const start = acc.grid.start(time);
  const side = o.side === 'BUY' ? 'buy' : 'sell';
  const qty = o.filled;
  const costs = acc.costs.cost({ side, price, qty, time });
  const bar_time = Number.isFinite(start) ? start : time;
  if (o.role === 'entry') return { order_id: o.ref, contract: o.contract, side, qty, price, time, bar_time, costs, at: o.fill_mode === 'on_close' ? 'close' : 'open' };
  if (o.role === 'exit') return { order_id: o.ref, position_id: o.position_id!, contract: o.contract, side, qty, price, time, bar_time, costs, at: o.fill_mode === 'on_close' ? 'close' : 'open', reason: (o.reason ?? 'signal') as Fill['reason'] & string };
  const tick = acc.s.spec(o.contract)?.tick_size ?? 0.05;
  const level = o.role === 'stop' ? slip(o.trigger ?? price, o.side, acc.s.graph.settings.costs.slippage, tick) : (o.price ?? price);
  const gap = acc.lastGap.get(o.contract) === time || price !== level;
  return {
    order_id: `${o.position_id}:${o.role}`,
    position_id: o.position_id!,
    contract: o.contract,
    side,
    qty,
    price,
    time,
    bar_time,
    costs,
    at: gap ? 'gap' : 'level',
    reason: o.role === 'target' ? 'take_profit' : (o.stop_reason ?? 'stop_loss'),
  };
}
