import type { BrokerOrder, OrderRequest } from '../../brokers/orders.js';
import type { NewOrderIntent } from '../../storage/repositories/orders.js';
import { commit, type EngineContext } from '../context.js';
import { outboxRecipe } from '../recorder/outbox-entry.js';
import type { IntentMessage } from '../streams/messages.js';
import { delay, withTimeout } from '../streams/serial.js';
import type { Account } from './account.js';
import type { Effects } from './effects.js';
import type { BookOrder } from './order-book.js';

/**
 * The sending half of execution's order protocol (see `OrderRouter`): an order is recorded
 * — in the run's order book with its MongoDB intent queued in the outbox, one Redis commit,
 * then in MongoDB directly while it answers within `mongoTimeoutMs` — before it is sent
 * with its client order id as the broker's tag. An answer whose outcome is unknown is
 * resolved by looking the tag up; the order is sent again only when the broker answers that
 * it has none (at most twice), and left `unknown` for the housekeeping to resolve when the
 * broker cannot say. A `new` order found after a restart is resumed the same way.
 */
export class OrderSender {
  constructor(private readonly ctx: EngineContext) {}

  /** Records the intent (the book with the outbox, then MongoDB) and sends it. */
  async send(acc: Account, o: BookOrder, fx: Effects, m?: IntentMessage): Promise<void> {
    await this.recordIntent(acc, o);
    await this.place(acc, o, fx, m, 0);
  }

  private async recordIntent(acc: Account, o: BookOrder): Promise<void> {
    const run = acc.run;
    const doc: NewOrderIntent = {
      client_order_id: o.cid,
      strategy_id: run.strategy_id,
      user_id: run.user_id,
      algo_id: this.ctx.broker.algoId ?? (run.mode === 'paper' ? 'ALGO-PAPER' : 'ALGO'),
      mode: run.mode,
      broker: acc.broker.name,
      instrument_key: o.contract,
      transaction_type: o.side,
      order_type: o.type,
      quantity: o.qty,
      product: 'intraday',
      ...(o.price !== undefined ? { price: o.price } : {}),
      ...(o.trigger !== undefined ? { trigger_price: o.trigger } : {}),
      reason: o.role === 'entry' ? `entry ${o.ref}` : o.role === 'exit' ? `exit ${o.ref}: ${o.reason ?? 'signal'}` : `${o.role === 'stop' ? o.stop_reason ?? 'stop_loss' : 'take_profit'} of ${o.position_id}`,
      signal_id: `${run.strategy_id}:${run.run_id}:${o.ref}`,
      order_timestamp: new Date(o.decided_at ?? acc.now() ?? Date.now()),
    };
    // The book (Redis) first, with the intent queued for MongoDB in the same commit: durable
    // before anything is sent, and MongoDB can never hold an order the book does not. Then
    // MongoDB directly, the fast path while it answers (the queued copy is then a no-op).
    await commit(this.ctx.redis, [acc.book.flushRecipe(), outboxRecipe({ op: 'order_intent', doc: doc as unknown as Record<string, unknown> })].filter((r) => r !== undefined));
    if (!this.ctx.health.up) return;
    try {
      await withTimeout(this.ctx.storage.orders.recordIntent(doc), this.ctx.config.mongoTimeoutMs);
    } catch (err) {
      this.ctx.health.down();
      this.ctx.log.warn({ err: (err as Error).message, client_order_id: o.cid }, 'MongoDB did not take the order intent in time: it waits in the outbox; sending');
    }
  }

