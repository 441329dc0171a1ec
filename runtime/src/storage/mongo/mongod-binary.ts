import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { DryMongoBinary, MongoBinary } from 'mongodb-memory-server-core';
import { failure, success } from '../outcome.js';
import type { Outcome } from '../outcome.js';

/**
 * Finding a real `mongod` for mongodb-memory-server without surprises: a binary named by
 * `MONGOMS_SYSTEM_BINARY`, a `mongod` on PATH, or one mongodb-memory-server downloaded
 * before — and only then a download, tried once (no retries, so an offline machine learns
 * "no" in milliseconds rather than after a back-off). `MONGOMS_RUNTIME_DOWNLOAD=false`
 * skips the download.
 */

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function downloadDisabled(env: NodeJS.ProcessEnv): boolean {
  const v = (env.MONGOMS_RUNTIME_DOWNLOAD ?? '').toLowerCase();
  return v === 'false' || v === '0' || v === 'no' || v === 'off';
}

/**
 * mongodb-memory-server reads its settings (`MONGOMS_*`, and HOME for its cache) from
 * `process.env`. When the caller passes another environment (tests do), those keys are
 * laid over `process.env` for the duration of `fn` and restored after; with
 * `process.env` itself only the retry limit and the version-check warning are set, when
 * the user has not set them.
 */
export async function withMongomsEnv<T>(env: NodeJS.ProcessEnv, fn: () => Promise<T>): Promise<T> {
  const overlay: Record<string, string | undefined> = {};
  if (env !== process.env) {
    for (const k of Object.keys(process.env)) if (k.startsWith('MONGOMS_')) overlay[k] = undefined;
    for (const [k, v] of Object.entries(env)) if (k.startsWith('MONGOMS_')) overlay[k] = v;
    overlay.HOME = env.HOME;
  }
  // mongodb-memory-server counts attempts, not retries: 1 is a single try with no back-off.
  overlay.MONGOMS_MAX_RETRIES = env.MONGOMS_MAX_RETRIES ?? '1';
  // Any mongod will do; its version differing from the package's default is not worth a warning.
  overlay.MONGOMS_SYSTEM_BINARY_VERSION_CHECK = env.MONGOMS_SYSTEM_BINARY_VERSION_CHECK ?? 'false';
  const saved = new Map<string, string | undefined>();
  for (const [k, v] of Object.entries(overlay)) {
    saved.set(k, process.env[k]);
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return await fn();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** The path of a usable `mongod`, or a one-phrase reason why there is none. */
export async function findMongod(env: NodeJS.ProcessEnv = process.env): Promise<Outcome<string>> {
  const system = env.MONGOMS_SYSTEM_BINARY || onPath('mongod', env);
  if (system) return success(system);
  return withMongomsEnv(env, async () => {
    try {
      const cached = await DryMongoBinary.locateBinary(await DryMongoBinary.generateOptions({}));
      if (cached) return success(cached);
    } catch {
      // an unreadable cache is the same as an empty one
    }
    if (downloadDisabled(env)) return failure('STORAGE_UNAVAILABLE', 'no mongod on PATH or in the mongodb-memory-server cache, and MONGOMS_RUNTIME_DOWNLOAD=false');
    try {
      return success(await MongoBinary.getPath());
    } catch (err) {
      const detail = err instanceof Error ? err.message.replace(/\s+/g, ' ').trim() : String(err);
      const short = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ENETUNREACH/.exec(detail)?.[0];
      return failure('STORAGE_UNAVAILABLE', `no mongod on PATH or in the cache, and downloading one failed (${short ?? detail.slice(0, 160)})`);
    }
  });
}
