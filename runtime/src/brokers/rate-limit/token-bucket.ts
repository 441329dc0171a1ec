import type { Clock } from '../../feeds/clock.js';
import { systemClock } from '../../feeds/clock.js';

/**
 * The order-rate limit: NSE/BSE let an unregistered algo (a retail API user) send at most
 * 10 order messages a second per exchange segment (SEBI's retail-algo framework, 2025);
 * above that the orders must be registered as an algo. We keep every user under it with a
 * token bucket per (user, segment).
 *
 * A bucket of `burst` tokens refilled at `rate` per second lets through, in any window of
 * W seconds, at most `burst + ceil(rate × W) − 1` orders (the full bucket, then the tokens
 * that refill strictly inside the window). The broker counts arrivals, not our sends, and
 * arrivals bunch up by the network's jitter; so the guarantee is kept for a window of one
 * second plus `marginMs` (default 200 ms). The default, a burst of 5 refilled at 5/s, sends an
 * entry with its stop and target at once and never puts an 11th order in any 1.2 s.
 * `bucketParams` refuses a combination that could.
 */

/** The exchange's threshold for unregistered algos: order messages per second, per exchange segment. */
export const UNREGISTERED_ALGO_ORDERS_PER_SECOND = 10;

export interface RateLimitOptions {
  /** Orders per second never to exceed in any one-second window (default 10). */
  readonly limitPerSecond?: number;
  /** Orders that may go out at once (default 5). */
  readonly burst?: number;
  /** Refill per second (default: the most that keeps the guarantee). */
  readonly ratePerSecond?: number;
  /** Jitter between our send and the broker's count, ms (default 200). */
  readonly marginMs?: number;
}

export interface BucketParams {
  readonly burst: number;
  readonly ratePerSecond: number;
}

/** Checked bucket parameters; throws (a configuration bug) when they could break the limit. */
export function bucketParams(o: RateLimitOptions = {}): BucketParams {
  const limit = o.limitPerSecond ?? UNREGISTERED_ALGO_ORDERS_PER_SECOND;
  const burst = o.burst ?? Math.min(5, limit);
  const windowMs = 1000 + (o.marginMs ?? 200);
  const rate = o.ratePerSecond ?? Math.floor(((limit - burst + 1) * 1000) / windowMs);
  if (!(burst >= 1 && Number.isInteger(burst))) throw new RangeError(`order rate limit: burst must be a whole number ≥ 1 (got ${burst})`);
  if (!(rate > 0)) throw new RangeError(`order rate limit: rate must be > 0 per second (got ${rate}; lower the burst)`);
  const worst = burst + Math.ceil((rate * windowMs) / 1000) - 1;
  if (worst > limit) throw new RangeError(`order rate limit: a burst of ${burst} refilled at ${rate}/s can send ${worst} orders within ${windowMs / 1000} s (a second plus the network margin), over the limit of ${limit}`);
  return { burst, ratePerSecond: rate };
}

/** Whether an order may go now; when not, how long until a token is free. */
export interface RateDecision {
  readonly ok: boolean;
  /** 0 when `ok`; otherwise ms until the next token. */
  readonly retryAfterMs: number;
}

/** Takes permits for one user's order messages, per exchange segment. */
export interface OrderRateLimiter {
  take(userId: string, segment: string): Promise<RateDecision>;
}

/** Bucket arithmetic shared by the memory and Redis limiters (the Lua script mirrors it). */
export function takeToken(state: { tokens: number; at: number } | undefined, now: number, p: BucketParams): { state: { tokens: number; at: number }; decision: RateDecision } {
  const start = state ?? { tokens: p.burst, at: now };
  const elapsed = Math.max(0, now - start.at);
  const tokens = Math.min(p.burst, start.tokens + (elapsed * p.ratePerSecond) / 1000);
  if (tokens >= 1) return { state: { tokens: tokens - 1, at: now }, decision: { ok: true, retryAfterMs: 0 } };
  return { state: { tokens, at: now }, decision: { ok: false, retryAfterMs: Math.ceil(((1 - tokens) * 1000) / p.ratePerSecond) } };
}

/** The limiter for one process (paper trading, a single engine). */
export class MemoryOrderRateLimiter implements OrderRateLimiter {
  private readonly params: BucketParams;
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    options: RateLimitOptions = {},
    private readonly clock: Clock = systemClock,
  ) {
    this.params = bucketParams(options);
  }

  async take(userId: string, segment: string): Promise<RateDecision> {
    const key = `${userId}\u0000${segment}`;
    const r = takeToken(this.buckets.get(key), this.clock.now(), this.params);
    this.buckets.set(key, r.state);
    return r.decision;
  }
}
