import { systemScheduler, type Scheduler } from '../../feeds/clock.js';
import type { Broker, OrderUpdateListener } from '../broker.js';
import { BROKER_ERROR_CODES as E, fail, type BrokerResult } from '../errors.js';
import { segmentOf, type OrderChange, type OrderRef, type OrderRequest } from '../orders.js';
import type { OrderRateLimiter } from './token-bucket.js';

export interface RateLimitedBrokerOptions {
  /** How long an order may wait for a permit before it is refused (default 2 s: an exit should still go out). */
  readonly maxWaitMs?: number;
  readonly scheduler?: Scheduler;
}

/**
 * A broker whose order messages (place, modify, cancel) each take a permit from the user's
 * order-rate limiter for the instrument's exchange segment first. An order waits for a
 * permit up to `maxWaitMs`; beyond that it is refused with `BROKER_RATE_LIMITED` and
 * `retryAfterMs` — nothing was sent. Reads are not limited.
 */
export class RateLimitedBroker implements Broker {
  readonly name;
  private readonly maxWaitMs: number;
  private readonly scheduler: Scheduler;

  constructor(
    private readonly inner: Broker,
    private readonly limiter: OrderRateLimiter,
    private readonly userId: string,
    options: RateLimitedBrokerOptions = {},
  ) {
    this.name = inner.name;
    this.maxWaitMs = options.maxWaitMs ?? 2000;
    this.scheduler = options.scheduler ?? systemScheduler;
  }

  placeOrder(request: OrderRequest): Promise<BrokerResult<{ brokerOrderId: string }>> {
    return this.permitted(request.instrument, () => this.inner.placeOrder(request));
  }

  modifyOrder(ref: OrderRef, change: OrderChange): Promise<BrokerResult<{ brokerOrderId: string }>> {
    return this.permitted(ref.instrument, () => this.inner.modifyOrder(ref, change));
  }

  cancelOrder(ref: OrderRef): Promise<BrokerResult<{ brokerOrderId: string }>> {
    return this.permitted(ref.instrument, () => this.inner.cancelOrder(ref));
  }

  ready = (): ReturnType<Broker['ready']> => this.inner.ready();
  getOrder = (id: string): ReturnType<Broker['getOrder']> => this.inner.getOrder(id);
  getOrders = (): ReturnType<Broker['getOrders']> => this.inner.getOrders();
  findOrderByTag = (tag: string): ReturnType<Broker['findOrderByTag']> => this.inner.findOrderByTag(tag);
  getPositions = (): ReturnType<Broker['getPositions']> => this.inner.getPositions();
  getHoldings = (): ReturnType<Broker['getHoldings']> => this.inner.getHoldings();
  onOrderUpdate = (l: OrderUpdateListener): (() => void) => this.inner.onOrderUpdate(l);
  close = (): Promise<void> => this.inner.close();

  private async permitted<T>(instrument: string, send: () => Promise<BrokerResult<T>>): Promise<BrokerResult<T>> {
    const segment = segmentOf(instrument);
    const deadline = this.scheduler.now() + this.maxWaitMs;
    for (;;) {
      const d = await this.limiter.take(this.userId, segment);
      if (d.ok) return send();
      if (this.scheduler.now() + d.retryAfterMs > deadline) {
        return fail(E.rateLimited, `${this.name}: order rate limit — ${segment} already had its orders this second (kept under the exchange's threshold for unregistered algos); retry in ${d.retryAfterMs} ms`, { retryAfterMs: d.retryAfterMs });
      }
      await new Promise<void>((resolve) => this.scheduler.after(d.retryAfterMs, resolve));
    }
  }
}
