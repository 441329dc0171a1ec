/**
 * Brokers: one {@link Broker} interface over the paper broker (the default), Zerodha (Kite
 * Connect) and Upstox; broker errors as values with stable codes; the order-rate limiter
 * that keeps a user under the exchange's threshold for unregistered algos; the daily
 * access-token flow; instrument-key mapping through the instruments master.
 * See docs/ARCHITECTURE.md, "Brokers and feeds".
 */
export type { Broker, BrokerName, OrderUpdateListener } from './broker.js';
export { BROKER_ERROR_CODES, fail as brokerFail, ok as brokerOk, unwrap as unwrapBroker, type BrokerError, type BrokerErrorCode, type BrokerResult } from './errors.js';
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
export { fillPrice as paperFillPrice } from './paper/fill-rules.js';
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
export { InstrumentMap, type KiteSymbol } from './instruments/instrument-map.js';
export { accessTokenExpiry, formatIst, TOKEN_EXPIRY_IST, type TokenBroker } from './session/token-expiry.js';
export { StaticSessionSource, StoredSessionSource, storeAccessToken, type BrokerSession, type SessionSource, type StoredSessionOptions } from './session/session-source.js';
export { completeLogin, type CompletedLogin, type LoginEndpoints } from './session/login.js';
export { BROKER_ENV, BrokerSettingsSchema, resolveBrokerSettings, type BrokerSettings, type BrokerSettingsInput } from './settings.js';
export { createBroker, type BrokerDeps, type CreatedBroker } from './create-broker.js';
export { ZerodhaBroker, type ZerodhaBrokerOptions } from './zerodha/zerodha-broker.js';
export { exchangeKiteRequestToken, kiteLoginUrl, type KiteLogin } from './zerodha/kite-session.js';
export { UpstoxBroker, type UpstoxBrokerOptions } from './upstox/upstox-broker.js';
export { exchangeUpstoxCode, upstoxLoginUrl, type UpstoxLogin } from './upstox/upstox-session.js';
export type { UpstoxEndpoints } from './upstox/upstox-client.js';
export { fetchKiteInstruments, kiteInstrumentDocs } from './zerodha/kite-instruments.js';
export { RemoteBroker, type RemoteBrokerOptions } from './remote-broker.js';
