import { SlippageSchema } from '@algo/compiler';
import { z } from 'zod';

/**
 * How the engine reaches its broker and market data — validated (zod) wherever it enters
 * (a config file, the environment). Every URL is configurable so the engine can be pointed
 * at a broker's sandbox or at the local fake servers (runtime/test/fakes) instead of
 * production. Defaults are production's.
 */
export const BrokerSettingsSchema = z.strictObject({
  /** Who takes the orders (default `paper`). */
  broker: z.enum(['paper', 'zerodha', 'upstox']).default('paper'),
  /** Where live prices come from: the broker's own feed by default; `paper` needs one named (or a replay). */
  feed: z.enum(['kite', 'upstox']).optional(),
  /** SEBI algo identifier to tag every order with, where the broker's API takes one. */
  algoId: z.string().min(1).max(50).optional(),
  paper: z.strictObject({ slippage: SlippageSchema.optional() }).default({}),
  zerodha: z
    .strictObject({
      root: z.url().default('https://api.kite.trade'),
      tickerUrl: z.url().default('wss://ws.kite.trade/'),
      loginUrl: z.url().default('https://kite.zerodha.com/connect/login'),
      timeoutMs: z.int().positive().default(7000),
      /** Form field carrying the algo id on order placement; null to send none. */
      algoIdField: z.string().min(1).nullable().default('algo_id'),
    })
    .default({ root: 'https://api.kite.trade', tickerUrl: 'wss://ws.kite.trade/', loginUrl: 'https://kite.zerodha.com/connect/login', timeoutMs: 7000, algoIdField: 'algo_id' }),
  upstox: z
    .strictObject({
      basePath: z.url().default('https://api.upstox.com'),
      orderBasePath: z.url().default('https://api-hft.upstox.com'),
      /** The redirect URI registered for the app (the login code is bound to it). */
      redirectUri: z.url().optional(),
      timeoutMs: z.int().positive().default(10_000),
    })
    .default({ basePath: 'https://api.upstox.com', orderBasePath: 'https://api-hft.upstox.com', timeoutMs: 10_000 }),
  /** The order-rate limit (brokers/rate-limit): per user and exchange segment. */
  rateLimit: z
    .strictObject({
      limitPerSecond: z.int().positive().default(10),
      burst: z.int().positive().default(5),
      marginMs: z.int().nonnegative().default(200),
      maxWaitMs: z.int().nonnegative().default(2000),
    })
    .default({ limitPerSecond: 10, burst: 5, marginMs: 200, maxWaitMs: 2000 }),
});
export type BrokerSettings = z.output<typeof BrokerSettingsSchema>;
export type BrokerSettingsInput = z.input<typeof BrokerSettingsSchema>;

/** Environment variables → settings (unset ones keep their defaults). */
export const BROKER_ENV = {
  ALGO_BROKER: 'broker',
  ALGO_FEED: 'feed',
  ALGO_SEBI_ALGO_ID: 'algoId',
  ALGO_KITE_ROOT: 'zerodha.root',
  ALGO_KITE_TICKER_URL: 'zerodha.tickerUrl',
  ALGO_KITE_LOGIN_URL: 'zerodha.loginUrl',
  ALGO_UPSTOX_BASE_URL: 'upstox.basePath',
  ALGO_UPSTOX_ORDER_URL: 'upstox.orderBasePath',
  ALGO_UPSTOX_REDIRECT_URI: 'upstox.redirectUri',
} as const;

/**
 * Settings from `base` (a config file's section) overlaid with the environment. Problems
 * come back as messages naming the variable or field — nothing throws.
 */
export function resolveBrokerSettings(base: BrokerSettingsInput = {}, env: Record<string, string | undefined> = process.env): { value?: BrokerSettings; errors: string[] } {
  const merged = structuredClone(base) as Record<string, unknown>;
  const from = new Map<string, string>();
  for (const [name, path] of Object.entries(BROKER_ENV)) {
    const v = env[name];
    if (v === undefined || v === '') continue;
    const [head, leaf] = path.split('.') as [string, string | undefined];
    if (leaf) merged[head] = { ...((merged[head] as Record<string, unknown> | undefined) ?? {}), [leaf]: v };
    else merged[head] = v;
    from.set(path, name);
  }
  const r = BrokerSettingsSchema.safeParse(merged);
  if (r.success) return { value: r.data, errors: [] };
  return {
    value: undefined,
    errors: r.error.issues.map((i) => {
      const path = i.path.join('.');
      return `${from.has(path) ? `${from.get(path)} (${path})` : `broker settings: ${path || '(root)'}`}: ${i.message}`;
    }),
  };
}
