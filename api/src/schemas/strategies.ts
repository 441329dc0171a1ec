import { z } from 'zod';
import { ApiDiagnosticSchema } from '../errors.js';
import { IdSchema, ParamsSchema, SourceSchema, TimestampSchema } from './common.js';

/** Strategies: CRUD, push, versions, live control and state. */

/** Something the user should know that did not stop the request (a second strategy on one symbol, no engine running). */
export const WarningSchema = z.object({ code: z.string(), message: z.string() }).meta({ id: 'Warning' });
export type ApiWarning = z.infer<typeof WarningSchema>;

export const StrategySummarySchema = z
  .object({
    id: IdSchema,
    name: z.string(),
    asset_type: z.enum(['options', 'stocks']),
    /** what the compiled graph says it trades: `stocks`, `options` or `futures` */
    asset: z.string(),
    instruments: z.array(z.string()),
    timeframe: z.string(),
    version: z.int(),
    status: z.enum(['created', 'running', 'stopped']),
    mode: z.enum(['paper', 'live']),
    is_active: z.boolean(),
    source_hash: z.string().optional(),
    params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).optional(),
    created_at: TimestampSchema,
    updated_at: TimestampSchema,
  })
  .meta({ id: 'StrategySummary' });

export const StrategyDetailSchema = StrategySummarySchema.extend({
  source: z.string(),
  /** the rule graph (`algo.rulegraph/v1`) compiled on the server */
  config: z.record(z.string(), z.unknown()),
  indicators_config: z.record(z.string(), z.unknown()),
}).meta({ id: 'StrategyDetail' });

export const StrategyListSchema = z.object({ strategies: z.array(StrategySummarySchema) });

/** Create, push, and update all take source (compiled here — a client's graph is never accepted) and param overrides. */
export const SourceBodySchema = z.strictObject({
  source: SourceSchema,
  params: ParamsSchema.optional(),
});

export const SaveResponseSchema = z.object({
  strategy: StrategySummarySchema,
  /** true when this request created the strategy */
  created: z.boolean(),
  /** true when the source and params were what is stored already: no new version */
  unchanged: z.boolean(),
  previous_version: z.int().optional(),
  /** the compiler's warnings (errors refuse the request with 422) */
  diagnostics: z.array(ApiDiagnosticSchema),
  warnings: z.array(WarningSchema),
});

export const VersionInfoSchema = z.object({
  version: z.int(),
  source_hash: z.string().optional(),
  params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).optional(),
  compiler_version: z.string().optional(),
  created_at: TimestampSchema,
});
export const VersionListSchema = z.object({ versions: z.array(VersionInfoSchema) });
export const VersionParamsSchema = z.object({ id: IdSchema, version: z.coerce.number().int().min(1) });
export const VersionDetailSchema = VersionInfoSchema.extend({ source: z.string(), config: z.record(z.string(), z.unknown()) });

export const StartBodySchema = z.strictObject({
  mode: z.enum(['paper', 'live']).default('paper'),
  /** passed to the live engine as given, e.g. `{ "replay": "2024-01-15", "speed": 60 }` */
  options: z.record(z.string().max(64), z.union([z.string().max(200), z.number(), z.boolean()])).optional(),
});
export const StopBodySchema = z.strictObject({ reason: z.string().max(500).optional() });

const KillSwitchInfo = z.object({ scope: z.enum(['global', 'user']), reason: z.string(), at: TimestampSchema, by: z.string().optional() });

/** What the API knows about a strategy's live life: what was asked (MongoDB) and what the engine reports (Redis). */
export const StrategyStateSchema = z
  .object({
    id: IdSchema,
    name: z.string(),
    version: z.int(),
    /** what was last asked for (MongoDB) */
    status: z.enum(['created', 'running', 'stopped']),
    mode: z.enum(['paper', 'live']),
    /** what the engine reports in `state:{asset}:{id}:status`; absent until it picks the strategy up */
    engine: z
      .object({
        state: z.string().optional(),
        trading: z.string().optional(),
        mode: z.string().optional(),
        message: z.string().optional(),
        last_bar: z.number().optional(),
        updated_at: z.number().optional(),
      })
      .optional(),
    /** whether a live engine is alive (its heartbeat in `system:state` is fresh) */
    engine_online: z.boolean(),
    positions: z.array(z.record(z.string(), z.unknown())),
    /** today's counters from `stats:daily:{id}` (trades, pnl, …) */
    daily: z.record(z.string(), z.number()),
    kill_switch: KillSwitchInfo.optional(),
    warnings: z.array(WarningSchema),
  })
  .meta({ id: 'StrategyState' });

export const LogEntrySchema = z.object({
  at: TimestampSchema,
  level: z.string(),
  component: z.string(),
  message: z.string(),
  context: z.record(z.string(), z.unknown()).optional(),
});
export const LogListSchema = z.object({ logs: z.array(LogEntrySchema) });
export const LogQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });
