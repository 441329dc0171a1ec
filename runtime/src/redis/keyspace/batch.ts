import type { Redis } from 'ioredis';
import type { Candle } from '../../market/candle.js';
import { CandleSchema } from '../../market/candle.js';
import { execOrThrow } from './codec.js';
import type { WriteRecipe } from './codec.js';
import type { AssetType } from './keys.js';
import { candleRecipe, tickRecipe, LiveTickSchema } from './market-data.js';
import type { LiveTick } from './market-data.js';
import { runtimeRecipe, RuntimeFactsSchema } from './runtime-state.js';
import type { RuntimeFacts } from './runtime-state.js';
import { LiveSignalSchema, signalRecipe, statsRecipe } from './signals.js';
import type { LiveSignal } from './signals.js';
import {
  indicatorsRecipe,
  optionPositionRecipe,
  LivePositionSchema,
  statusRecipe,
  stockPositionRecipe,
  StrategyStatusSchema,
} from './strategy-state.js';
import type { IndicatorValues, LivePosition, StrategyStatus } from './strategy-state.js';
import type { StreamChannel } from './streams.js';

/**
 * Many keyspace writes in one round trip: each method validates and queues the same
 * commands the single-key helpers send, and `exec()` sends them together — as a pipeline
 * (fast; each command applies on its own) or, with `atomic: true`, as one MULTI/EXEC
 * (applied together with no other client's command in between; in a Redis Cluster only
 * for keys of one strategy, which share a slot). Redis does not roll back: a command that
 * fails inside EXEC fails alone, and `exec()` reports it.
 */
export class KeyspaceBatch {
  private readonly recipes: WriteRecipe[] = [];

  constructor(private readonly redis: Redis) {}

  get size(): number {
    return this.recipes.length;
  }

  tick(instrumentKey: string, tick: LiveTick): this {
    this.recipes.push(tickRecipe(instrumentKey, LiveTickSchema.parse(tick)));
    return this;
  }

  candle(instrumentKey: string, tf: string, candle: Candle, keep = 500): this {
    this.recipes.push(candleRecipe(instrumentKey, tf, CandleSchema.parse(candle), keep));
    return this;
  }

  status(asset: AssetType, setId: string, status: StrategyStatus): this {
    this.recipes.push(statusRecipe(asset, setId, StrategyStatusSchema.parse(status)));
    return this;
  }

  optionPosition(setId: string, position: LivePosition | null): this {
    this.recipes.push(optionPositionRecipe(setId, position && LivePositionSchema.parse(position)));
    return this;
  }

  stockPosition(setId: string, instrumentKey: string, position: LivePosition | null): this {
    this.recipes.push(stockPositionRecipe(setId, instrumentKey, position && LivePositionSchema.parse(position)));
    return this;
  }

  indicators(asset: AssetType, setId: string, values: IndicatorValues, instrumentKey?: string): this {
    this.recipes.push(indicatorsRecipe(asset, setId, values, instrumentKey));
    return this;
  }

  signal(signal: LiveSignal, ttlSeconds?: number): this {
    this.recipes.push(signalRecipe(LiveSignalSchema.parse(signal), ttlSeconds));
    return this;
  }

  stats(setId: string, increments: Record<string, number>): this {
    this.recipes.push(statsRecipe(setId, increments));
    return this;
  }

  runtime(setId: string, fields: RuntimeFacts): this {
    this.recipes.push(runtimeRecipe(setId, RuntimeFactsSchema.parse(fields)));
    return this;
  }

  publish<T>(channel: StreamChannel<T>, payload: T): this {
    this.recipes.push(channel.publishRecipe(payload));
    return this;
  }

  /** Sends everything queued; throws the first command error. The batch is emptied either way. */
  async exec(opts: { atomic?: boolean } = {}): Promise<void> {
    const recipes = this.recipes.splice(0);
    if (recipes.length === 0) return;
    const c = opts.atomic ? this.redis.multi() : this.redis.pipeline();
    for (const r of recipes) r(c);
    await execOrThrow(c);
  }
}
