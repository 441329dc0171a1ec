import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/**
 * `algo serve`'s configuration, from (highest first) command-line flags, environment
 * variables, a JSON config file, and the defaults below — one zod schema validates the
 * merged result, and a bad value is named by its source and field
 * (`ALGO_PORT: port: Too big: expected number to be <=65535`). See docs/OPERATIONS.md.
 */

const Port = z.coerce.number().int().min(0).max(65535);

export const ServeConfigSchema = z
  .object({
    /** interface to listen on; 127.0.0.1 unless you mean to expose it */
    host: z.string().min(1).default('127.0.0.1'),
    port: Port.default(7070),
    /** MongoDB URL; when absent, the embedded server (DESIGN.md §6) */
    mongoUrl: z.string().min(1).optional(),
    /** database name */
    mongoDb: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/).default('trading_platform'),
    redisUrl: z.string().min(1).optional(),
    /** where the embedded servers and the generated credentials key live (default $ALGO_DATA_DIR or ~/.algo/data) */
    dataDir: z.string().min(1).optional(),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** largest request body, bytes */
    bodyLimit: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
    /** register/login attempts per client address per window */
    authRateLimit: z
      .object({ max: z.coerce.number().int().min(1).default(10), windowMs: z.coerce.number().int().min(1000).default(60_000) })
      .default({ max: 10, windowMs: 60_000 }),
    /** days a login token lives (tokens from POST /auth/tokens choose their own) */
    tokenTtlDays: z.coerce.number().int().min(1).max(3650).default(90),
    /** emails of the accounts allowed to engage the global kill switch */
    admins: z.array(z.email()).default([]),
    backtests: z
      .object({
        /** worker processes running backtests */
        workers: z.coerce.number().int().min(1).max(64).default(1),
        /** runs waiting for a worker, in all; more is 429 */
        queueLimit: z.coerce.number().int().min(1).default(1000),
        /** runs waiting or running per user; more is 429 */
        perUserLimit: z.coerce.number().int().min(1).default(20),
        /** a run longer than this is stopped and FAILED */
        timeoutMs: z.coerce.number().int().min(1000).default(600_000),
      })
      .default({ workers: 1, queueLimit: 1000, perUserLimit: 20, timeoutMs: 600_000 }),
    /** seconds to let requests finish at shutdown before closing connections */
    shutdownGraceSeconds: z.coerce.number().min(0).max(600).default(10),
    /** trust X-Forwarded-For (behind a reverse proxy) */
    trustProxy: z.coerce.boolean().default(false),
  })
  .strict();
export type ServeConfig = z.infer<typeof ServeConfigSchema>;
export type ServeConfigInput = z.input<typeof ServeConfigSchema>;

/** Environment variables and the field each sets. */
export const CONFIG_ENV = {
  ALGO_HOST: 'host',
  ALGO_PORT: 'port',
  MONGO_URL: 'mongoUrl',
  ALGO_MONGO_DB: 'mongoDb',
  REDIS_URL: 'redisUrl',
  ALGO_DATA_DIR: 'dataDir',
  ALGO_LOG_LEVEL: 'logLevel',
  ALGO_BODY_LIMIT: 'bodyLimit',
  ALGO_TOKEN_TTL_DAYS: 'tokenTtlDays',
  ALGO_ADMINS: 'admins',
  ALGO_BACKTEST_WORKERS: 'backtests.workers',
  ALGO_BACKTEST_TIMEOUT_MS: 'backtests.timeoutMs',
  ALGO_AUTH_RATE_MAX: 'authRateLimit.max',
  ALGO_TRUST_PROXY: 'trustProxy',
} as const;

type Loose = Record<string, unknown>;

function setPath(target: Loose, path: string, value: unknown): void {
  const parts = path.split('.');
  let at = target;
  for (const p of parts.slice(0, -1)) at = (at[p] ??= {}) as Loose;
  at[parts.at(-1)!] = value;
}

function deepMerge(a: Loose, b: Loose): Loose {
  const out: Loose = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (v === undefined) continue;
    const prev = out[k];
    out[k] = prev && typeof prev === 'object' && !Array.isArray(prev) && v && typeof v === 'object' && !Array.isArray(v) ? deepMerge(prev as Loose, v as Loose) : v;
  }
  return out;
}

/** The fields the environment sets (ALGO_ADMINS is a comma-separated list). */
export function configFromEnv(env: NodeJS.ProcessEnv): Loose {
  const out: Loose = {};
  for (const [name, field] of Object.entries(CONFIG_ENV)) {
    const raw = env[name]?.trim();
    if (!raw) continue;
    setPath(out, field, name === 'ALGO_ADMINS' ? raw.split(',').map((s) => s.trim()).filter(Boolean) : name === 'ALGO_TRUST_PROXY' ? raw === 'true' || raw === '1' : raw);
  }
  return out;
}

export type ConfigResult = { config: ServeConfig; error?: undefined } | { config?: undefined; error: string };

function describe(error: z.ZodError, source: string): string {
  const i = error.issues[0];
  if (!i) return `${source}: invalid`;
  if (i.code === 'unrecognized_keys') return `${source}: unknown setting ${[...i.path, i.keys[0]].join('.')}`;
  const path = i.path.join('.');
  const envName = source === 'environment' ? Object.entries(CONFIG_ENV).find(([, f]) => f === path || path.startsWith(`${f}.`))?.[0] : undefined;
  return `${envName ?? source}: ${path || '(config)'}: ${i.message}`;
}

/**
 * Merges defaults ← config file ← environment ← flags and validates the result. Each layer
 * is checked alone first so an error names where the bad value came from. Never throws on
 * bad input: a missing or malformed file, or a bad value, comes back as `error`.
 */
export async function loadServeConfig(opts: { file?: string; env?: NodeJS.ProcessEnv; flags?: Loose } = {}): Promise<ConfigResult> {
  let fromFile: Loose = {};
  if (opts.file) {
    let text: string;
    try {
      text = await readFile(opts.file, 'utf8');
    } catch (e) {
      return { error: `config file ${opts.file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
    }
    try {
      fromFile = JSON.parse(text) as Loose;
    } catch (e) {
      return { error: `config file ${opts.file}: not valid JSON (${(e as Error).message})` };
    }
    if (!fromFile || typeof fromFile !== 'object' || Array.isArray(fromFile)) return { error: `config file ${opts.file}: expected a JSON object` };
  }
  const layers: Array<[string, Loose]> = [
    [`config file ${opts.file ?? ''}`.trim(), fromFile],
    ['environment', configFromEnv(opts.env ?? process.env)],
    ['command line', opts.flags ?? {}],
  ];
  let merged: Loose = {};
  for (const [source, layer] of layers) {
    merged = deepMerge(merged, layer);
    const r = ServeConfigSchema.safeParse(merged);
    if (!r.success) return { error: describe(r.error, source) };
  }
  return { config: ServeConfigSchema.parse(merged) };
}
