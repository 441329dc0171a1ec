import { describe, expect, it } from 'vitest';
import { unwrap } from '../../src/brokers/errors.js';
import { PaperBroker } from '../../src/brokers/paper/paper-broker.js';
import { RateLimitedBroker } from '../../src/brokers/rate-limit/rate-limited-broker.js';
import { RedisOrderRateLimiter } from '../../src/brokers/rate-limit/redis-rate-limiter.js';
import { bucketParams, MemoryOrderRateLimiter, type OrderRateLimiter } from '../../src/brokers/rate-limit/token-bucket.js';
import { ManualScheduler } from '../../src/feeds/clock.js';
import { redisKeys } from '../../src/redis/keyspace/keys.js';
import { useRedis } from '../redis/support.js';
import { flushIO } from '../feeds/helpers.js';
import { rng } from '../indicators/helpers/bars.js';

/** Drives `limiter` with bursty random attempts on a manual clock; returns the permitted times per segment. */
async function drive(limiter: OrderRateLimiter, clock: ManualScheduler, seed: number, steps = 3000): Promise<Record<string, number[]>> {
  const next = rng(seed);
  const permitted: Record<string, number[]> = { NSE_EQ: [], NSE_FO: [] };
  for (let i = 0; i < steps; i++) {
    clock.advance(next() < 0.3 ? 0 : Math.floor(next() * 120));
    const segment = next() < 0.7 ? 'NSE_EQ' : 'NSE_FO';
    if ((await limiter.take('u1', segment)).ok) permitted[segment]!.push(clock.now());
  }
  return permitted;
}

function maxInAnySecond(times: readonly number[], windowMs = 1200): number {
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < times.length; hi++) {
    while (times[hi]! - times[lo]! >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

describe('order-rate limiter', () => {
  it('derives the refill from the limit and refuses buckets that could break it', () => {
    expect(bucketParams()).toEqual({ burst: 5, ratePerSecond: 5 });
    expect(bucketParams({ burst: 1 })).toEqual({ burst: 1, ratePerSecond: 8 });
    expect(bucketParams({ burst: 5, marginMs: 0 })).toEqual({ burst: 5, ratePerSecond: 6 });
    expect(() => bucketParams({ burst: 10, ratePerSecond: 10 })).toThrow('order rate limit: a burst of 10 refilled at 10/s can send 21 orders within 1.2 s (a second plus the network margin), over the limit of 10');
  });

  it('never lets an 11th order into any 1.2 s of a segment, yet sends a burst at once', async () => {
    const clock = new ManualScheduler(0);
    const limiter = new MemoryOrderRateLimiter({}, clock);
    const burst = await Promise.all(Array.from({ length: 6 }, () => limiter.take('u2', 'NSE_EQ')));
    expect(burst.map((d) => d.ok)).toEqual([true, true, true, true, true, false]);
    expect(burst[5]!.retryAfterMs).toBe(200);
    for (const seed of [1, 2, 3]) {
      const permitted = await drive(new MemoryOrderRateLimiter({}, clock), clock, seed);
      for (const times of Object.values(permitted)) {
        expect(maxInAnySecond(times)).toBeLessThanOrEqual(10);
        expect(maxInAnySecond(times)).toBeGreaterThanOrEqual(9);
        expect(maxInAnySecond(times, 1000)).toBeLessThanOrEqual(9);
      }
    }
  });

  describe('in Redis', () => {
    const redis = useRedis();

    it('decides exactly as the in-memory bucket does, per user and segment', async () => {
      const a = new ManualScheduler(1_700_000_000_000);
      const b = new ManualScheduler(1_700_000_000_000);
      const memory = await drive(new MemoryOrderRateLimiter({}, a), a, 7, 800);
      const shared = await drive(new RedisOrderRateLimiter(redis().redis, {}, b), b, 7, 800);
      expect(shared).toEqual(memory);
      const at = Number(await redis().redis.hget(redisKeys.orderRateBucket('u1', 'NSE_EQ'), 'at'));
      expect(at).toBeLessThanOrEqual(b.now());
      expect(at).toBeGreaterThan(b.now() - 5000);
      expect(await redis().redis.pttl(redisKeys.orderRateBucket('u1', 'NSE_EQ'))).toBeGreaterThan(0);
    });

    it('shares one bucket between limiters (processes) on the Redis clock', async () => {
      const one = new RedisOrderRateLimiter(redis().redis, { burst: 3, ratePerSecond: 0.01 });
      const two = new RedisOrderRateLimiter(redis().redis, { burst: 3, ratePerSecond: 0.01 });
      const got = [await one.take('u3', 'NSE_EQ'), await two.take('u3', 'NSE_EQ'), await one.take('u3', 'NSE_EQ'), await two.take('u3', 'NSE_EQ')];
      expect(got.map((d) => d.ok)).toEqual([true, true, true, false]);
      expect(got[3]!.retryAfterMs).toBeGreaterThan(90_000);
      expect((await one.take('u3', 'BSE_EQ')).ok).toBe(true);
    });
  });

  it('makes a broker wait for a permit, and refuses with the wait when it would be too long — nothing sent', async () => {
    const clock = new ManualScheduler(0);
    const paper = new PaperBroker();
    const limited = new RateLimitedBroker(paper, new MemoryOrderRateLimiter({}, clock), 'u4', { maxWaitMs: 200, scheduler: clock });
    const req = (i: number) => ({ clientOrderId: `rl${i}`, instrument: 'NSE_EQ|TCS', side: 'BUY' as const, quantity: 1, orderType: 'MARKET' as const, product: 'intraday' as const });
    const results = Array.from({ length: 8 }, (_, i) => limited.placeOrder(req(i)));
    await flushIO();
    expect(unwrap(await paper.getOrders())).toHaveLength(5);
    clock.advance(200);
    await flushIO();
    expect(unwrap(await paper.getOrders())).toHaveLength(6);
    clock.advance(500);
    const settled = await Promise.all(results);
    expect(settled.filter((r) => r.ok)).toHaveLength(6);
    const refused = settled.filter((r) => !r.ok).map((r) => (r.ok ? null : r.error));
    expect(refused).toHaveLength(2);
    expect(refused[0]).toMatchObject({ code: 'BROKER_RATE_LIMITED', outcome: 'not_placed', retryable: true });
    expect(refused[0]!.message).toMatch(/^paper: order rate limit — NSE_EQ already had its orders this second .*; retry in \d+ ms$/);
    expect(unwrap(await paper.getOrders())).toHaveLength(6);
  });
});
