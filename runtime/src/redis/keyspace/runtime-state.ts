import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { atomically, decode, encode } from './codec.js';
import type { WriteRecipe } from './codec.js';
import { redisKeys } from './keys.js';

/**
 * Seed 001's execution keys: `strategy:{id}` (the API's write-through cache of the active
 * config), `runtime:{id}` (live facts), `runtime:{id}:lock` (the position lock that stops
 * a double BUY/SELL), `symbol:{key}:strategies` (which strategies a tick fans out to) and
 * `queue:orders` (FIFO of order events).
 */

/** The runtime hash as written. */
export const RuntimeFactsSchema = z
  .object({
    last_price: z.number().optional(),
    position: z.enum(['none', 'bought', 'sold']).optional(),
    last_buy_order: z.string().optional(),
    last_sell_order: z.string().optional(),
    /** Informational mirror of the lock (the lock itself is `runtime:{id}:lock`). */
    lock_state: z.boolean().optional(),
  })
  .strict();
export type RuntimeFacts = z.infer<typeof RuntimeFactsSchema>;

/** The runtime hash as read (hash fields are strings). */
const StoredRuntimeSchema = z.object({
  last_price: z.coerce.number().optional(),
  position: RuntimeFactsSchema.shape.position,
  last_buy_order: z.string().optional(),
  last_sell_order: z.string().optional(),
  lock_state: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

export const QueuedOrderEventSchema = z
  .object({
    strategy_id: z.string(),
    event: z.enum(['BUY', 'SELL', 'STOPLOSS']),
    /** Epoch ms. */
    timestamp: z.number().int(),
  })
  .catchall(z.unknown());
export type QueuedOrderEvent = z.infer<typeof QueuedOrderEventSchema>;

// Deletes the lock only when it still holds our token (a lock that expired and was taken
// by someone else is left alone).
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** A held lock; `release()` gives it back if it is still ours. */
export interface HeldLock {
  readonly token: string;
  release(): Promise<boolean>;
}

/** Queues: runtime fields. */
export function runtimeRecipe(setId: string, fields: RuntimeFacts): WriteRecipe {
  const key = redisKeys.runtime(setId);
  const flat: string[] = [];
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) flat.push(k, String(v));
  return (c) => void c.hset(key, ...flat);
}

export class RuntimeKeys {
  constructor(private readonly redis: Redis) {}

  /** Writes the active config of a strategy (the API's write-through cache). */
  async setConfig(setId: string, config: Record<string, unknown>): Promise<void> {
    await this.redis.set(redisKeys.strategyConfig(setId), encode(config));
  }

  async getConfig<T = Record<string, unknown>>(setId: string, schema?: z.ZodType<T>): Promise<T | null> {
    const key = redisKeys.strategyConfig(setId);
    const s = await this.redis.get(key);
    return s === null ? null : decode(s, key, schema);
  }

  async setRuntime(setId: string, fields: RuntimeFacts): Promise<void> {
    await atomically(this.redis, runtimeRecipe(setId, RuntimeFactsSchema.parse(fields)));
  }

  async getRuntime(setId: string): Promise<RuntimeFacts | null> {
    const key = redisKeys.runtime(setId);
    const h = await this.redis.hgetall(key);
    return Object.keys(h).length ? decode(JSON.stringify(h), key, StoredRuntimeSchema) : null;
  }

  /**
   * Takes the position lock for `ttlMs` (SET NX PX), or returns null when someone holds it.
   * The TTL frees a lock whose holder died; keep the critical section well inside it.
   */
  async acquireLock(setId: string, ttlMs = 10_000): Promise<HeldLock | null> {
    const key = redisKeys.lock(setId);
    const token = randomUUID();
    const ok = await this.redis.set(key, token, 'PX', ttlMs, 'NX');
    if (ok !== 'OK') return null;
    return { token, release: async () => (await this.redis.eval(RELEASE, 1, key, token)) === 1 };
  }

  /** Adds a strategy to an instrument's fan-out set. */
  async subscribe(instrumentKey: string, setId: string): Promise<void> {
    await this.redis.sadd(redisKeys.symbolStrategies(instrumentKey), setId);
  }

  async unsubscribe(instrumentKey: string, setId: string): Promise<void> {
    await this.redis.srem(redisKeys.symbolStrategies(instrumentKey), setId);
  }

  /** The strategies trading an instrument, sorted. */
  async strategiesFor(instrumentKey: string): Promise<string[]> {
    return (await this.redis.smembers(redisKeys.symbolStrategies(instrumentKey))).sort();
  }

  /** Appends an order event to the FIFO queue; returns the queue length. */
  async pushOrderEvent(event: QueuedOrderEvent): Promise<number> {
    return this.redis.rpush(redisKeys.orderQueue(), encode(QueuedOrderEventSchema.parse(event)));
  }

  /**
   * Takes the oldest order event, waiting up to `timeoutSeconds` (0: do not wait). A
   * waiting call blocks its connection: give it a connection of its own.
   */
  async popOrderEvent(timeoutSeconds = 0): Promise<QueuedOrderEvent | null> {
    const key = redisKeys.orderQueue();
    if (timeoutSeconds <= 0) {
      const s = await this.redis.lpop(key);
      return s === null ? null : decode(s, key, QueuedOrderEventSchema);
    }
    const r = await this.redis.blpop(key, timeoutSeconds);
    return r === null ? null : decode(r[1], key, QueuedOrderEventSchema);
  }

  async orderQueueLength(): Promise<number> {
    return this.redis.llen(redisKeys.orderQueue());
  }
}
