import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { BrokerSettings } from '../brokers/settings.js';
import type { Keyspace } from '../redis/keyspace/index.js';
import type { WriteRecipe } from '../redis/keyspace/codec.js';
import type { Storage } from '../storage/storage.js';
import type { LiveEngineConfig } from './config.js';
import type { LiveMetrics } from './metrics.js';
import type { MongoHealth } from './recorder/recorder.js';
import { outboxRecipe } from './recorder/outbox-entry.js';
import { feedRecipe, statusFieldsRecipe } from './state/recipes.js';
import type { LiveChannels } from './streams/channels.js';

/**
 * What every worker of one engine process shares: the Redis connection for commands and
 * MULTIs (blocking readers get their own from `blocking()`), the keyspace and channels on
 * it, storage, the logger, settings, this process's consumer name, MongoDB's health, and
 * the latency figures.
 */
export interface EngineContext {
  readonly redis: Redis;
  readonly keyspace: Keyspace;
  readonly channels: LiveChannels;
  readonly storage: Storage;
  readonly log: Logger;
  readonly config: LiveEngineConfig;
  readonly broker: BrokerSettings;
  readonly consumer: string;
  readonly health: MongoHealth;
  readonly metrics: LiveMetrics;
  /** A new connection for a blocking reader (closed when the engine stops). */
  blocking(name: string): Redis;
}

/**
 * Queues what a person must see about a strategy: a `system_logs` line (through the
 * outbox), a `log` event on its feed, and — for problems — the status message.
 */
export function reportRecipes(
  ctx: EngineContext,
  r: { strategyId: string; asset?: 'options' | 'stocks'; level: 'INFO' | 'WARNING' | 'ERROR'; component: string; message: string; context?: Record<string, unknown>; status?: 'error' | 'running' | 'stopped' },
): WriteRecipe[] {
  const now = Date.now();
  const out: WriteRecipe[] = [
    outboxRecipe({ op: 'log', doc: { timestamp: new Date(now), level: r.level, component: r.component, set_id: r.strategyId, message: r.message.slice(0, 5000), ...(r.context ? { context: r.context } : {}) } }),
    feedRecipe(r.strategyId, 'log', now, { level: r.level.toLowerCase(), component: r.component, message: r.message }),
  ];
  if (r.asset && (r.status || r.level !== 'INFO')) out.push(statusFieldsRecipe(r.asset, r.strategyId, { ...(r.status ? { state: r.status } : {}), message: r.message.slice(0, 500) }));
  const line = { strategy_id: r.strategyId, component: r.component, ...(r.context ?? {}) };
  if (r.level === 'ERROR') ctx.log.error(line, r.message);
  else if (r.level === 'WARNING') ctx.log.warn(line, r.message);
  else ctx.log.info(line, r.message);
  return out;
}

/** Sends recipes in one MULTI/EXEC (work that is not the handling of a stream entry). */
export async function commit(redis: Redis, recipes: readonly WriteRecipe[]): Promise<void> {
  if (recipes.length === 0) return;
  const m = redis.multi();
  for (const r of recipes) r(m);
  const res = (await m.exec()) ?? [];
  for (const [err] of res) if (err) throw err;
}
