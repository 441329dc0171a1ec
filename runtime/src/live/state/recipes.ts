import { encode, type WriteRecipe } from '../../redis/keyspace/codec.js';
import { StrategyFeedEventSchema, type StrategyFeedEvent } from '../../redis/keyspace/feed.js';
import type { AssetType } from '../../redis/keyspace/keys.js';
import { KEY_TTL_SECONDS, redisKeys } from '../../redis/keyspace/keys.js';
import { runtimeRecipe, RuntimeFactsSchema, type RuntimeFacts } from '../../redis/keyspace/runtime-state.js';
import { signalRecipe, statsRecipe, LiveSignalSchema, type LiveSignal } from '../../redis/keyspace/signals.js';
import {
  indicatorsRecipe,
  LivePositionSchema,
  optionPositionRecipe,
  statusRecipe,
  stockPositionRecipe,
  StrategyStatusSchema,
  type IndicatorValues,
  type LivePosition,
  type StrategyStatus,
} from '../../redis/keyspace/strategy-state.js';

/**
 * The seed's state keys, kept current by the workers as part of the MULTI that
 * acknowledges the work behind them — so what `GET /strategies/:id/state` and the
 * WebSocket show never runs ahead of what the engine has done, nor falls behind it. Each
 * is the keyspace's own recipe (one place knows every key); this file only picks them.
 */

/** Queues: publish a `feed:strategy:{id}` event (Pub/Sub: for whoever is watching). */
export function feedRecipe(strategyId: string, type: StrategyFeedEvent['type'], at: number, data: Record<string, unknown>): WriteRecipe {
  const event = StrategyFeedEventSchema.parse({ type, strategy_id: strategyId, at: Math.round(at), data });
  const channel = redisKeys.strategyFeed(strategyId);
  const text = encode(event);
  return (c) => void c.publish(channel, text);
}

/** Queues: status hash fields. */
export function statusFieldsRecipe(asset: AssetType, setId: string, status: StrategyStatus): WriteRecipe {
  return statusRecipe(asset, setId, StrategyStatusSchema.parse({ ...status, updated_at: status.updated_at ?? Date.now() }));
}

/** Queues: a position opened (or changed), or closed (`null`). */
export function positionRecipe(asset: AssetType, setId: string, instrumentKey: string, position: LivePosition | null): WriteRecipe {
  const p = position && LivePositionSchema.parse(position);
  return asset === 'options' ? optionPositionRecipe(setId, p) : stockPositionRecipe(setId, instrumentKey, p);
}

/** Queues: the latest entry/exit signal (seed 000's `signal:entry|exit:{id}`, 5-minute TTL). */
export function latestSignalRecipe(signal: LiveSignal): WriteRecipe {
  return signalRecipe(LiveSignalSchema.parse(signal));
}

/** Queues: today's counters — `add` increments, `set` overwrites (equity, open P&L). */
export function dailyStatsRecipe(setId: string, add: Record<string, number>, set: Record<string, number> = {}): WriteRecipe {
  const inc = Object.keys(add).length ? statsRecipe(setId, add) : undefined;
  const key = redisKeys.dailyStats(setId);
  const flat = Object.entries(set).flatMap(([k, v]) => [k, String(Math.round(v * 100) / 100)]);
  return (c) => {
    inc?.(c);
    if (flat.length) {
      c.hset(key, ...flat);
      c.expire(key, KEY_TTL_SECONDS.dailyStats, 'NX');
    }
  };
}

/** Queues: start a new day's counters. */
export function resetDailyStatsRecipe(setId: string): WriteRecipe {
  const key = redisKeys.dailyStats(setId);
  return (c) => void c.del(key);
}

/** Queues: indicator values of one instrument. */
export function indicatorValuesRecipe(asset: AssetType, setId: string, values: IndicatorValues, instrumentKey: string): WriteRecipe {
  return indicatorsRecipe(asset, setId, values, asset === 'stocks' ? instrumentKey : undefined);
}

/** Queues: seed 001's runtime facts. */
export function runtimeFactsRecipe(setId: string, facts: RuntimeFacts): WriteRecipe {
  return runtimeRecipe(setId, RuntimeFactsSchema.parse(facts));
}
