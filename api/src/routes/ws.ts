import { BacktestFeedEventSchema, StrategyFeedEventSchema, redisKeys } from '@algo/runtime';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { errorResponses } from '../errors.js';
import { userOf } from '../server/auth.js';
import type { ZodApp } from '../server/zod-app.js';
import { attachSession, type TopicResolver } from '../ws/session.js';

/**
 * `GET /ws`: the WebSocket. Authenticated like every route (the `Authorization` header, or
 * the subprotocols `["algo.bearer", "<token>"]` for browsers); then the client subscribes
 * to its strategies (signals, orders, positions, P&L, status — what the live engine
 * publishes on `feed:strategy:{id}`) and its backtests (progress). The protocol is in
 * `schemas/ws.ts` and docs/ARCHITECTURE.md.
 */
export function registerWsRoute(app: ZodApp, ctx: AppContext): void {
  const resolve: TopicResolver = async (userId, topic, id) => {
    if (topic === 'strategy') {
      const state = await ctx.live.state(userId, id);
      return { channel: redisKeys.strategyFeed(id), snapshot: state as Record<string, unknown>, schema: StrategyFeedEventSchema };
    }
    const run = await ctx.backtests.get(userId, id);
    return {
      channel: redisKeys.backtestFeed(id),
      snapshot: { status: run.status, progress: run.progress ?? 0, ...(run.error ? { error: run.error } : {}), ...(run.summary ? { summary: run.summary } : {}) },
      schema: BacktestFeedEventSchema,
    };
  };

  const handler = (socket: WebSocket, req: FastifyRequest): void => {
    const { userId } = userOf(req);
    attachSession(socket, userId, {
      hub: ctx.feeds,
      resolve,
      log: req.log as unknown as Logger,
      onChange: (d) => {
        ctx.metrics.websockets += d;
      },
    });
    const ping = setInterval(() => socket.ping(), 30_000);
    socket.on('close', () => clearInterval(ping));
  };

  app.get(
    '/ws',
    {
      websocket: true,
      schema: {
        tags: ['live'],
        summary: 'WebSocket: follow your strategies (signals, orders, positions, P&L) and backtests (progress)',
        description:
          'Upgrade with `Authorization: Bearer <token>` (or subprotocols `algo.bearer`, `<token>`). Send `{"type":"subscribe","topic":"strategy"|"backtest","id":"…"}`; receive `{"type":"subscribed","snapshot":{…}}`, then `{"type":"event","event":{…}}` for each change. Malformed messages get `{"type":"error"}` and the socket stays open.',
        response: { 101: z.undefined().describe('Switching Protocols'), ...errorResponses() },
      },
    } as never,
    handler as never,
  );
}
