import { join } from 'node:path';
import { defaultDataDir } from '../storage/data-dir.js';
import { failure, success } from '../storage/outcome.js';
import type { Outcome } from '../storage/outcome.js';
import { redactUrl } from '../storage/url.js';
import { probeRedis } from './probe.js';
import { findRedisServer, spawnRedisServer } from './redis-server-process.js';

/**
 * Which Redis this process uses, decided once at start:
 *
 * 1. `REDIS_URL` when set — checked with a PING; unreachable is an error (one line with the
 *    URL and what was tried), never a silent fallback.
 * 2. Else `redis-server` from PATH, spawned on a free port (or `port`): AOF on in
 *    `<dataDir>/redis` for `serve`, throwaway for `test`; stopped when this process exits.
 * 3. Else `redis-memory-server`, if it is installed (loaded on demand).
 * 4. Else one line saying what to install.
 *
 * The choice is announced in one line through `notify` (stderr by default).
 */

export type RedisPurpose = 'serve' | 'test';

export interface ResolveRedisOptions {
  purpose: RedisPurpose;
  env?: NodeJS.ProcessEnv;
  dataDir?: string;
  port?: number;
  notify?: (line: string) => void;
  /** How long to try `REDIS_URL`. Default 3 s. */
  timeoutMs?: number;
}

export interface ResolvedRedis {
  readonly url: string;
  readonly kind: 'external' | 'spawned' | 'memory-server';
  /** True when data outlives this process (AOF for a spawned `serve` server). */
  readonly persistent: boolean;
  readonly dataDir?: string;
  readonly description: string;
  stop(): Promise<void>;
}

interface RedisMemoryServerLike {
  getHost(): Promise<string>;
  getPort(): Promise<number>;
  stop(): Promise<unknown>;
}

/** redis-memory-server is optional: loaded only when installed, never required. */
async function loadRedisMemoryServer(): Promise<{ create(): Promise<RedisMemoryServerLike> } | undefined> {
  const name = 'redis-memory-server';
  try {
    const mod = (await import(name)) as { RedisMemoryServer?: { create(): Promise<RedisMemoryServerLike> } };
    return mod.RedisMemoryServer;
  } catch {
    return undefined;
  }
}

export async function resolveRedis(opts: ResolveRedisOptions): Promise<Outcome<ResolvedRedis>> {
  const env = opts.env ?? process.env;
  const notify = opts.notify ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const announce = (r: ResolvedRedis): Outcome<ResolvedRedis> => {
    notify(r.description);
    return success(r);
  };

  const fromEnv = env.REDIS_URL?.trim();
  if (fromEnv) {
    const probe = await probeRedis(fromEnv, { timeoutMs: opts.timeoutMs, source: 'REDIS_URL' });
    if (!probe.ok) return probe;
    return announce({
      url: fromEnv,
      kind: 'external',
      persistent: true,
      description: `redis: using REDIS_URL ${redactUrl(fromEnv)} (Redis ${probe.value.version})`,
      stop: async () => undefined,
    });
  }

  const tried: string[] = [];
  const binary = findRedisServer(env);
  if (binary) {
    const dataDir = opts.purpose === 'serve' ? join(opts.dataDir ?? defaultDataDir(env), 'redis') : undefined;
    const spawned = await spawnRedisServer(binary, { ...(dataDir ? { dataDir } : {}), ...(opts.port ? { port: opts.port } : {}) });
    if (spawned.ok) {
      const s = spawned.value;
      return announce({
        url: s.url,
        kind: 'spawned',
        persistent: dataDir !== undefined,
        ...(dataDir ? { dataDir } : {}),
        description: `redis: started ${binary} at ${s.url}, ${dataDir ? `AOF persistence in ${dataDir}` : 'throwaway data'}`,
        stop: () => s.stop(),
      });
    }
    tried.push(spawned.message);
  } else {
    tried.push('no redis-server on PATH');
  }

  const memory = await loadRedisMemoryServer();
  if (memory) {
    try {
      const server = await memory.create();
      const url = `redis://${await server.getHost()}:${await server.getPort()}`;
      return announce({
        url,
        kind: 'memory-server',
        persistent: false,
        description: `redis: ${tried.join('; ')}; using redis-memory-server at ${url} (throwaway data)`,
        stop: async () => {
          await server.stop();
        },
      });
    } catch (err) {
      tried.push(`redis-memory-server failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }
  } else {
    tried.push('redis-memory-server is not installed');
  }
  return failure(
    'STORAGE_UNAVAILABLE',
    `redis: no REDIS_URL, and no Redis could be started (${tried.join('; ')}) — install redis-server (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or set REDIS_URL`,
  );
}
