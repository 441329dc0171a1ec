import type { Redis } from 'ioredis';
import { z } from 'zod';
import { encode } from './codec.js';
import { redisKeys } from './keys.js';

/**
 * Live feeds over Redis Pub/Sub: what followers (the API's WebSocket, any number of API
 * processes) show a person as it happens. Pub/Sub, not Streams, on purpose: a feed message
 * nobody is listening to may be dropped — everything that must not be lost goes through
 * the streams and Mongo, and a follower that (re)subscribes reads the current state from
 * the state keys first.
 *
 * - `feed:strategy:{id}` — published by the live engine: `signal` (a `LiveSignal`), `order`
 *   (an `OrderStreamEvent`), `position` (a `LivePosition`, or `{ instrument_key, closed: true }`),
 *   `pnl` (`{ realized, unrealized, … }`), `status` (a `StrategyStatus`), `log` (`{ level, message }`).
 * - `feed:backtest:{id}` — published by the API's backtest runner: `progress`, then
 *   `completed` or `failed`.
 */

export const StrategyFeedEventSchema = z.object({
  type: z.enum(['signal', 'order', 'position', 'pnl', 'status', 'log']),
  strategy_id: z.string(),
  /** Epoch ms when it happened. */
  at: z.number().int(),
  data: z.record(z.string(), z.unknown()),
});
export type StrategyFeedEvent = z.infer<typeof StrategyFeedEventSchema>;

export const BacktestFeedEventSchema = z.object({
  type: z.enum(['progress', 'completed', 'failed']),
  run_id: z.string(),
  at: z.number().int(),
  /** Fraction done, 0..1. */
  progress: z.number().min(0).max(1),
  /** Bars processed so far. */
  bars: z.number().int().nonnegative().optional(),
  /** Why a run failed. */
  message: z.string().optional(),
});
export type BacktestFeedEvent = z.infer<typeof BacktestFeedEventSchema>;

/** Publishing to the feeds (any connection). Returns how many subscribers received the message. */
export class FeedPublisher {
  constructor(private readonly redis: Redis) {}

  async strategy(event: StrategyFeedEvent): Promise<number> {
    const e = StrategyFeedEventSchema.parse(event);
    return this.redis.publish(redisKeys.strategyFeed(e.strategy_id), encode(e));
  }

  async backtest(event: BacktestFeedEvent): Promise<number> {
    const e = BacktestFeedEventSchema.parse(event);
    return this.redis.publish(redisKeys.backtestFeed(e.run_id), encode(e));
  }
}

/**
 * A feed message as received: the payload parsed against its schema, or why it could not
 * be (a follower drops such a message and logs the reason; it never crashes on it).
 */
export function parseFeedMessage<T>(schema: z.ZodType<T>, message: string): { value: T } | { error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(message);
  } catch {
    return { error: 'feed message is not JSON' };
  }
  const r = schema.safeParse(raw);
  if (r.success) return { value: r.data };
  const issue = r.error.issues[0];
  return { error: `feed message: ${issue?.path.join('.') || '(value)'}: ${issue?.message ?? 'invalid'}` };
}
