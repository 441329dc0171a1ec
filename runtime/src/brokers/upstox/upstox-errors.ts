import { BROKER_ERROR_CODES as E, fail, type BrokerResult } from '../errors.js';
import type { SdkError } from './upstox-client.js';

/**
 * What a failed Upstox call means. Upstox answers errors as
 * `{"status":"error","errors":[{"errorCode":"UDAPI100050","message":"Invalid token used to access API"}]}`
 * with the HTTP status: 401 an invalid or expired token (UDAPI100050), 429 too many requests
 * (UDAPI10005), 4xx refusals (bad input, order not found, not modifiable), 5xx a failure of
 * the order system — outcome unknown for an order. No answer at all is superagent's
 * `timeout` / `ECONNRESET` (unknown outcome) or `ECONNREFUSED` (nothing sent).
 */

export type UpstoxOp = 'place' | 'modify' | 'cancel' | 'read' | 'session' | 'authorize';

const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

export interface UpstoxFailure {
  readonly result: BrokerResult<never>;
  readonly tokenDead: boolean;
}

function firstError(body: unknown): { code?: string; message?: string } {
  const errors = (body as { errors?: Array<{ errorCode?: string; error_code?: string; message?: string }> } | undefined)?.errors;
  const e = Array.isArray(errors) ? errors[0] : undefined;
  return { ...(e?.errorCode || e?.error_code ? { code: e.errorCode ?? e.error_code } : {}), ...(e?.message ? { message: e.message } : {}) };
}

export function upstoxFailure(err: SdkError, op: UpstoxOp): UpstoxFailure {
  const write = op === 'place' || op === 'modify' || op === 'cancel';
  const none = (r: BrokerResult<never>): UpstoxFailure => ({ result: r, tokenDead: false });
  const status = err.status ?? err.response?.status;
  if (status === undefined) {
    const code = err.code ?? (err.timeout ? 'ETIMEDOUT' : undefined);
    if (code && NOT_SENT.has(code)) return none(fail(E.unreachable, `upstox: cannot reach the broker (${code}) — nothing was sent`, { brokerCode: code }));
    const what = code ?? err.message ?? 'no answer';
    return none(
      fail(E.timeout, write ? `upstox: no answer in time (${what}) — the order may have gone through; look it up by its tag before doing anything else` : `upstox: no answer in time (${what})`, {
        ...(code ? { brokerCode: code } : {}),
        outcome: write ? 'unknown' : 'not_placed',
      }),
    );
  }
  const { code, message = `HTTP ${status}` } = firstError(err.response?.body);
  const extra = { status, ...(code ? { brokerCode: code } : {}) };
  if (status === 401 || code === 'UDAPI100050') {
    if (op === 'session') return none(fail(E.tokenStale, `upstox: login failed — ${message} (an authorization code works once: log in again)`, extra));
    return { result: fail(E.tokenStale, `upstox: the broker rejected the access token (${message}) — log in to upstox again`, extra), tokenDead: true };
  }
  if (status === 429) return none(fail(E.rateLimited, `upstox: too many requests (HTTP 429) — nothing was ${write ? 'placed' : 'read'}`, { ...extra, retryAfterMs: 1000 }));
  if (status >= 500) {
    return none(
      fail(E.brokerError, write ? `upstox: the order system failed (HTTP ${status}: ${message}) — the order may have gone through; look it up by its tag` : `upstox: the broker failed (HTTP ${status}: ${message})`, {
        ...extra,
        outcome: write ? 'unknown' : 'not_placed',
      }),
    );
  }
  if (status === 404 || /not found|does not exist|invalid order ?id/i.test(message)) {
    if (op !== 'place') return none(fail(E.notFound, `upstox: no such order (${message})`, extra));
  }
  if ((op === 'modify' || op === 'cancel') && /cannot be|not (open|pending|allowed)|already|completed|cancelled|rejected/i.test(message)) {
    return none(fail(E.notModifiable, `upstox: ${message}`, extra));
  }
  if (op === 'session') return none(fail(E.tokenStale, `upstox: login failed — ${message}`, extra));
  return none(fail(E.rejected, `upstox: refused — ${message}`, extra));
}
