import type { BacktestResultDoc } from '@algo/runtime';
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import { errorResponses } from '../errors.js';
import { IdParamsSchema } from '../schemas/common.js';
import { BacktestDetailSchema, BacktestListQuerySchema, BacktestListSchema, BacktestSummarySchema, CreateBacktestBodySchema } from '../schemas/backtests.js';
import { userOf } from '../server/auth.js';
import type { ZodApp } from '../server/zod-app.js';

const tags = ['backtests'];

function summary(d: Omit<BacktestResultDoc, 'trades' | 'equity'>, queuePosition?: number): z.input<typeof BacktestSummarySchema> {
  const rp = d.run_parameters as Record<string, unknown>;
  return {
    id: d._id,
    status: d.status,
    ...(d.progress !== undefined ? { progress: d.progress } : {}),
    ...(typeof rp.strategy_id_source === 'string' ? { strategy_id: rp.strategy_id_source } : {}),
    ...(typeof rp.strategy_version === 'number' ? { strategy_version: rp.strategy_version } : {}),
    ...(typeof rp.strategy_name === 'string' ? { strategy_name: rp.strategy_name } : {}),
    run_parameters: rp,
    ...(d.summary ? { summary: d.summary } : {}),
    ...(d.error ? { error: d.error } : {}),
    created_at: d.created_at.toISOString(),
    ...(d.finished_at ? { finished_at: d.finished_at.toISOString() } : {}),
    ...(queuePosition !== undefined ? { queue_position: queuePosition } : {}),
  };
}

/**
 * On-demand backtests. `POST` answers 202 at once with the RUNNING run; a worker process
 * runs it; follow it over the WebSocket (`{"type":"subscribe","topic":"backtest","id":…}`)
 * or poll `GET /backtests/:id`.
 */
export function registerBacktestRoutes(app: ZodApp, ctx: AppContext): void {
  app.post(
    '/backtests',
    {
      schema: {
        tags,
        summary: 'Run a backtest of a stored strategy (at a version) or of source, on synthetic or stored data',
        body: CreateBacktestBodySchema,
        response: { 202: BacktestSummarySchema, ...errorResponses(404, 422) },
      },
    },
    async (req, reply) => {
      const doc = await ctx.backtests.create(userOf(req).userId, req.body);
      return reply.status(202).send(summary(doc, ctx.backtests.queuePosition(doc._id)));
    },
  );

  app.get(
    '/backtests',
    { schema: { tags, summary: 'Your backtests, newest first (without trades and equity)', querystring: BacktestListQuerySchema, response: { 200: BacktestListSchema, ...errorResponses() } } },
    async (req) => ({ backtests: (await ctx.backtests.list(userOf(req).userId, req.query.limit)).map((d) => summary(d, ctx.backtests.queuePosition(d._id))) }),
  );

  app.get(
    '/backtests/:id',
    { schema: { tags, summary: 'One backtest with its strategy snapshot, summary, trades and equity curve', params: IdParamsSchema, response: { 200: BacktestDetailSchema, ...errorResponses(404) } } },
    async (req) => {
      const d = await ctx.backtests.get(userOf(req).userId, req.params.id);
      return {
        ...summary(d, ctx.backtests.queuePosition(d._id)),
        strategy_snapshot: d.strategy_snapshot as Record<string, unknown>,
        ...(d.trades ? { trades: d.trades } : {}),
        ...(d.equity ? { equity: d.equity } : {}),
      };
    },
  );
}
