import { z } from 'zod';
import { IdSchema } from './common.js';

/**
 * The WebSocket protocol of `GET /ws`, as JSON text frames.
 *
 * Client → server:
 *   { "type": "subscribe",   "topic": "strategy" | "backtest", "id": "…" }
 *   { "type": "unsubscribe", "topic": "strategy" | "backtest", "id": "…" }
 *   { "type": "ping" }
 * Server → client:
 *   { "type": "subscribed", "topic", "id", "snapshot": {…} }   current state first
 *   { "type": "event", "topic", "id", "event": {…} }           then each change
 *   { "type": "unsubscribed", "topic", "id" }
 *   { "type": "error", "code", "message" }                       the socket stays open
 *   { "type": "pong" }
 * A strategy's events are the live engine's `StrategyFeedEvent`s (signal, order, position,
 * pnl, status, log); a backtest's are `BacktestFeedEvent`s (progress, completed, failed).
 */

export const TopicSchema = z.enum(['strategy', 'backtest']);

export const ClientMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('subscribe'), topic: TopicSchema, id: IdSchema }),
  z.strictObject({ type: z.literal('unsubscribe'), topic: TopicSchema, id: IdSchema }),
  z.strictObject({ type: z.literal('ping') }),
]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

export const ServerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribed'), topic: TopicSchema, id: z.string(), snapshot: z.record(z.string(), z.unknown()) }),
  z.object({ type: z.literal('event'), topic: TopicSchema, id: z.string(), event: z.record(z.string(), z.unknown()) }),
  z.object({ type: z.literal('unsubscribed'), topic: TopicSchema, id: z.string() }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
  z.object({ type: z.literal('pong') }),
]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;
