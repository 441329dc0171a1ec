import type { Redis } from 'ioredis';
import { z } from 'zod';
import { atomically, decode, encode } from './codec.js';
import type { WriteRecipe } from './codec.js';
import { KEY_TTL_SECONDS, redisKeys } from './keys.js';

/**
 * Seed 000's command keys `signal:entry:{set_id}` / `signal:exit:{set_id}` (JSON, expiring
 * after seed 002's five minutes so a stale command is never acted on) and
 * `stats:daily:{set_id}` (Hash of counters for the trading day). The signal keys are the
 * readable latest state; the hand-off that must not be lost goes through the signal
 * stream (see streams.ts).
 */

export const LiveSignalSchema = z
  .object({
    signal_id: z.string(),
    set_id: z.string(),
    kind: z.enum(['entry', 'exit']),
    side: z.enum(['long', 'short']),
    instrument_key: z.string(),
    /** Open time of the bar that produced it, epoch ms. */
    bar_time: z.number().int(),
    price: z.number().optional(),
    label: z.string().optional(),
  })
  .catchall(z.unknown());
export type LiveSignal = z.infer<typeof LiveSignalSchema>;

function signalKey(kind: 'entry' | 'exit', setId: string): string {
  return kind === 'entry' ? redisKeys.entrySignal(setId) : redisKeys.exitSignal(setId);
}

/** Queues: the latest entry/exit command with its TTL. */
export function signalRecipe(signal: LiveSignal, ttlSeconds: number = KEY_TTL_SECONDS.signal): WriteRecipe {
  const key = signalKey(signal.kind, signal.set_id);
  const value = encode(signal);
  return (c) => void c.set(key, value, 'EX', ttlSeconds);
}

/** Queues: add to daily counters; the hash gets its TTL when it is created (NX), not on every write. */
export function statsRecipe(setId: string, increments: Record<string, number>, ttlSeconds: number = KEY_TTL_SECONDS.dailyStats): WriteRecipe {
  const key = redisKeys.dailyStats(setId);
  return (c) => {
    for (const [field, by] of Object.entries(increments)) c.hincrbyfloat(key, field, by);
    c.expire(key, ttlSeconds, 'NX');
  };
}

export class SignalKeys {
  constructor(private readonly redis: Redis) {}

  /** Stores the latest command for `signal.kind`, replacing any, for `ttlSeconds` (default 300). */
  async set(signal: LiveSignal, ttlSeconds?: number): Promise<void> {
    await atomically(this.redis, signalRecipe(LiveSignalSchema.parse(signal), ttlSeconds));
  }

  /** Reads the pending command without taking it. */
  async peek(kind: 'entry' | 'exit', setId: string): Promise<LiveSignal | null> {
    const key = signalKey(kind, setId);
    const s = await this.redis.get(key);
    return s === null ? null : decode(s, key, LiveSignalSchema);
  }

  /** Takes the pending command atomically (GETDEL): of two takers, one gets it. */
  async take(kind: 'entry' | 'exit', setId: string): Promise<LiveSignal | null> {
    const key = signalKey(kind, setId);
    const s = await this.redis.getdel(key);
    return s === null ? null : decode(s, key, LiveSignalSchema);
  }

  /** Adds to today's counters (e.g. `{ trades: 1, pnl: -350.5 }`). */
  async addStats(setId: string, increments: Record<string, number>): Promise<void> {
    await atomically(this.redis, statsRecipe(setId, increments));
  }

  /** Today's counters as numbers (empty when none). */
  async getStats(setId: string): Promise<Record<string, number>> {
    const h = await this.redis.hgetall(redisKeys.dailyStats(setId));
    return Object.fromEntries(Object.entries(h).map(([k, v]) => [k, Number(v)]));
  }

  /** Starts a new trading day's counters. */
  async resetStats(setId: string): Promise<void> {
    await this.redis.del(redisKeys.dailyStats(setId));
  }
}
