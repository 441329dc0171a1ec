import { BACKTEST_RESULT_SCHEMAS, defaultDataDir, openStorage, resolveMongo, resolveRedis, type ResolvedMongo, type ResolvedRedis, type Storage } from '@algo/runtime';
import type { FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import type { ServeConfig } from './config.js';
import { createContext, type AppContext } from './context.js';
import { loadCredentialsKey } from './credentials-key.js';
import { createLogger } from './observability/logger.js';
import { buildApp } from './server/app.js';

/** A running API server. */
export interface RunningServer {
  /** `http://host:port` */
  readonly url: string;
  readonly port: number;
  readonly app: FastifyInstance;
  readonly context: AppContext;
  /** Graceful shutdown: stop accepting, let requests finish (up to the grace period), stop workers, close Mongo and Redis. Idempotent. */
  close(): Promise<void>;
}

/**
 * What `algo serve` runs beside the API in the same process — the live engine's workers
 * (DESIGN.md §4). Started once storage and Redis are up (before the API listens), stopped
 * at shutdown after the API has stopped taking requests and before storage closes.
 */
export interface Companion {
  /** One line for the start-up announcement, e.g. `live engine: 4 workers, paper broker`. */
  readonly description: string;
  stop(): Promise<void>;
}

/** Starts a companion over what the server resolved. */
export type CompanionStarter = (env: { readonly context: AppContext; readonly redisUrl: string; readonly mongo: { url: string; dbName: string } }) => Promise<Companion>;

export interface StartOptions {
  /** Started with the server and stopped with it (the live engine). */
  readonly companions?: readonly CompanionStarter[];
  /** Receives each line saying what the server uses (stderr by default). */
  readonly notify?: (line: string) => void;
  /** Where log lines go (stdout by default). */
  readonly logDestination?: DestinationStream;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * `algo serve`: resolves MongoDB and Redis (the configured URLs, else the embedded servers
 * of DESIGN.md §6), the broker-credentials key, opens storage, restores what Redis may have
 * lost (active strategy configs, kill switches), marks backtests a previous process left
 * RUNNING as FAILED, and listens. Failures to start come back as an Error whose message is
 * one line for the user; whatever was started is stopped again.
 */
export async function startServer(config: ServeConfig, o: StartOptions = {}): Promise<RunningServer> {
  const notify = o.notify ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const env = { ...(o.env ?? process.env), ...(config.mongoUrl ? { MONGO_URL: config.mongoUrl } : {}), ...(config.redisUrl ? { REDIS_URL: config.redisUrl } : {}) };
  const dataDir = config.dataDir ?? defaultDataDir(env);
  const stops: Array<() => Promise<void>> = [];
  const unwind = async (): Promise<void> => {
    for (const s of stops.splice(0).reverse()) await s().catch(() => undefined);
  };
  try {
    const mongo: ResolvedMongo = must(await resolveMongo({ purpose: 'serve', env, dataDir, notify }));
    stops.push(() => mongo.stop());
    const redis: ResolvedRedis = must(await resolveRedis({ purpose: 'serve', env, dataDir, notify }));
    stops.push(() => redis.stop());
    const key = await loadCredentialsKey(env, dataDir);
    notify(key.description);
    const storage: Storage = must(await openStorage({ url: mongo.url, dbName: config.mongoDb, resultSchemas: BACKTEST_RESULT_SCHEMAS, ...(key.cipher ? { credentialsCipher: key.cipher } : {}) }));
    stops.push(() => storage.close());
    const log = createLogger(config.logLevel, o.logDestination);
    const context = createContext({ config, storage, redisUrl: redis.url, log, mongo: { url: mongo.url, dbName: config.mongoDb } });
    stops.push(() => context.close());
    for (const startCompanion of o.companions ?? []) {
      const c = await startCompanion({ context, redisUrl: redis.url, mongo: { url: mongo.url, dbName: config.mongoDb } });
      stops.push(() => c.stop());
      notify(c.description);
    }
    const interrupted = await context.backtests.recoverInterrupted();
    const cached = await context.strategies.warmCache();
    const halted = await context.killSwitches.syncToRedis();
    if (interrupted + cached + halted > 0) notify(`restored: ${cached} active strategy config(s) written to Redis, ${halted} engaged kill switch(es), ${interrupted} interrupted backtest(s) marked FAILED`);
    const app = await buildApp(context);
    stops.push(() => app.close());
    await app.listen({ host: config.host, port: config.port });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const url = `http://${host}:${port}`;
    notify(`api: listening on ${url} (docs at ${url}/docs, ${config.backtests.workers} backtest worker${config.backtests.workers === 1 ? '' : 's'})`);
    let closing: Promise<void> | undefined;
    const close = (): Promise<void> => {
      closing ??= (async () => {
        const grace = setTimeout(() => app.server.closeAllConnections(), config.shutdownGraceSeconds * 1000);
        await app.close().catch(() => undefined);
        clearTimeout(grace);
        stops.pop();
        await unwind();
      })();
      return closing;
    };
    return { url, port, app, context, close };
  } catch (err) {
    await unwind();
    throw err;
  }
}

function must<T>(r: { ok: true; value: T } | { ok: false; message: string }): T {
  if (!r.ok) throw new Error(r.message);
  return r.value;
}
