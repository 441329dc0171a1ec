import type { Redis } from 'ioredis';
import { z } from 'zod';
import { atomically, decode, encode } from './codec.js';
import type { WriteRecipe } from './codec.js';
import { redisKeys } from './keys.js';
import type { AssetType } from './keys.js';

/**
 * Seed 000's per-strategy state: `state:{asset}:{set_id}:status` (Hash),
 * `…:position` (options, JSON, only while a position is open), `…:positions` (stocks,
 * Hash of JSON by instrument, only while any is open), `…:indicators` (options: JSON;
 * stocks: Hash of JSON by instrument). The position and indicator payloads are the live
 * engine's to define; these schemas fix the fields everyone reads and let the rest through.
 */

export const TradingStateField = z.enum(['active', 'reducing_only', 'halted']);

/** The status hash. All fields optional: writers set what they own. */
export const StrategyStatusSchema = z.object({
  state: z.enum(['starting', 'running', 'stopping', 'stopped', 'error']).optional(),
  /** active; reducing_only (exits only); halted (kill switch: exits and cancels only). */
  trading: TradingStateField.optional(),
  mode: z.enum(['paper', 'live']).optional(),
  message: z.string().optional(),
  /** Epoch ms of the last closed bar evaluated. */
  last_bar: z.coerce.number().int().optional(),
  updated_at: z.coerce.number().int().optional(),
});
export type StrategyStatus = z.infer<typeof StrategyStatusSchema>;

export const LivePositionSchema = z
  .object({
    instrument_key: z.string(),
    side: z.enum(['long', 'short']),
    quantity: z.number().positive(),
    entry_price: z.number().positive(),
    /** Epoch ms. */
    entry_time: z.number().int(),
    stop_loss: z.number().positive().optional(),
    take_profit: z.number().positive().optional(),
    client_order_id: z.string().optional(),
  })
  .catchall(z.unknown());
export type LivePosition = z.infer<typeof LivePositionSchema>;

export const IndicatorValuesSchema = z.record(z.string(), z.unknown());
export type IndicatorValues = z.infer<typeof IndicatorValuesSchema>;

/** Queues: set status fields (and `updated_at`). */
export function statusRecipe(asset: AssetType, setId: string, status: StrategyStatus): WriteRecipe {
  const key = redisKeys.status(asset, setId);
  const fields: string[] = [];
  for (const [k, v] of Object.entries({ ...status, updated_at: status.updated_at ?? Date.now() })) if (v !== undefined) fields.push(k, String(v));
  return (c) => void c.hset(key, ...fields);
}

/** Queues: the options position (set, or deleted when null). */
export function optionPositionRecipe(setId: string, position: LivePosition | null): WriteRecipe {
  const key = redisKeys.optionPosition(setId);
  return (c) => void (position ? c.set(key, encode(position)) : c.del(key));
}

/** Queues: one stocks position (set, or removed when null — the hash vanishes with its last field). */
export function stockPositionRecipe(setId: string, instrumentKey: string, position: LivePosition | null): WriteRecipe {
  const key = redisKeys.stockPositions(setId);
  return (c) => void (position ? c.hset(key, instrumentKey, encode(position)) : c.hdel(key, instrumentKey));
}

/** Queues: indicator values — options as one JSON, stocks as one hash field per instrument. */
export function indicatorsRecipe(asset: AssetType, setId: string, values: IndicatorValues, instrumentKey?: string): WriteRecipe {
  const key = redisKeys.indicators(asset, setId);
  if (asset === 'stocks') {
    if (!instrumentKey) throw new TypeError('stocks indicators are stored per instrument: pass the instrument key');
    return (c) => void c.hset(key, instrumentKey, encode(values));
  }
  return (c) => void c.set(key, encode(values));
}

export class StrategyStateKeys {
  constructor(private readonly redis: Redis) {}

  async setStatus(asset: AssetType, setId: string, status: StrategyStatus): Promise<void> {
    await atomically(this.redis, statusRecipe(asset, setId, StrategyStatusSchema.parse(status)));
  }

  /** The status hash, or null when the strategy has none. */
  async getStatus(asset: AssetType, setId: string): Promise<StrategyStatus | null> {
    const key = redisKeys.status(asset, setId);
    const h = await this.redis.hgetall(key);
    return Object.keys(h).length ? decode(JSON.stringify(h), key, StrategyStatusSchema) : null;
  }

  async setOptionPosition(setId: string, position: LivePosition | null): Promise<void> {
    await atomically(this.redis, optionPositionRecipe(setId, position && LivePositionSchema.parse(position)));
  }

  async getOptionPosition(setId: string): Promise<LivePosition | null> {
    const key = redisKeys.optionPosition(setId);
    const s = await this.redis.get(key);
    return s === null ? null : decode(s, key, LivePositionSchema);
  }

  async setStockPosition(setId: string, instrumentKey: string, position: LivePosition | null): Promise<void> {
    await atomically(this.redis, stockPositionRecipe(setId, instrumentKey, position && LivePositionSchema.parse(position)));
  }

  /** Open stocks positions by instrument key. */
  async getStockPositions(setId: string): Promise<Record<string, LivePosition>> {
    const key = redisKeys.stockPositions(setId);
    const h = await this.redis.hgetall(key);
    return Object.fromEntries(Object.entries(h).map(([f, v]) => [f, decode(v, key, LivePositionSchema, f)]));
  }

  async setIndicators(asset: AssetType, setId: string, values: IndicatorValues, instrumentKey?: string): Promise<void> {
    await atomically(this.redis, indicatorsRecipe(asset, setId, values, instrumentKey));
  }

  /** Options: the values (or null). Stocks: values by instrument key. */
  async getIndicators(asset: 'options', setId: string): Promise<IndicatorValues | null>;
  async getIndicators(asset: 'stocks', setId: string): Promise<Record<string, IndicatorValues>>;
  async getIndicators(asset: AssetType, setId: string): Promise<IndicatorValues | Record<string, IndicatorValues> | null> {
    const key = redisKeys.indicators(asset, setId);
    if (asset === 'options') {
      const s = await this.redis.get(key);
      return s === null ? null : decode(s, key, IndicatorValuesSchema);
    }
    const h = await this.redis.hgetall(key);
    return Object.fromEntries(Object.entries(h).map(([f, v]) => [f, decode(v, key, IndicatorValuesSchema, f)]));
  }

  /**
   * Removes every key of a strategy's live state (seed 001: "At STOP → Redis keys
   * cleared") — status, positions, indicators, signals, runtime, lock, config cache and
   * daily stats — in one transaction. Positions should be flat before this is called.
   */
  async clear(asset: AssetType, setId: string): Promise<void> {
    const keys = [
      redisKeys.status(asset, setId),
      asset === 'options' ? redisKeys.optionPosition(setId) : redisKeys.stockPositions(setId),
      redisKeys.indicators(asset, setId),
      redisKeys.entrySignal(setId),
      redisKeys.exitSignal(setId),
      redisKeys.runtime(setId),
      redisKeys.lock(setId),
      redisKeys.strategyConfig(setId),
      redisKeys.dailyStats(setId),
    ];
    await atomically(this.redis, (c) => void c.del(...keys));
  }
}
