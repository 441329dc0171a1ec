import { parseFeedMessage } from '@algo/runtime';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { z } from 'zod';
import { ApiError } from '../errors.js';
import { ClientMessageSchema, type ServerMessage } from '../schemas/ws.js';
import type { FeedHub } from './hub.js';

/** What a topic resolves to for one user: the channel to follow, the state to send first, and the schema of its events. */
export interface TopicFeed {
  readonly channel: string;
  readonly snapshot: Record<string, unknown>;
  readonly schema: z.ZodType<Record<string, unknown>>;
}

/** Resolves a subscription; throws ApiError NOT_FOUND for a missing or someone else's resource. */
export type TopicResolver = (userId: string, topic: 'strategy' | 'backtest', id: string) => Promise<TopicFeed>;

export interface SessionOptions {
  readonly hub: FeedHub;
  readonly resolve: TopicResolver;
  readonly log: Logger;
  /** most topics one socket may follow (default 100) */
  readonly maxSubscriptions?: number;
  readonly onChange?: (delta: number) => void;
}

/**
 * One authenticated WebSocket: reads client messages (malformed ones get an `error` frame,
 * never a crash or a closed socket), checks ownership of every topic it subscribes to
 * exactly as the HTTP routes do, forwards feed events, and unsubscribes everything when
 * the socket closes.
 */
export function attachSession(socket: WebSocket, userId: string, o: SessionOptions): void {
  const subs = new Map<string, () => Promise<void>>();
  const max = o.maxSubscriptions ?? 100;
  let closed = false;
  const send = (m: ServerMessage): void => {
    if (!closed && socket.readyState === socket.OPEN) socket.send(JSON.stringify(m));
  };
  const fail = (code: string, message: string): void => send({ type: 'error', code, message });

  socket.on('message', (data, isBinary) => {
    void (async () => {
      if (isBinary) return fail('BAD_REQUEST', 'send JSON text frames');
      let raw: unknown;
      try {
        raw = JSON.parse(String(data));
      } catch {
        return fail('BAD_REQUEST', 'a message must be JSON');
      }
      const parsed = ClientMessageSchema.safeParse(raw);
      if (!parsed.success) {
        const i = parsed.error.issues[0];
        return fail('BAD_REQUEST', `${i?.path.join('.') || 'message'}: ${i?.message ?? 'invalid'}`);
      }
      const m = parsed.data;
      if (m.type === 'ping') return send({ type: 'pong' });
      const key = `${m.topic}:${m.id}`;
      if (m.type === 'unsubscribe') {
        await subs.get(key)?.();
        subs.delete(key);
        return send({ type: 'unsubscribed', topic: m.topic, id: m.id });
      }
      if (subs.has(key)) return fail('CONFLICT', `already subscribed to ${m.topic} ${m.id}`);
      if (subs.size >= max) return fail('BAD_REQUEST', `a socket can follow at most ${max} topics`);
      let feed: TopicFeed;
      try {
        feed = await o.resolve(userId, m.topic, m.id);
      } catch (err) {
        if (err instanceof ApiError) return fail(err.code, err.message);
        o.log.error({ err }, 'websocket subscribe failed');
        return fail('INTERNAL', 'could not subscribe; try again');
      }
      const unsubscribe = await o.hub.subscribe(feed.channel, (message) => {
        const e = parseFeedMessage(feed.schema, message);
        if ('error' in e) o.log.warn({ channel: feed.channel, error: e.error }, 'dropped a malformed feed message');
        else send({ type: 'event', topic: m.topic, id: m.id, event: e.value });
      });
      if (closed) return void (await unsubscribe());
      subs.set(key, unsubscribe);
      send({ type: 'subscribed', topic: m.topic, id: m.id, snapshot: feed.snapshot });
    })().catch((err: unknown) => o.log.error({ err }, 'websocket message handling failed'));
  });

  o.onChange?.(1);
  socket.on('close', () => {
    closed = true;
    o.onChange?.(-1);
    for (const u of subs.values()) void u();
    subs.clear();
  });
}
