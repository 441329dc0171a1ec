import { hostname } from 'node:os';
import { z } from 'zod';

/**
 * The live engine's settings, validated where they enter (a config object, the
 * environment, `algo worker` flags). Everything has a default: `algo serve` runs the four
 * workers in one process with no extra configuration.
 */

/** The four workers of seed 003, in pipeline order. */
export const LIVE_ROLES = ['ingest', 'indicators', 'evaluation', 'execution'] as const;
export type LiveRole = (typeof LIVE_ROLES)[number];

/**
 * Limits execution checks before every new entry, on top of the strategy's own
 * (`max_positions`, `max_daily_loss`, `max_trades_per_day`, which its core enforces). Exits,
 * stops and cancels are never refused.
 */
export const RiskLimitsSchema = z.strictObject({
  /** most a single order may be worth (quantity × last price), in the instrument's currency */
  maxOrderValue: z.number().positive().optional(),
  /** most units held in one contract by one strategy */
  maxPositionQty: z.int().positive().optional(),
  /** most positions one strategy holds at once */
  maxOpenPositions: z.int().positive().optional(),
  /** a strategy's realised loss today at which it takes no new entries (a positive amount) */
  maxDailyLoss: z.number().positive().optional(),
  /** most entries one strategy sends in a day */
  maxTradesPerDay: z.int().positive().optional(),
});
export type RiskLimits = z.infer<typeof RiskLimitsSchema>;

const CONSUMER = /^[A-Za-z0-9_.:@-]{1,100}$/;

export const LiveEngineConfigSchema = z.strictObject({
  /** which workers this process runs (all four by default) */
  roles: z.array(z.enum(LIVE_ROLES)).min(1).default([...LIVE_ROLES]),
  /** this process's name in every consumer group (default `<host>:<pid>`) */
  consumer: z.string().regex(CONSUMER, 'letters, digits and _ . : @ - (up to 100)').optional(),
  /** ingest: the share of live-feed instruments this process subscribes (`index` of `count`, by a hash of the instrument key) */
  partition: z.strictObject({ index: z.int().nonnegative(), count: z.int().positive() }).refine((p) => p.index < p.count, 'index must be below count').default({ index: 0, count: 1 }),
  risk: RiskLimitsSchema.default({}),
  /** how often `system:state` is rewritten (the API wants it at least every 10 s) */
  heartbeatMs: z.int().positive().max(10_000).default(5_000),
  /** how long a single-consumer role (or a replay) stays with a process that stopped renewing it */
  leaseMs: z.int().min(500).default(5_000),
  /** live feed: how long after a bar's end it is closed when no later tick came */
  barCloseGraceMs: z.int().nonnegative().default(1_500),
  /**
   * how long an order may wait for MongoDB to take its intent before it is sent anyway — the
   * intent is already durable in Redis (the order book and the outbox) before that write
   */
  mongoTimeoutMs: z.int().positive().default(200),
  /** how long a stream read blocks waiting for entries */
  blockMs: z.int().positive().default(1_000),
  /** how often ingest looks for new or finished runs */
  runsPollMs: z.int().positive().default(500),
});
export type LiveEngineConfig = z.output<typeof LiveEngineConfigSchema>;
export type LiveEngineConfigInput = z.input<typeof LiveEngineConfigSchema>;

/** Environment variables → engine timings. */
export const LIVE_TIMING_ENV = {
  ALGO_LIVE_LEASE_MS: 'leaseMs',
  ALGO_LIVE_HEARTBEAT_MS: 'heartbeatMs',
  ALGO_LIVE_BAR_CLOSE_GRACE_MS: 'barCloseGraceMs',
} as const;

/** Environment variables → risk limits (unset ones stay unset). */
export const LIVE_RISK_ENV = {
  ALGO_LIVE_MAX_ORDER_VALUE: 'maxOrderValue',
  ALGO_LIVE_MAX_POSITION_QTY: 'maxPositionQty',
  ALGO_LIVE_MAX_OPEN_POSITIONS: 'maxOpenPositions',
  ALGO_LIVE_MAX_DAILY_LOSS: 'maxDailyLoss',
  ALGO_LIVE_MAX_TRADES_PER_DAY: 'maxTradesPerDay',
} as const;

/**
 * The engine's settings from `base` overlaid with the environment's risk limits and timings. Problems
 * come back as one line each, naming the variable or field — nothing throws.
 */
export function resolveLiveConfig(base: LiveEngineConfigInput = {}, env: Record<string, string | undefined> = process.env): { value?: LiveEngineConfig; errors: string[] } {
  const risk: Record<string, unknown> = { ...(base.risk ?? {}) };
  const errors: string[] = [];
  for (const [name, field] of Object.entries(LIVE_RISK_ENV)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) errors.push(`${name}: ${JSON.stringify(raw)} is not a positive number`);
    else risk[field] = n;
  }
  const timing: Record<string, number> = {};
  for (const [name, field] of Object.entries(LIVE_TIMING_ENV)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) errors.push(`${name}: ${JSON.stringify(raw)} is not a whole number of milliseconds`);
    else timing[field] = n;
  }
  if (errors.length) return { errors };
  const r = LiveEngineConfigSchema.safeParse({ ...base, ...timing, risk });
  if (r.success) return { value: r.data, errors: [] };
  return { errors: r.error.issues.map((i) => `live engine: ${i.path.join('.') || '(root)'}: ${i.message}`) };
}

/** This process's default consumer name. */
export function defaultConsumer(): string {
  return `${hostname().replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 60)}:${process.pid}`;
}
