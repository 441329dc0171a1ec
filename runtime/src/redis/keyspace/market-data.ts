import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Candle } from '../../market/candle.js';
import { CandleSchema } from '../../market/candle.js';
import { atomically, decode, encode } from './codec.js';
import type { WriteRecipe } from './codec.js';
import { KEY_TTL_SECONDS, redisKeys } from './keys.js';

/**
 * Seed 000's market data: `market_data:instrument:{key}` (Hash, the latest tick) and
 * `market_data:candles:{key}:{tf}` (List, the hot window of recent closed candles, oldest
 * first). Both expire a trading day after their last write (seed 002's session TTL), so
 * an instrument nobody trades any more does not linger.
 */

export const LiveTickSchema = z.object({
  /** Last traded price. */
  ltp: z.coerce.number(),
  /** Exchange time of the tick, epoch ms. */
  ts: z.coerce.number().int(),
  open: z.coerce.number().optional(),
  high: z.coerce.number().optional(),
  low: z.coerce.number().optional(),
  close: z.coerce.number().optional(),
  volume: z.coerce.number().optional(),
  oi: z.coerce.number().optional(),
  bid: z.coerce.number().optional(),
  ask: z.coerce.number().optional(),
});
export type LiveTick = z.infer<typeof LiveTickSchema>;

/** Queues: store the latest tick (only the fields given) and refresh its TTL. */
export function tickRecipe(instrumentKey: string, tick: LiveTick, ttlSeconds: number = KEY_TTL_SECONDS.marketData): WriteRecipe {
  const key = redisKeys.tick(instrumentKey);
  const fields: string[] = [];
  for (const [k, v] of Object.entries(tick)) if (v !== undefined) fields.push(k, String(v));
  return (c) => {
    c.hset(key, ...fields);
    c.expire(key, ttlSeconds);
  };
}

/** Queues: append a closed candle, keep the newest `keep`, refresh the TTL. */
export function candleRecipe(instrumentKey: string, tf: string, candle: Candle, keep: number, ttlSeconds: number = KEY_TTL_SECONDS.marketData): WriteRecipe {
  const key = redisKeys.candles(instrumentKey, tf);
  const value = encode(candle);
  return (c) => {
    c.rpush(key, value);
    c.ltrim(key, -keep, -1);
    c.expire(key, ttlSeconds);
  };
}

export class MarketDataKeys {
  constructor(private readonly redis: Redis) {}

  async setTick(instrumentKey: string, tick: LiveTick): Promise<void> {
    await atomically(this.redis, tickRecipe(instrumentKey, LiveTickSchema.parse(tick)));
  }

  /** The latest tick, or null when none is stored (or it expired). */
  async getTick(instrumentKey: string): Promise<LiveTick | null> {
    const key = redisKeys.tick(instrumentKey);
    const h = await this.redis.hgetall(key);
    if (Object.keys(h).length === 0) return null;
    return decode(JSON.stringify(h), key, LiveTickSchema);
  }

  /** Appends a closed candle to the hot window, keeping the newest `keep` (default 500). */
  async pushCandle(instrumentKey: string, tf: string, candle: Candle, keep = 500): Promise<void> {
    await atomically(this.redis, candleRecipe(instrumentKey, tf, CandleSchema.parse(candle), keep));
  }

  /** The newest `n` candles of the hot window, oldest first. */
  async recentCandles(instrumentKey: string, tf: string, n = 500): Promise<Candle[]> {
    const key = redisKeys.candles(instrumentKey, tf);
    const items = await this.redis.lrange(key, -n, -1);
    return items.map((s, i) => decode(s, key, CandleSchema, String(i)));
  }
}
