import { randomUUID } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import { redisKeys } from '@algo/runtime';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { registerAuthRoutes, registerTokenRoutes } from '../routes/auth.js';
import { registerBacktestRoutes } from '../routes/backtests.js';
import { registerBrokerRoutes } from '../routes/broker.js';
import { registerHealthRoutes } from '../routes/health.js';
import { registerLiveRoutes } from '../routes/live.js';
import { registerStrategyRoutes } from '../routes/strategies.js';
import { registerWsRoute } from '../routes/ws.js';
import { API_VERSION } from '../version.js';
import { bearerAuth, WS_BEARER_PROTOCOL } from './auth.js';
import { errorHandler } from './error-handler.js';
import type { ZodApp } from './zod-app.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Builds the API server (not listening): Fastify with the zod type provider (every route
 * validates its request and serializes its response through zod), the OpenAPI document
 * generated from those schemas with a UI at `/docs`, request ids (`x-request-id`, echoed
 * back), the rate limiter (kept in Redis so every API process shares it), WebSocket, the
 * public routes, and — behind bearer auth — everything else.
 */
export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log,
    bodyLimit: ctx.config.bodyLimit,
    trustProxy: ctx.config.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
    routerOptions: { maxParamLength: 200 },
    // routing errors (a bad URL, a path parameter over maxParamLength) get the same error body as everything else
    frameworkErrors: (err, req, reply) => errorHandler(err, req, reply),
    forceCloseConnections: 'idle',
    ajv: { customOptions: { coerceTypes: false } },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0]}`, request_id: String(req.id) } });
  });
  app.addHook('onSend', async (req, reply) => {
    void reply.header('x-request-id', String(req.id));
  });
  app.addHook('onResponse', async (req, reply) => {
    ctx.metrics.observe(req.method, req.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Algo management API',
        version: API_VERSION,
        description:
          'Accounts and API tokens, versioned strategies (`POST /strategies/push` compiles `.algo` source on the server), on-demand backtests, live control, broker credentials, kill switches, and a WebSocket stream. Every route except register, login, health and these docs needs `Authorization: Bearer <token>`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'an API token from POST /auth/login or POST /auth/tokens' } } },
      tags: ['auth', 'strategies', 'live', 'backtests', 'broker', 'system'].map((name) => ({ name })),
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(rateLimit, {
    global: false,
    redis: ctx.redis,
    nameSpace: redisKeys.authRateLimitPrefix(),
    skipOnError: true,
    errorResponseBuilder: (_req, c) => new ApiError('RATE_LIMITED', `too many attempts; try again in ${Math.ceil(c.ttl / 1000)} s`),
  });
  await app.register(websocket, {
    options: {
      maxPayload: 64 * 1024,
      handleProtocols: (protocols: Set<string>) => (protocols.has(WS_BEARER_PROTOCOL) ? WS_BEARER_PROTOCOL : false),
    },
  });

  const zapp = app as unknown as ZodApp;
  registerHealthRoutes(zapp, ctx);
  registerAuthRoutes(zapp, ctx);
  await app.register(async (protectedScope) => {
    protectedScope.addHook('onRoute', (route) => {
      // @fastify/websocket hides its routes from the OpenAPI document; /ws is part of the API, so it is shown.
      route.schema = { ...route.schema, security: [{ bearer: [] }], ...(route.websocket ? { hide: false } : {}) };
    });
    protectedScope.addHook('onRequest', bearerAuth(ctx.auth));
    const p = protectedScope as unknown as ZodApp;
    registerTokenRoutes(p, ctx);
    registerStrategyRoutes(p, ctx);
    registerLiveRoutes(p, ctx);
    registerBacktestRoutes(p, ctx);
    registerBrokerRoutes(p, ctx);
    registerWsRoute(p, ctx);
    p.get('/metrics', { schema: { tags: ['system'], summary: 'Prometheus metrics: requests, latencies, running strategies, backtests', response: { 200: { description: 'Prometheus text exposition format 0.0.4', content: { 'text/plain': { schema: z.string() } } } } } }, async (_req, reply) => {
      void reply.type('text/plain; version=0.0.4; charset=utf-8');
      return ctx.metrics.registry.render();
    });
  });
  return app as unknown as FastifyInstance;
}
