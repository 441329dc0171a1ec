import { z } from 'zod';
import type { AppContext } from '../context.js';
import { errorResponses } from '../errors.js';
import { IdParamsSchema, TimestampSchema } from '../schemas/common.js';
import { StartBodySchema, StopBodySchema, StrategyStateSchema } from '../schemas/strategies.js';
import { userOf } from '../server/auth.js';
import type { ZodApp } from '../server/zod-app.js';

const tags = ['live'];

const KillSwitchBodySchema = z.strictObject({
  /** `user` (default): your strategies; `global`: everyone's (administrators only) */
  scope: z.enum(['user', 'global']).default('user'),
  engaged: z.boolean(),
  reason: z.string().trim().min(1).max(500).optional(),
});
const KillSwitchViewSchema = z.object({
  scope: z.enum(['user', 'global']),
  engaged: z.boolean(),
  reason: z.string().optional(),
  at: TimestampSchema.optional(),
  by: z.string().optional(),
});

/**
 * Live control: start, stop and state of a strategy, and the kill switches. What these
 * routes write, and what the live engine reads, is listed in docs/ARCHITECTURE.md ("API ↔
 * live engine").
 */
export function registerLiveRoutes(app: ZodApp, ctx: AppContext): void {
  app.post(
    '/strategies/:id/start',
    {
      schema: {
        tags,
        summary: 'Start a strategy in paper (default) or live mode',
        description: 'Live mode needs broker credentials (PUT /broker/credentials). Refused while a kill switch is engaged. Starting a running strategy in the same mode changes nothing.',
        params: IdParamsSchema,
        body: StartBodySchema.optional(),
        response: { 200: StrategyStateSchema, ...errorResponses(404, 409) },
      },
    },
    async (req) => ctx.live.start(userOf(req).userId, req.params.id, req.body?.mode ?? 'paper', req.body?.options ?? {}),
  );

  app.post(
    '/strategies/:id/stop',
    {
      schema: {
        tags,
        summary: 'Stop a strategy: no new entries; the engine closes its positions',
        params: IdParamsSchema,
        body: StopBodySchema.optional(),
        response: { 200: StrategyStateSchema, ...errorResponses(404) },
      },
    },
    async (req) => ctx.live.stop(userOf(req).userId, req.params.id, req.body?.reason),
  );

  app.get(
    '/strategies/:id/state',
    {
      schema: {
        tags,
        summary: 'What was asked (MongoDB) and what the live engine reports (Redis): status, positions, today’s figures, kill switch',
        params: IdParamsSchema,
        response: { 200: StrategyStateSchema, ...errorResponses(404) },
      },
    },
    async (req) => ctx.live.state(userOf(req).userId, req.params.id),
  );

  app.post(
    '/kill-switch',
    {
      schema: {
        tags,
        summary: 'Engage or release a kill switch (halted: exits and cancels only)',
        body: KillSwitchBodySchema,
        response: { 200: KillSwitchViewSchema, ...errorResponses(403) },
      },
    },
    async (req) => {
      const v = await ctx.killSwitches.set(userOf(req).userId, req.body.scope, req.body.engaged, req.body.reason);
      return { ...v, at: v.at?.toISOString() };
    },
  );

  app.get(
    '/kill-switch',
    { schema: { tags, summary: 'The kill switches that apply to you', response: { 200: z.object({ switches: z.array(KillSwitchViewSchema) }), ...errorResponses() } } },
    async (req) => ({ switches: (await ctx.killSwitches.get(userOf(req).userId)).map((v) => ({ ...v, at: v.at?.toISOString() })) }),
  );
}
