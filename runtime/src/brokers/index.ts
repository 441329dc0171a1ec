/**
 * Brokers: one {@link Broker} interface over the paper broker (the default), Zerodha (Kite
 * Connect) and Upstox; broker errors as values with stable codes; the order-rate limiter
 * that keeps a user under the exchange's threshold for unregistered algos.
 */
export type { Broker, BrokerName, OrderUpdateListener } from './broker.js';
export { BROKER_ERROR_CODES, fail, ok, unwrap, type BrokerError, type BrokerErrorCode, type BrokerResult } from './errors.js';
export {
  ClientOrderIdSchema,
  OrderChangeSchema,
  OrderRequestSchema,
  OrderSideField,
  OrderTypeField,
  ProductField,
  isTerminal,
  segmentOf,
  type BrokerHolding,
  type BrokerOrder,
  type BrokerPosition,
  type OrderChange,
  type OrderRef,
  type OrderRequest,
  type OrderSide,
  type OrderType,
  type Product,
  type ValidOrderRequest,
} from './orders.js';
export { OrderUpdateHub } from './order-updates.js';
export { PaperBroker, type PaperBrokerOptions } from './paper/paper-broker.js';
export { PaperStateSchema, PAPER_STATE_VERSION, type PaperState } from './paper/paper-state.js';
export { fillPrice, slip } from './paper/fill-rules.js';
export {
  bucketParams,
  MemoryOrderRateLimiter,
  UNREGISTERED_ALGO_ORDERS_PER_SECOND,
  type OrderRateLimiter,
  type RateDecision,
  type RateLimitOptions,
} from './rate-limit/token-bucket.js';
export { RedisOrderRateLimiter } from './rate-limit/redis-rate-limiter.js';
export { RateLimitedBroker, type RateLimitedBrokerOptions } from './rate-limit/rate-limited-broker.js';
