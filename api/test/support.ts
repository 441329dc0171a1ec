import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { BACKTEST_RESULT_SCHEMAS, CredentialsCipher, openStorage, resolveMongo, resolveRedis, type ResolvedMongo, type ResolvedRedis, type Storage } from '@algo/runtime';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { ServeConfigSchema, type ServeConfigInput } from '../src/config.js';
import { createContext, type AppContext } from '../src/context.js';
import { createLogger } from '../src/observability/logger.js';
import { buildApp } from '../src/server/app.js';

/**
 * A real API for a test file: MongoDB as `resolveMongo` finds it (a database of its own,
 * dropped afterwards), a throwaway Redis, the app built over them, and every log line
 * captured in `logs` (tests grep it for secrets). `listen: true` also binds a port on
 * 127.0.0.1 so requests go over the wire.
 */
export interface ApiFixture {
  readonly app: FastifyInstance;
  readonly ctx: AppContext;
  readonly storage: Storage;
  readonly logs: string[];
  /** `http://127.0.0.1:port` when listening */
  readonly url: string;
  readonly redisUrl: string;
  /** the broker-credentials key (hex), to check it never leaks */
  readonly credentialsKey: string;
}

export function useApi(suite: string, opts: { listen?: boolean; config?: ServeConfigInput; cipher?: boolean } = {}): () => ApiFixture {
  let f: ApiFixture | undefined;
  let mongo: ResolvedMongo | undefined;
  let redis: ResolvedRedis | undefined;
  beforeAll(async () => {
    const m = await resolveMongo({ purpose: 'test', notify: () => undefined });
    if (!m.ok) throw new Error(m.message);
    mongo = m.value;
    const r = await resolveRedis({ purpose: 'test', notify: () => undefined });
    if (!r.ok) throw new Error(r.message);
    redis = r.value;
    const dbName = `test_api_${suite}_${process.pid}_${randomBytes(3).toString('hex')}`;
    const key = randomBytes(32);
    const cipher = opts.cipher === false ? undefined : CredentialsCipher.fromKey(key);
    const opened = await openStorage({ url: mongo.url, dbName, resultSchemas: BACKTEST_RESULT_SCHEMAS, ...(cipher ? { credentialsCipher: cipher } : {}) });
    if (!opened.ok) throw new Error(opened.message);
    const logs: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const config = ServeConfigSchema.parse({ port: 0, logLevel: 'debug', authRateLimit: { max: 10_000, windowMs: 60_000 }, ...opts.config });
    const log = createLogger(config.logLevel, sink);
    const ctx = createContext({ config, storage: opened.value, redisUrl: redis.url, log, mongo: { url: mongo.url, dbName } });
    const app = await buildApp(ctx);
    let url = '';
    if (opts.listen) {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const a = app.server.address();
      url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
    } else {
      await app.ready();
    }
    f = { app, ctx, storage: opened.value, logs, url, redisUrl: redis.url, credentialsKey: key.toString('hex') };
  });
  afterAll(async () => {
    if (f) {
      await f.app.close();
      await f.ctx.close();
      await f.storage.db.dropDatabase();
      await f.storage.close();
    }
    await redis?.stop();
    await mongo?.stop();
  });
  return () => {
    if (!f) throw new Error('api fixture used outside a test');
    return f;
  };
}

let counter = 0;

/** A unique email for this test process. */
export function email(tag = 'user'): string {
  return `${tag}-${process.pid}-${++counter}-${randomBytes(2).toString('hex')}@example.com`;
}

export const PASSWORD = 'correct horse battery staple';

/** Registers and logs in a user through the API; returns their token and id. */
export async function signUp(app: FastifyInstance, who = email()): Promise<{ token: string; email: string; userId: string }> {
  const reg = await app.inject({ method: 'POST', url: '/auth/register', payload: { email: who, password: PASSWORD } });
  if (reg.statusCode !== 201) throw new Error(`register: ${reg.statusCode} ${reg.body}`);
  const login = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: who, password: PASSWORD } });
  if (login.statusCode !== 200) throw new Error(`login: ${login.statusCode} ${login.body}`);
  return { token: login.json<{ token: string }>().token, email: who, userId: reg.json<{ user: { id: string } }>().user.id };
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** Polls `check` until it returns a value, or fails after `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined>, ms = 30_000, what = 'condition'): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
