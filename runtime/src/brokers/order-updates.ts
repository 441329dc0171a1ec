import type { Logger } from 'pino';
import type { OrderUpdateListener } from './broker.js';
import { isTerminal, type BrokerOrder } from './orders.js';

/**
 * The order-update stream every broker exposes, with the guarantees the `Broker` contract
 * promises, kept in one place:
 *
 * - **once**: an order is published only when something a trader cares about changed
 *   (status, quantities, prices) — a socket push and a later order-book re-read of the
 *   same state yield one event;
 * - **never backwards**: a terminal order is not reopened and a filled quantity never
 *   shrinks, so an order-book snapshot taken before a push cannot undo it;
 * - **isolated**: a listener that throws is logged and the others still hear.
 */
export class OrderUpdateHub {
  private readonly listeners: OrderUpdateListener[] = [];
  private readonly last = new Map<string, BrokerOrder>();

  constructor(private readonly logger?: Logger) {}

  on(listener: OrderUpdateListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** Publishes `order` if it is news; returns whether it was. */
  publish(order: BrokerOrder): boolean {
    const prev = this.last.get(order.brokerOrderId);
    if (prev) {
      if (isTerminal(prev.status)) return false;
      if (order.filledQuantity < prev.filledQuantity) return false;
      if (fingerprint(prev) === fingerprint(order)) return false;
    }
    this.last.set(order.brokerOrderId, order);
    for (const l of [...this.listeners]) {
      try {
        l(order);
      } catch (err) {
        this.logger?.error({ err, brokerOrderId: order.brokerOrderId }, 'order update listener failed');
      }
    }
    return true;
  }

  /** Publishes whatever changed in a freshly read order book (after a reconnect); returns how many were news. */
  resync(orders: readonly BrokerOrder[]): number {
    let n = 0;
    for (const o of [...orders].sort((a, b) => a.updatedAt - b.updatedAt)) if (this.publish(o)) n++;
    return n;
  }

  /** Forget what was published — e.g. at a new trading day. */
  reset(): void {
    this.last.clear();
  }
}

function fingerprint(o: BrokerOrder): string {
  return [o.status, o.quantity, o.filledQuantity, o.pendingQuantity, o.cancelledQuantity, o.averagePrice, o.price, o.triggerPrice, o.orderType].join('|');
}
