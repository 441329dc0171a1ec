/**
 * What can go wrong talking to a broker, as values with stable codes. Every broker call
 * returns a {@link BrokerResult}; nothing expected throws. The one question the execution
 * worker must always be able to answer after a failed `placeOrder` is **"could the order be
 * live anyway?"** — that is `outcome`:
 *
 * - `not_placed`: the broker certainly has no such order (refused before it was sent, or
 *   refused by the broker's API). Safe to decide again.
 * - `unknown`: the request may have reached the broker (a timeout after sending, a reset
 *   connection, a 5xx from the order system). **Never resend**: look the order up by its
 *   tag (`findOrderByTag`) until you know.
 */
export const BROKER_ERROR_CODES = {
  /** The broker or exchange refused the order (bad input, margin, holdings, product/price rules). */
  rejected: 'BROKER_REJECTED',
  /** We refused it before sending: the request itself is invalid (quantity, tag, price). */
  invalidRequest: 'BROKER_INVALID_REQUEST',
  /** The instrument has no mapping to this broker (not in the instruments master). */
  unknownInstrument: 'BROKER_UNKNOWN_INSTRUMENT',
  /** No access token stored for this user and broker: log in first. */
  tokenMissing: 'BROKER_TOKEN_MISSING',
  /** The access token expired (Kite: 06:00 IST, Upstox: 03:30 IST) or the broker says it is no longer valid. */
  tokenStale: 'BROKER_TOKEN_STALE',
  /** Too many requests: the broker answered 429, or our own order-rate limiter held it back. */
  rateLimited: 'BROKER_RATE_LIMITED',
  /** No answer in time after sending — the outcome is unknown. */
  timeout: 'BROKER_TIMEOUT',
  /** The broker could not be reached at all (connection refused, DNS) — nothing was sent. */
  unreachable: 'BROKER_UNREACHABLE',
  /** No such order at the broker. */
  notFound: 'BROKER_NOT_FOUND',
  /** The order can no longer be changed (already complete, cancelled or rejected). */
  notModifiable: 'BROKER_NOT_MODIFIABLE',
  /** The broker failed in a way it does not explain (5xx, unparseable answer). */
  brokerError: 'BROKER_ERROR',
  /** The operation does not exist at this broker. */
  unsupported: 'BROKER_UNSUPPORTED',
} as const;

export type BrokerErrorCode = (typeof BROKER_ERROR_CODES)[keyof typeof BROKER_ERROR_CODES];

export interface BrokerError {
  readonly code: BrokerErrorCode;
  /** For a person, in plain words, naming the broker: "zerodha: access token expired at 06:00 IST — log in again". */
  readonly message: string;
  /** Whether an order the call tried to place or change may exist anyway (see module doc). */
  readonly outcome: 'not_placed' | 'unknown';
  /** Worth retrying later as is (rate limits, timeouts on reads, 5xx). */
  readonly retryable: boolean;
  /** For `BROKER_RATE_LIMITED`: when a retry may succeed, ms from now. */
  readonly retryAfterMs?: number;
  /** The broker's own error name or code (`TokenException`, `UDAPI100050`), for logs. */
  readonly brokerCode?: string;
  /** HTTP status, when there was one. */
  readonly status?: number;
}

export type BrokerResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: BrokerError };

export function ok<T>(value: T): BrokerResult<T> {
  return { ok: true, value };
}

const DEFAULTS: Record<BrokerErrorCode, Pick<BrokerError, 'outcome' | 'retryable'>> = {
  BROKER_REJECTED: { outcome: 'not_placed', retryable: false },
  BROKER_INVALID_REQUEST: { outcome: 'not_placed', retryable: false },
  BROKER_UNKNOWN_INSTRUMENT: { outcome: 'not_placed', retryable: false },
  BROKER_TOKEN_MISSING: { outcome: 'not_placed', retryable: false },
  BROKER_TOKEN_STALE: { outcome: 'not_placed', retryable: false },
  BROKER_RATE_LIMITED: { outcome: 'not_placed', retryable: true },
  BROKER_TIMEOUT: { outcome: 'unknown', retryable: true },
  BROKER_UNREACHABLE: { outcome: 'not_placed', retryable: true },
  BROKER_NOT_FOUND: { outcome: 'not_placed', retryable: false },
  BROKER_NOT_MODIFIABLE: { outcome: 'not_placed', retryable: false },
  BROKER_ERROR: { outcome: 'unknown', retryable: true },
  BROKER_UNSUPPORTED: { outcome: 'not_placed', retryable: false },
};

/** A failed result with `code`'s usual outcome and retryability unless `extra` says otherwise. */
export function fail<T = never>(code: BrokerErrorCode, message: string, extra: Partial<Omit<BrokerError, 'code' | 'message'>> = {}): BrokerResult<T> {
  return { ok: false, error: { code, message, ...DEFAULTS[code], ...extra } };
}

/** The value of a result, or throws — for tests and scripts only; the engine branches on `ok`. */
export function unwrap<T>(r: BrokerResult<T>): T {
  if (r.ok) return r.value;
  throw new Error(`${r.error.code}: ${r.error.message}`);
}
