import type { Redis } from 'ioredis';
import type { Clock } from '../../feeds/clock.js';
import { redisKeys } from '../../redis/keyspace/keys.js';
import { bucketParams, type BucketParams, type OrderRateLimiter, type RateDecision, type RateLimitOptions } from './token-bucket.js';

// The token bucket of token-bucket.ts (`takeToken`), atomically in Redis. KEYS[1] the bucket;
// ARGV: burst, rate per second, now in ms (or -1: use the Redis server's clock), ttl ms.
// Returns {1, 0} when a token was taken, else {0, ms until the next token}.
const TAKE = `
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
if now < 0 then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local h = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(h[1])
local at = tonumber(h[2])
if tokens == nil or at == nil then tokens = burst; at = now end
local elapsed = now - at
if elapsed < 0 then elapsed = 0 end
tokens = math.min(burst, tokens + elapsed * rate / 1000)
local ok = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  ok = 1
else
  wait = math.ceil((1 - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return {ok, wait}
`;

/**
 * The order-rate limiter when several engine processes trade for one user (`algo worker
 * --role execution` ×N): one bucket per (user, segment) in Redis at
 * `ratelimit:orders:{user}:{segment}` (keyspace), taken atomically by a Lua script.
 *
 * Time comes from the Redis server (`TIME`) by default, so processes on different machines
 * share one clock; pass a `clock` to drive it from a test. An idle bucket expires once it
 * would be full again.
 */
export class RedisOrderRateLimiter implements OrderRateLimiter {
  private readonly params: BucketParams;
  private readonly ttlMs: number;

  constructor(
    private readonly redis: Redis,
    options: RateLimitOptions = {},
    private readonly clock?: Clock,
  ) {
    this.params = bucketParams(options);
    this.ttlMs = Math.ceil((this.params.burst / this.params.ratePerSecond) * 1000) + 1000;
  }

  async take(userId: string, segment: string): Promise<RateDecision> {
    const now = this.clock ? this.clock.now() : -1;
    const [ok, wait] = (await this.redis.eval(TAKE, 1, redisKeys.orderRateBucket(userId, segment), this.params.burst, this.params.ratePerSecond, now, this.ttlMs)) as [number, number];
    return { ok: ok === 1, retryAfterMs: wait };
  }
}
