import type { BrokerResult } from './errors.js';
import type { BrokerHolding, BrokerOrder, BrokerPosition, OrderChange, OrderRef, OrderRequest } from './orders.js';

/** Which broker: `paper` (the default — simulated fills from the live tick), `zerodha` (Kite Connect), `upstox`. */
export type BrokerName = 'paper' | 'zerodha' | 'upstox';

/** Receives every change to an order the broker reports (fills, partial fills, cancels, rejections). */
export type OrderUpdateListener = (order: BrokerOrder) => void;

/**
 * One interface, three implementations (paper, Zerodha, Upstox): what the execution worker
 * and start-up reconciliation use, and nothing broker-specific leaks through it.
 *
 * Contract, for every implementation:
 * - Every call returns a {@link BrokerResult}; expected failures (rejections, a stale token,
 *   429s, timeouts) are values with stable codes, never exceptions.
 * - `placeOrder` validates the request first (`BROKER_INVALID_REQUEST`, nothing sent) and
 *   carries `clientOrderId` as the broker's order tag. On a failure with
 *   `outcome: 'unknown'` the order may exist: call `findOrderByTag(clientOrderId)` — never
 *   place it again blindly.
 * - `ready()` says whether live orders can go out now. A real broker with no access token
 *   or an expired one answers `BROKER_TOKEN_MISSING` / `BROKER_TOKEN_STALE` with a message a
 *   person can act on, and every order call answers the same without sending anything.
 * - `onOrderUpdate` delivers each change of an order once, in the order the broker made
 *   them; after a dropped connection the broker re-reads its order book and delivers what
 *   changed meanwhile, so no fill is missed.
 * - `close` stops sockets and timers; the broker is unusable afterwards.
 */
export interface Broker {
  readonly name: BrokerName;
  /** Whether orders can be sent now; when not, why. */
  ready(): Promise<BrokerResult<void>>;
  /** Places an order; resolves to the broker's order id once the broker has accepted it (it may still be rejected later, by the exchange). */
  placeOrder(request: OrderRequest): Promise<BrokerResult<{ brokerOrderId: string }>>;
  modifyOrder(ref: OrderRef, change: OrderChange): Promise<BrokerResult<{ brokerOrderId: string }>>;
  cancelOrder(ref: OrderRef): Promise<BrokerResult<{ brokerOrderId: string }>>;
  /** The order's latest state; `BROKER_NOT_FOUND` when the broker has no such order. */
  getOrder(brokerOrderId: string): Promise<BrokerResult<BrokerOrder>>;
  /** Today's orders (the broker's order book). */
  getOrders(): Promise<BrokerResult<BrokerOrder[]>>;
  /**
   * The order placed with this tag (our client order id) today, or null when there is none —
   * the answer to "did my timed-out order get through?". When several carry the tag (someone
   * reused it), the latest placed.
   */
  findOrderByTag(clientOrderId: string): Promise<BrokerResult<BrokerOrder | null>>;
  /** Net positions (day and carried F&O). */
  getPositions(): Promise<BrokerResult<BrokerPosition[]>>;
  /** Delivery holdings. */
  getHoldings(): Promise<BrokerResult<BrokerHolding[]>>;
  /** Subscribes to order updates; returns the unsubscribe function. */
  onOrderUpdate(listener: OrderUpdateListener): () => void;
  close(): Promise<void>;
}
