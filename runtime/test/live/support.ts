import { pino } from 'pino';
import { compile } from '@algo/compiler';
import { resolveBrokerSettings } from '../../src/brokers/settings.js';
import { loadProgram } from '../../src/evaluator/program.js';
import { LiveEngineConfigSchema } from '../../src/live/config.js';
import type { EngineContext } from '../../src/live/context.js';
import { LiveMetrics } from '../../src/live/metrics.js';
import { MongoHealth } from '../../src/live/recorder/recorder.js';
import type { LoadedStrategy } from '../../src/live/runs/strategy-loader.js';
import { ensureGroups, liveChannels } from '../../src/live/streams/channels.js';
import { createRedisClient } from '../../src/redis/client.js';
import { defaultSpec } from '../../src/strategy/instrument.js';
import { useRedis, type RedisFixture } from '../redis/support.js';
import { useStorage, type StorageFixture } from '../storage/support.js';

/**
 * An engine context over the test's real Redis and MongoDB (whatever `resolveMongo` gives:
 * the stand-in here), for testing the live workers' parts one at a time.
 */
export function useEngine(suite: string): () => { ctx: EngineContext; redis: RedisFixture; storage: StorageFixture } {
  const redis = useRedis();
  const storage = useStorage(`live_${suite}`);
  const made: Array<ReturnType<typeof createRedisClient>> = [];
  return () => {
    const r = redis();
    const s = storage();
    const ctx: EngineContext = {
      redis: r.redis,
      keyspace: r.ks,
      channels: liveChannels(r.redis),
      storage: s.storage,
      log: pino({ level: 'silent' }),
      config: LiveEngineConfigSchema.parse({ consumer: 'test', leaseMs: 1_000 }),
      broker: resolveBrokerSettings({}, {}).value!,
      consumer: 'test',
      health: new MongoHealth(),
      metrics: new LiveMetrics(),
      blocking(name) {
        const c = createRedisClient(r.server.url, { name, blocking: true });
        made.push(c);
        return c;
      },
    };
    return { ctx, redis: r, storage: s };
  };
}

export async function groups(ctx: EngineContext): Promise<void> {
  await ensureGroups(ctx.channels);
}

/** A strategy as the loader would return it, from source. */
export function strategyOf(source: string): LoadedStrategy {
  const { graph, diagnostics } = compile(source);
  if (!graph) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  const program = loadProgram(graph).program!;
  return {
    config: { strategy_id: 's1', user_id: 'u1', set_name: graph.settings.name, version: 1, asset_type: 'stocks', status: 'running', mode: 'paper', is_active: true, instruments: [...graph.settings.symbols], config: {}, indicators_config: {}, updated_at: 0 },
    program,
    graph,
    asset: 'stocks',
    instruments: [...graph.settings.symbols],
    timeframe: graph.settings.timeframe,
    spec: defaultSpec,
  };
}
