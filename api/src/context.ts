import { createKeyspace, createRedisClient, type Keyspace, type Storage } from '@algo/runtime';
import type { Logger } from 'pino';
import { Authenticator } from './accounts/authenticator.js';
import { WorkerPool } from './backtests/pool.js';
import { BacktestService } from './backtests/service.js';
import type { ServeConfig } from './config.js';
import type { RedisClient } from './context-types.js';
import { KillSwitches } from './live/kill-switch.js';
import { LiveControl } from './live/control.js';
import { ApiMetrics } from './observability/api-metrics.js';
import { StrategyService } from './strategies/service.js';
import { FeedHub } from './ws/hub.js';

/**
 * Everything a request handler may use, built once per server: storage, Redis and its
 * keyspace, and the services over them. Routes get this object and nothing else, so a
 * test can build a server over any storage and Redis it likes.
 */
export interface AppContext {
  readonly config: ServeConfig;
  readonly storage: Storage;
  readonly redis: RedisClient;
  readonly keyspace: Keyspace;
  readonly log: Logger;
  readonly auth: Authenticator;
  readonly metrics: ApiMetrics;
  readonly strategies: StrategyService;
  readonly live: LiveControl;
  readonly killSwitches: KillSwitches;
  readonly backtests: BacktestService;
  readonly feeds: FeedHub;
  /** Stops the services and closes the Redis connections (not storage: its owner closes it). */
  close(): Promise<void>;
}

export interface ContextOptions {
  readonly config: ServeConfig;
  readonly storage: Storage;
  readonly redisUrl: string;
  readonly log: Logger;
  /** where backtest workers read `mongo` data from (the URL storage was opened with) */
  readonly mongo?: { url: string; dbName: string };
}

export function createContext(o: ContextOptions): AppContext {
  const redis = createRedisClient(o.redisUrl, { name: 'algo-api' });
  redis.on('error', (err: Error) => o.log.warn({ err: err.message }, 'redis connection error'));
  const keyspace = createKeyspace(redis);
  const pool = new WorkerPool({ size: o.config.backtests.workers, timeoutMs: o.config.backtests.timeoutMs, log: o.log });
  const metrics = new ApiMetrics(() => ({ queued: pool.queued, running: pool.running }));
  const strategies = new StrategyService(o.storage, keyspace, o.log);
  const backtests = new BacktestService(o.storage, keyspace, strategies, pool, o.config.backtests, o.mongo, o.log, {
    onFinished: (status) => metrics.backtestsFinished.inc({ status }),
  });
  const feeds = new FeedHub(() => createRedisClient(o.redisUrl, { name: 'algo-api-feeds', blocking: true }), o.log);
  metrics.registry.onScrape(async () => {
    metrics.runningStrategies = await o.storage.strategies.countRunning();
  });
  return {
    config: o.config,
    storage: o.storage,
    redis,
    keyspace,
    log: o.log,
    auth: new Authenticator(o.storage.apiTokens),
    metrics,
    strategies,
    live: new LiveControl(o.storage, keyspace, strategies, o.log),
    killSwitches: new KillSwitches(o.storage, keyspace, o.config.admins, o.log),
    backtests,
    feeds,
    async close() {
      await backtests.close();
      await feeds.close();
      redis.disconnect();
    },
  };
}
