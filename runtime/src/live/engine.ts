import type { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';
import { resolveBrokerSettings, type BrokerSettingsInput } from '../brokers/settings.js';
import { createRedisClient } from '../redis/client.js';
import { createKeyspace } from '../redis/keyspace/index.js';
import type { Storage } from '../storage/storage.js';
import { defaultConsumer, resolveLiveConfig, type LiveEngineConfigInput, type LiveRole } from './config.js';
import type { EngineContext } from './context.js';
import { EvaluationWorker } from './evaluation/evaluation-worker.js';
import { ExecutionWorker } from './execution/execution-worker.js';
import { Heartbeat } from './heartbeat.js';
import { IndicatorsWorker } from './indicators/indicators-worker.js';
import { IngestWorker } from './ingest/ingest-worker.js';
import type { FeedFactory } from './ingest/live-market.js';
import { LiveMetrics } from './metrics.js';
import { MongoHealth } from './recorder/recorder.js';
import { RecorderWorker } from './recorder/recorder-worker.js';
import { ensureGroups, liveChannels } from './streams/channels.js';

export interface LiveEngineOptions {
  /** Redis of the deployment (the API's). */
  readonly redisUrl: string;
  /** MongoDB repositories (the API's storage in `algo serve`). */
  readonly storage: Storage;
  readonly log?: Logger;
  /** Engine settings (roles, risk limits, timings); the environment adds risk limits. */
  readonly config?: LiveEngineConfigInput;
  /** Broker settings (default: paper; `ALGO_BROKER`, `ALGO_FEED`, … override). */
  readonly broker?: BrokerSettingsInput;
  readonly env?: Record<string, string | undefined>;
  /** Where live prices come from (default: the user's broker feed); the bench and tests pass their own. */
  readonly feedFactory?: FeedFactory;
}

/** A running engine process (one or more roles). */
export interface LiveEngine {
  /** One line for the start-up announcement. */
  readonly description: string;
  readonly consumer: string;
  readonly roles: readonly LiveRole[];
  readonly metrics: LiveMetrics;
  readonly context: EngineContext;
  /** Stops taking market data first, then the workers after the entry in hand; idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts the live engine's workers in this process — all four by default (`algo serve`), or
 * the roles given (`algo worker --role …`). They talk to each other only through Redis
 * (streams with consumer groups; the seed's state keys), so the same code runs in one
 * process or spread over many. A configuration error is thrown as one line; whatever was
 * started is stopped again.
 */
export async function startLiveEngine(o: LiveEngineOptions): Promise<LiveEngine> {
  const env = o.env ?? process.env;
  const cfg = resolveLiveConfig(o.config, env);
  if (!cfg.value) throw new Error(cfg.errors.join('; '));
  const brokers = resolveBrokerSettings(o.broker, env);
  if (!brokers.value) throw new Error(brokers.errors.join('; '));
  const config = cfg.value;
  const log = o.log ?? pino({ level: 'silent' });
  const consumer = config.consumer ?? defaultConsumer();
  const redis = createRedisClient(o.redisUrl, { name: 'algo-engine' });
  redis.on('error', (err: Error) => log.warn({ err: err.message }, 'live engine: redis connection error'));
  const readers: Redis[] = [];
  const ctx: EngineContext = {
    redis,
    keyspace: createKeyspace(redis),
    channels: liveChannels(redis),
    storage: o.storage,
    log,
    config,
    broker: brokers.value,
    consumer,
    health: new MongoHealth(),
    metrics: new LiveMetrics(),
    blocking(name) {
      const c = createRedisClient(o.redisUrl, { name, blocking: true });
      c.on('error', (err: Error) => log.debug({ err: err.message, connection: name }, 'live engine: redis reader connection error'));
      readers.push(c);
      return c;
    },
  };
  const roles = new Set(config.roles);
  const ingest = roles.has('ingest') ? new IngestWorker(ctx, o.feedFactory) : undefined;
  const workers = [
    new RecorderWorker(ctx),
    ...(roles.has('execution') ? [new ExecutionWorker(ctx)] : []),
    ...(roles.has('evaluation') ? [new EvaluationWorker(ctx)] : []),
    ...(roles.has('indicators') ? [new IndicatorsWorker(ctx)] : []),
  ];
  const heartbeat = new Heartbeat(ctx, config.roles);
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await ingest?.stop();
      await Promise.all(workers.map((w) => w.stop()));
      await heartbeat.stop();
      for (const r of readers) r.disconnect();
      redis.disconnect();
    })();
    return stopping;
  };
  try {
    await ensureGroups(ctx.channels);
    for (const w of workers) await w.start();
    await ingest?.start();
    await heartbeat.start();
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
  const b = brokers.value;
  const description = `live engine: ${config.roles.join(', ')} as ${consumer}; ${b.broker === 'paper' ? 'paper broker' : `broker ${b.broker} for live runs, paper otherwise`}${b.feed ? `, ${b.feed} feed` : ''}`;
  return { description, consumer, roles: config.roles, metrics: ctx.metrics, context: ctx, stop };
}
