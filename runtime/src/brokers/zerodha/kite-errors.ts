import { BROKER_ERROR_CODES as E, fail, type BrokerResult } from '../errors.js';

/**
 * What a failed `kiteconnect` call means, as a {@link BrokerResult}. `kiteconnect` rejects
 * with Kite's error body (`{ error_type, message }`, the HTTP status is not kept) or, when no
 * answer came, `{ error_type: 'NetworkException', message: 'No response from server with
 * error code: ECONNABORTED' }`. Kite's exception names (kite.trade/docs/connect/v3/exceptions):
 * TokenException (403: session expired or invalid), InputException, OrderException,
 * MarginException, HoldingException, UserException, PermissionException (refusals),
 * NetworkException / DataException / GeneralException (the order system failed — for an
 * order, the outcome is unknown). A 429 says "Too many requests".
 */

export type KiteOp = 'place' | 'modify' | 'cancel' | 'read' | 'session';

/** Connection errors that mean the request never left (nothing placed). */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

export interface KiteFailure {
  readonly result: BrokerResult<never>;
  /** The session is dead: the caller must invalidate the token. */
  readonly tokenDead: boolean;
}

export function kiteFailure(err: unknown, op: KiteOp): KiteFailure {
  const e = (err ?? {}) as { error_type?: unknown; message?: unknown };
  const type = typeof e.error_type === 'string' ? e.error_type : undefined;
  const message = typeof e.message === 'string' ? e.message : String(err);
  const write = op === 'place' || op === 'modify' || op === 'cancel';
  const none = (r: BrokerResult<never>): KiteFailure => ({ result: r, tokenDead: false });

  if (type === 'TokenException' && op === 'session') {
    return none(fail(E.tokenStale, `zerodha: login failed — ${message} (a request token works once, for a few minutes: log in again)`, { brokerCode: type }));
  }
  if (type === 'TokenException') {
    return { result: fail(E.tokenStale, `zerodha: the broker rejected the access token (${message}) — log in to zerodha again`, { brokerCode: type }), tokenDead: true };
  }
  if (/too many requests/i.test(message)) return none(fail(E.rateLimited, `zerodha: too many requests (HTTP 429) — nothing was ${write ? 'placed' : 'read'}`, { brokerCode: type, retryAfterMs: 1000, status: 429 }));
  const net = /No response from server with error code: (\w+)/.exec(message);
  if (net) {
    const code = net[1]!;
    if (NOT_SENT.has(code)) return none(fail(E.unreachable, `zerodha: cannot reach the broker (${code}) — nothing was sent`, { brokerCode: code }));
    return none(
      fail(E.timeout, write ? `zerodha: no answer in time (${code}) — the order may have gone through; look it up by its tag before doing anything else` : `zerodha: no answer in time (${code})`, {
        brokerCode: code,
        outcome: write ? 'unknown' : 'not_placed',
      }),
    );
  }
  const notFound = /couldn'?t find|not found|invalid .*order_id/i.test(message);
  switch (type) {
    case 'InputException':
      if (notFound && op !== 'place') return none(fail(E.notFound, `zerodha: no such order (${message})`, { brokerCode: type }));
      return none(fail(op === 'session' ? E.tokenStale : E.rejected, `zerodha: ${op === 'session' ? 'login failed' : 'refused'} — ${message}`, { brokerCode: type }));
    case 'OrderException':
      if (notFound && op !== 'place') return none(fail(E.notFound, `zerodha: no such order (${message})`, { brokerCode: type }));
      if ((op === 'modify' || op === 'cancel') && /cannot be|already|not allowed/i.test(message)) return none(fail(E.notModifiable, `zerodha: ${message}`, { brokerCode: type }));
      return none(fail(E.rejected, `zerodha: refused — ${message}`, { brokerCode: type }));
    case 'MarginException':
    case 'HoldingException':
    case 'UserException':
    case 'PermissionException':
      return none(fail(E.rejected, `zerodha: refused — ${message}`, { brokerCode: type }));
    case 'NetworkException':
    case 'DataException':
    case 'GeneralException':
      return none(
        fail(E.brokerError, write ? `zerodha: the order system failed (${type}: ${message}) — the order may have gone through; look it up by its tag` : `zerodha: the broker failed (${type}: ${message})`, {
          brokerCode: type,
          outcome: write ? 'unknown' : 'not_placed',
        }),
      );
    default:
      return none(fail(E.brokerError, `zerodha: unexpected failure — ${message}`, { ...(type ? { brokerCode: type } : {}), outcome: write ? 'unknown' : 'not_placed' }));
  }
}