  private async place(acc: Account, o: BookOrder, fx: Effects, m: IntentMessage | undefined, resent: number): Promise<void> {
    const request: OrderRequest = {
      clientOrderId: o.cid,
      instrument: o.contract,
      side: o.side,
      quantity: o.qty,
      orderType: o.type,
      product: 'intraday',
      ...(o.price !== undefined ? { price: o.price } : {}),
      ...(o.trigger !== undefined ? { triggerPrice: o.trigger } : {}),
      ...(this.ctx.broker.algoId && acc.run.mode === 'live' ? { algoId: this.ctx.broker.algoId } : {}),
      ...(o.decided_at !== undefined ? { decidedAt: o.decided_at } : {}),
    };
    const r = await acc.broker.placeOrder(request);
    acc.ordersChanged = true;
    if (m?.received_at !== undefined && (o.role === 'entry' || o.role === 'exit')) this.ctx.metrics.latency(Date.now() - m.received_at);
    if (r.ok) {
      this.ctx.metrics.orders++;
      fx.count('orders');
      if (o.role === 'entry' || o.role === 'exit') fx.count(o.role === 'entry' ? 'entries' : 'exits');
      const cur = acc.book.get(o.cid)!;
      if (cur.status === 'new' || cur.status === 'unknown') acc.book.put({ ...cur, status: 'open', broker_order_id: r.value.brokerOrderId });
      else acc.book.put({ ...cur, broker_order_id: r.value.brokerOrderId });
      fx.recorded(acc.book.get(o.cid)!);
      return;
    }
    if (r.error.outcome === 'not_placed') {
      const cur = { ...acc.book.get(o.cid)!, status: 'rejected' as const, message: r.error.message.slice(0, 500), reported: true, updated_at: acc.now() ?? Date.now() };
      acc.book.put(cur);
      fx.recorded(cur);
      if (o.role === 'entry' || o.role === 'exit') fx.refused(o.ref, o.cid, `${r.error.code}: ${r.error.message}`);
      else fx.event({ client_order_id: o.cid, status: 'REJECTED', event: 'update', reason: `the ${o.role} of ${o.position_id} was refused (${r.error.message}) — the position is not protected`, instrument_key: o.contract });
      return;
    }
    // Unknown outcome: the broker may have it. Look it up by its tag; never resend blindly.
    this.ctx.log.warn({ client_order_id: o.cid, code: r.error.code }, `order outcome unknown (${r.error.message}); looking it up by its tag`);
    const found = await this.lookUp(acc, o.cid);
    if (found === 'unreachable') {
      acc.book.put({ ...acc.book.get(o.cid)!, status: 'unknown', message: r.error.message.slice(0, 500) });
      return;
    }
    if (found) {
      acc.book.put({ ...acc.book.get(o.cid)!, status: 'open', broker_order_id: found.brokerOrderId });
      acc.updates.push(found);
      this.ctx.metrics.orders++;
      fx.count('orders');
      return;
    }
    if (resent >= 2) {
      acc.book.put({ ...acc.book.get(o.cid)!, status: 'unknown', message: 'the broker keeps failing to answer; resolved by tag later' });
      return;
    }
    this.ctx.log.warn({ client_order_id: o.cid }, 'the broker has no order with this tag: sending it again');
    await this.place(acc, o, fx, m, resent + 1);
  }

  /** A `new` order after a restart: it may have been sent. Look it up; send it only if the broker has none. */
  async resume(acc: Account, o: BookOrder, fx: Effects): Promise<void> {
    const found = await this.lookUp(acc, o.cid);
    if (found === 'unreachable') return;
    if (found) {
      acc.book.put({ ...o, status: 'open', broker_order_id: found.brokerOrderId });
      acc.updates.push(found);
      return;
    }
    await this.place(acc, o, fx, undefined, 0);
  }

  /** The order with this tag at the broker, null when it has none, 'unreachable' when it cannot say. */
  async lookUp(acc: Account, cid: string): Promise<BrokerOrder | null | 'unreachable'> {
    let pause = 100;
    for (let attempt = 0; attempt < 5; attempt++) {
      const r = await acc.broker.findOrderByTag(cid);
      if (r.ok) return r.value;
      if (!r.error.retryable) return 'unreachable';
      await delay(pause);
      pause *= 2;
    }
    return 'unreachable';
  }

  /** Re-reads an order whose change failed (it was filled or cancelled meanwhile). */
  async refresh(acc: Account, o: BookOrder): Promise<void> {
    if (!o.broker_order_id) return;
    const r = await acc.broker.getOrder(o.broker_order_id);
    if (r.ok) acc.updates.push(r.value);
  }
}
