import { z } from 'zod';
import { DATA_SPEC } from '../backtests/job.js';
import { IdSchema, ParamsSchema, SourceSchema, TimestampSchema } from './common.js';

/** On-demand backtests: `POST /backtests`, `GET /backtests`, `GET /backtests/:id`. */

const DateSchema = z.iso.date('a date YYYY-MM-DD');

export const CreateBacktestBodySchema = z
  .strictObject({
    /** a stored strategy … */
    strategy_id: IdSchema.optional(),
    /** … at this version (default: the current one) */
    version: z.int().min(1).optional(),
    /** … or source to compile and run without storing it */
    source: SourceSchema.optional(),
    params: ParamsSchema.optional(),
    /** where the bars come from, per instrument: `synth`, `synth:SYMBOL`, `mongo`, `mongo:SYMBOL` */
    data: z.array(z.string().regex(DATA_SPEC, 'synth, synth:SYMBOL, mongo or mongo:SYMBOL')).min(1).max(50),
    from: DateSchema.optional(),
    to: DateSchema.optional(),
    /** seed of synthetic data */
    seed: z.int().min(0).max(2 ** 31 - 1).optional(),
  })
  .refine((b) => (b.strategy_id === undefined) !== (b.source === undefined), { message: 'give either strategy_id or source', path: ['strategy_id'] })
  .refine((b) => b.version === undefined || b.strategy_id !== undefined, { message: 'version needs a strategy_id', path: ['version'] })
  .refine((b) => !b.from || !b.to || b.from <= b.to, { message: 'from is after to', path: ['from'] })
  .refine((b) => !b.from || !b.to || Date.parse(b.to) - Date.parse(b.from) <= 3660 * 86_400_000, { message: 'a backtest covers at most 10 years', path: ['to'] });
export type CreateBacktestBody = z.infer<typeof CreateBacktestBodySchema>;

export const BacktestSummarySchema = z
  .object({
    id: IdSchema,
    status: z.enum(['RUNNING', 'COMPLETED', 'FAILED']),
    progress: z.number().optional(),
    strategy_id: z.string().optional(),
    strategy_version: z.int().optional(),
    strategy_name: z.string().optional(),
    run_parameters: z.record(z.string(), z.unknown()),
    summary: z.record(z.string(), z.unknown()).optional(),
    error: z.string().optional(),
    created_at: TimestampSchema,
    finished_at: TimestampSchema.optional(),
    /** runs ahead of this one in the queue (when it has not started) */
    queue_position: z.int().optional(),
  })
  .meta({ id: 'BacktestSummary' });

export const BacktestDetailSchema = BacktestSummarySchema.extend({
  strategy_snapshot: z.record(z.string(), z.unknown()),
  trades: z.array(z.unknown()).optional(),
  equity: z.array(z.unknown()).optional(),
}).meta({ id: 'BacktestDetail' });

export const BacktestListSchema = z.object({ backtests: z.array(BacktestSummarySchema) });
export const BacktestListQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });
