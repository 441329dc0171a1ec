import { z } from 'zod';
import type { AppContext } from '../context.js';
import { ApiError, errorResponses } from '../errors.js';
import { IdParamsSchema, OkSchema } from '../schemas/common.js';
import {
  LogListSchema,
  LogQuerySchema,
  SaveResponseSchema,
  SourceBodySchema,
  StrategyDetailSchema,
  StrategyListSchema,
  VersionDetailSchema,
  VersionListSchema,
  VersionParamsSchema,
} from '../schemas/strategies.js';
import { userOf } from '../server/auth.js';
import type { ZodApp } from '../server/zod-app.js';
import type { SaveOutcome } from '../strategies/service.js';
import { toDetail, toSummary } from '../strategies/view.js';

function saved(o: SaveOutcome): z.input<typeof SaveResponseSchema> {
  return {
    strategy: toSummary(o.strategy),
    created: o.created,
    unchanged: o.unchanged,
    ...(o.previousVersion !== undefined ? { previous_version: o.previousVersion } : {}),
    diagnostics: o.diagnostics,
    warnings: o.warnings,
  };
}

const tags = ['strategies'];

/**
 * Strategies: list, create, get, update, delete, push, versions and logs. Every lookup is
 * scoped to the caller: another user's strategy is a 404, exactly like a missing one.
 */
export function registerStrategyRoutes(app: ZodApp, ctx: AppContext): void {
  app.get('/strategies', { schema: { tags, summary: 'Your strategies, by name', response: { 200: StrategyListSchema, ...errorResponses() } } }, async (req) => {
    return { strategies: (await ctx.strategies.list(userOf(req).userId)).map(toSummary) };
  });

  app.post(
    '/strategies',
    {
      schema: {
        tags,
        summary: 'Create a strategy from .algo source (compiled on the server)',
        body: SourceBodySchema,
        response: { 201: SaveResponseSchema, ...errorResponses(409, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(saved(await ctx.strategies.create(userOf(req).userId, req.body.source, req.body.params))),
  );

  app.post(
    '/strategies/push',
    {
      schema: {
        tags,
        summary: 'algo push: compile the source, and store it as the next version of the strategy it names (or a new strategy)',
        description:
          'The server compiles the source — a graph from the client is never accepted. Errors refuse the push with 422 and the diagnostics (line, column, code, message); nothing is stored. Otherwise the strategy gets a new version (the old one stays in its versions), its config is written through to Redis, and a running strategy is told to reload. Pushing exactly what is stored changes nothing (`unchanged: true`).',
        body: SourceBodySchema,
        response: { 200: SaveResponseSchema, 201: SaveResponseSchema, ...errorResponses(409, 422) },
      },
    },
    async (req, reply) => {
      const o = await ctx.strategies.push(userOf(req).userId, req.body.source, req.body.params);
      return reply.status(o.created ? 201 : 200).send(saved(o));
    },
  );

  app.get(
    '/strategies/:id',
    { schema: { tags, summary: 'A strategy with its source and rule graph', params: IdParamsSchema, response: { 200: StrategyDetailSchema, ...errorResponses(404) } } },
    async (req) => toDetail(await ctx.strategies.get(userOf(req).userId, req.params.id)),
  );

  app.put(
    '/strategies/:id',
    {
      schema: {
        tags,
        summary: 'New source for this strategy (a new version; a changed strategy name renames it)',
        params: IdParamsSchema,
        body: SourceBodySchema,
        response: { 200: SaveResponseSchema, ...errorResponses(404, 409, 422) },
      },
    },
    async (req) => saved(await ctx.strategies.update(userOf(req).userId, req.params.id, req.body.source, req.body.params)),
  );

  app.delete(
    '/strategies/:id',
    { schema: { tags, summary: 'Delete a stopped strategy and its versions', params: IdParamsSchema, response: { 200: OkSchema, ...errorResponses(404, 409) } } },
    async (req) => {
      await ctx.strategies.delete(userOf(req).userId, req.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/strategies/:id/versions',
    { schema: { tags, summary: 'Every version of a strategy, newest first', params: IdParamsSchema, response: { 200: VersionListSchema, ...errorResponses(404) } } },
    async (req) => {
      const s = await ctx.strategies.get(userOf(req).userId, req.params.id);
      const versions = await ctx.storage.strategyVersions.list(s._id);
      return {
        versions: versions.map((v) => ({
          version: v.version,
          ...(v.source_hash ? { source_hash: v.source_hash } : {}),
          ...(v.params ? { params: v.params } : {}),
          ...(v.compiler_version ? { compiler_version: v.compiler_version } : {}),
          created_at: v.created_at.toISOString(),
        })),
      };
    },
  );

  app.get(
    '/strategies/:id/versions/:version',
    { schema: { tags, summary: 'One version: its source and rule graph', params: VersionParamsSchema, response: { 200: VersionDetailSchema, ...errorResponses(404) } } },
    async (req) => {
      const s = await ctx.strategies.get(userOf(req).userId, req.params.id);
      const v = await ctx.storage.strategyVersions.get(s._id, req.params.version);
      if (!v) throw new ApiError('NOT_FOUND', `"${s.set_name}" has no version ${req.params.version}`);
      return {
        version: v.version,
        ...(v.source_hash ? { source_hash: v.source_hash } : {}),
        ...(v.params ? { params: v.params } : {}),
        ...(v.compiler_version ? { compiler_version: v.compiler_version } : {}),
        created_at: v.created_at.toISOString(),
        source: v.source,
        config: v.config,
      };
    },
  );

  app.get(
    '/strategies/:id/logs',
    {
      schema: {
        tags: ['live'],
        summary: 'Recent log entries of a strategy (system_logs), newest first',
        params: IdParamsSchema,
        querystring: LogQuerySchema,
        response: { 200: LogListSchema, ...errorResponses(404) },
      },
    },
    async (req) => {
      const s = await ctx.strategies.get(userOf(req).userId, req.params.id);
      const logs = await ctx.storage.systemLogs.query({ set_id: s._id, limit: req.query.limit });
      return {
        logs: logs.map((l) => ({ at: l.timestamp.toISOString(), level: l.level, component: l.component, message: l.message, ...(l.context ? { context: l.context } : {}) })),
      };
    },
  );
}
