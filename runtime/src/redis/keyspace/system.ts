import type { Redis } from 'ioredis';
import { z } from 'zod';
import { decode, encode } from './codec.js';
import { redisKeys } from './keys.js';

/**
 * System-wide keys: broker access tokens (seed 000, one per user and broker, expiring when
 * the broker says), the global and per-user kill switches, and seed 004's `system:state`,
 * `metrics:performance` and `watchlist:current` (JSON).
 */

export const KillSwitchStateSchema = z.object({ reason: z.string(), at: z.number().int(), by: z.string().optional() });
export type KillSwitchState = z.infer<typeof KillSwitchStateSchema>;

export const SystemStateSchema = z
  .object({
    state: z.enum(['starting', 'running', 'paused', 'stopping', 'stopped']),
    market_status: z.enum(['pre_open', 'open', 'closed']).optional(),
    active_positions_count: z.number().int().nonnegative().optional(),
    watchlist_count: z.number().int().nonnegative().optional(),
    /** Epoch ms. */
    timestamp: z.number().int(),
  })
  .catchall(z.unknown());
export type SystemState = z.infer<typeof SystemStateSchema>;

export const PerformanceSchema = z
  .object({
    daily_pnl: z.number(),
    win_count: z.number().int().nonnegative(),
    loss_count: z.number().int().nonnegative(),
    timestamp: z.number().int(),
  })
  .catchall(z.unknown());
export type Performance = z.infer<typeof PerformanceSchema>;

const WatchlistSchema = z.array(z.string());

export class SystemKeys {
  constructor(private readonly redis: Redis) {}

  /** Stores a broker access token until `expiresAt` (Kite: 6 AM; Upstox: 3:30 AM), after which it is gone. */
  async setAccessToken(broker: string, userId: string, token: string, expiresAt: Date): Promise<void> {
    const key = redisKeys.accessToken(broker, userId);
    if (expiresAt.getTime() <= Date.now()) {
      await this.redis.del(key);
      return;
    }
    await this.redis.set(key, token, 'PXAT', expiresAt.getTime());
  }

  /** The token, or null when none is stored or it expired. */
  async getAccessToken(broker: string, userId: string): Promise<string | null> {
    return this.redis.get(redisKeys.accessToken(broker, userId));
  }

  /** Engages the global kill switch (userId omitted) or a user's. */
  async engageKillSwitch(state: KillSwitchState, userId?: string): Promise<void> {
    const key = userId === undefined ? redisKeys.killSwitch() : redisKeys.userKillSwitch(userId);
    await this.redis.set(key, encode(KillSwitchStateSchema.parse(state)));
  }

  async releaseKillSwitch(userId?: string): Promise<void> {
    await this.redis.del(userId === undefined ? redisKeys.killSwitch() : redisKeys.userKillSwitch(userId));
  }

  /**
   * Whether trading is halted for `userId`: the global switch or the user's, whichever is
   * engaged (global first), or null. One round trip — execution asks this before each order.
   */
  async killSwitchFor(userId: string): Promise<(KillSwitchState & { scope: 'global' | 'user' }) | null> {
    const [global, user] = await this.redis.mget(redisKeys.killSwitch(), redisKeys.userKillSwitch(userId));
    if (global) return { ...decode(global, redisKeys.killSwitch(), KillSwitchStateSchema), scope: 'global' };
    if (user) return { ...decode(user, redisKeys.userKillSwitch(userId), KillSwitchStateSchema), scope: 'user' };
    return null;
  }

  async setSystemState(state: SystemState): Promise<void> {
    await this.redis.set(redisKeys.systemState(), encode(SystemStateSchema.parse(state)));
  }

  async getSystemState(): Promise<SystemState | null> {
    const s = await this.redis.get(redisKeys.systemState());
    return s === null ? null : decode(s, redisKeys.systemState(), SystemStateSchema);
  }

  async setPerformance(p: Performance): Promise<void> {
    await this.redis.set(redisKeys.performance(), encode(PerformanceSchema.parse(p)));
  }

  async getPerformance(): Promise<Performance | null> {
    const s = await this.redis.get(redisKeys.performance());
    return s === null ? null : decode(s, redisKeys.performance(), PerformanceSchema);
  }

  /** Replaces the watchlist (instrument keys). */
  async setWatchlist(instrumentKeys: readonly string[]): Promise<void> {
    await this.redis.set(redisKeys.watchlist(), encode(WatchlistSchema.parse([...instrumentKeys])));
  }

  async getWatchlist(): Promise<string[]> {
    const s = await this.redis.get(redisKeys.watchlist());
    return s === null ? [] : decode(s, redisKeys.watchlist(), WatchlistSchema);
  }
}
