import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoInstance } from 'mongodb-memory-server-core';
import { defaultDataDir } from '../data-dir.js';
import { freePort } from '../free-port.js';
import { startMongoStandin } from '../mongo-standin/index.js';
import { failure, success } from '../outcome.js';
import type { Outcome } from '../outcome.js';
import { redactUrl } from '../url.js';
import { findMongod, withMongomsEnv } from './mongod-binary.js';
import { probeMongo } from './probe.js';

/**
 * Which MongoDB this process uses, decided once at start:
 *
 * 1. `MONGO_URL` when set — checked with a ping; unreachable is an error (one line with the
 *    URL and what was tried), never a silent fallback.
 * 2. Else a real `mongod` through mongodb-memory-server-core (a binary on PATH, in its
 *    cache, or downloaded once), with a persistent data directory for `serve`/`cli` and a
 *    throwaway one for `test`.
 * 3. Else — only when no `mongod` can be had — the offline stand-in, which keeps data only
 *    while this process runs.
 *
 * The choice is announced in one line through `notify` (stderr by default).
 */

export type MongoPurpose = 'serve' | 'cli' | 'test';

export interface ResolveMongoOptions {
  /** `serve` and `cli` keep data in `<dataDir>/mongo`; `test` uses a throwaway server. */
  purpose: MongoPurpose;
  env?: NodeJS.ProcessEnv;
  /** Default: `defaultDataDir()`. */
  dataDir?: string;
  /** Port for an embedded server; default: a free one. */
  port?: number;
  /** Receives the one-line announcement. Default: written to stderr. */
  notify?: (line: string) => void;
  /** How long to try `MONGO_URL` before calling it unreachable. Default 5 s. */
  timeoutMs?: number;
}

export interface ResolvedMongo {
  /** The URL to give `MongoClient` (credentials included when MONGO_URL had them). */
  readonly url: string;
  /** `external`: MONGO_URL; `mongod`: embedded real server; `standin`: the offline stand-in. */
  readonly kind: 'external' | 'mongod' | 'standin';
  /** True when data outlives this process. */
  readonly persistent: boolean;
  /** The data directory of an embedded persistent mongod. */
  readonly dataDir?: string;
  /** The announcement line (URL redacted). */
  readonly description: string;
  /** Stops an embedded server (no-op for MONGO_URL). */
  stop(): Promise<void>;
}

const stderrLine = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

export async function resolveMongo(opts: ResolveMongoOptions): Promise<Outcome<ResolvedMongo>> {
  const env = opts.env ?? process.env;
  const notify = opts.notify ?? stderrLine;
  const announce = (r: ResolvedMongo): Outcome<ResolvedMongo> => {
    notify(r.description);
    return success(r);
  };

  const fromEnv = env.MONGO_URL?.trim();
  if (fromEnv) {
    const probe = await probeMongo(fromEnv, { timeoutMs: opts.timeoutMs, source: 'MONGO_URL' });
    if (!probe.ok) return probe;
    const what = probe.value.standin ? 'the offline stand-in' : `MongoDB ${probe.value.version}`;
    return announce({
      url: fromEnv,
      kind: 'external',
      persistent: !probe.value.standin,
      description: `mongo: using MONGO_URL ${redactUrl(fromEnv)} (${what})`,
      stop: async () => undefined,
    });
  }

  const binary = await findMongod(env);
  let whyNotMongod = binary.ok ? '' : binary.message;
  if (binary.ok) {
    const persistent = opts.purpose !== 'test';
    const dataDir = persistent ? join(opts.dataDir ?? defaultDataDir(env), 'mongo') : undefined;
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    const dbPath = dataDir ?? mkdtempSync(join(tmpdir(), 'algo-mongod-'));
    try {
      // MongoInstance (mongodb-memory-server's process wrapper) rather than MongoMemoryServer,
      // which prints a warning of its own when a start fails.
      const port = opts.port ?? (await freePort());
      const instance = await withMongomsEnv(env, () =>
        MongoInstance.create({
          instance: { ip: '127.0.0.1', port, dbPath, storageEngine: 'wiredTiger' },
          binary: { systemBinary: binary.value },
        }),
      );
      const url = `mongodb://127.0.0.1:${port}`;
      return announce({
        url,
        kind: 'mongod',
        persistent,
        ...(dataDir ? { dataDir } : {}),
        description: `mongo: embedded mongod (${binary.value}) at ${url}, ${dataDir ? `data in ${dataDir}` : 'throwaway data'}`,
        stop: async () => {
          await instance.stop();
          if (!dataDir) rmSync(dbPath, { recursive: true, force: true });
        },
      });
    } catch (err) {
      if (!dataDir) rmSync(dbPath, { recursive: true, force: true });
      whyNotMongod = `mongod ${binary.value} did not start (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`;
    }
  }

  try {
    const standin = await startMongoStandin({ port: opts.port });
    return announce({
      url: standin.url,
      kind: 'standin',
      persistent: false,
      description: `mongo: no MONGO_URL and no real mongod here — ${whyNotMongod}; using the offline MongoDB stand-in at ${standin.url} (data lives only while this process runs)`,
      stop: () => standin.stop(),
    });
  } catch (err) {
    return failure('STORAGE_UNAVAILABLE', `mongo: no MONGO_URL, ${whyNotMongod}, and the offline stand-in could not listen${opts.port ? ` on port ${opts.port}` : ''}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
