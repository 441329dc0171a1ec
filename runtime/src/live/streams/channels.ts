import type { Redis } from 'ioredis';
import { LiveControlSchema, type LiveControl } from '../../redis/keyspace/control.js';
import type { WriteRecipe } from '../../redis/keyspace/codec.js';
import { redisKeys } from '../../redis/keyspace/keys.js';
import { StreamChannel } from '../../redis/keyspace/streams.js';
import { OutboxEntrySchema, type OutboxEntry } from '../recorder/outbox-entry.js';
import { encode } from '../../redis/keyspace/codec.js';
import { CandleEventSchema, IntentMessageSchema, OrderEventMessageSchema, TickEventSchema, type CandleEvent, type IntentMessage, type OrderEventMessage, type TickEvent } from './messages.js';

/**
 * The streams the live engine reads and writes, each typed by its message schema, on one
 * connection (give every blocking reader its own `channels(blocking)`). Keys come from the
 * keyspace; `stream:signals` and `stream:orders` are the keyspace's own streams, read here
 * with the engine's richer (compatible) message schemas.
 */
export interface LiveChannels {
  readonly ticks: StreamChannel<TickEvent>;
  readonly candles: StreamChannel<CandleEvent>;
  readonly signals: StreamChannel<IntentMessage>;
  readonly orders: StreamChannel<OrderEventMessage>;
  readonly control: StreamChannel<LiveControl>;
  readonly outbox: StreamChannel<OutboxEntry>;
}

export function liveChannels(redis: Redis): LiveChannels {
  return {
    ticks: new StreamChannel(redis, redisKeys.tickStream(), TickEventSchema),
    candles: new StreamChannel(redis, redisKeys.candleStream(), CandleEventSchema),
    signals: new StreamChannel(redis, redisKeys.signalStream(), IntentMessageSchema),
    orders: new StreamChannel(redis, redisKeys.orderStream(), OrderEventMessageSchema),
    control: new StreamChannel(redis, redisKeys.controlStream(), LiveControlSchema),
    outbox: new StreamChannel(redis, redisKeys.outboxStream(), OutboxEntrySchema),
  };
}

/** Consumer groups of the engine: one per role on each stream it reads (followers add their own). */
export const GROUPS = {
  ticks: ['execution'],
  candles: ['indicators', 'evaluation'],
  signals: ['execution'],
  orders: ['evaluation'],
  control: ['indicators', 'evaluation', 'execution'],
  outbox: ['recorder'],
} as const;

/**
 * Creates every group of the engine if missing. Engine streams start their groups at the
 * end (`$`: an engine process creates them before it publishes anything); the control
 * stream at the beginning, so commands the API sent before any engine ran are read.
 */
export async function ensureGroups(ch: LiveChannels): Promise<void> {
  for (const [name, groups] of Object.entries(GROUPS) as Array<[keyof LiveChannels, readonly string[]]>) {
    for (const g of groups) await ch[name].ensureGroup(g, name === 'control' ? '0' : '$');
  }
}

/**
 * Queues: append a message the engine made (typed, so not checked again — readers check
 * every entry), trimming the stream to about `maxLen`.
 */
export function appendRecipe<T>(channel: StreamChannel<T>, payload: T, maxLen = 100_000): WriteRecipe {
  const key = channel.key;
  const data = encode(payload);
  return (c) => void c.xadd(key, 'MAXLEN', '~', maxLen, '*', 'data', data);
}

/** Queues: add `delta` to a replay's in-flight counter (see `waitQuiet`). */
export function inflightRecipe(setId: string, delta: number): WriteRecipe {
  const key = redisKeys.inflight(setId);
  return (c) => void c.incrby(key, delta);
}

/**
 * Waits until no message of `setId`'s replay is in flight between workers: every message a
 * lock-step replay puts on a stream adds the number of groups that read it to
 * `runtime:{id}:inflight`, and every group subtracts one in the same MULTI that acknowledges
 * it (adding what its own outputs will need). Zero means the whole cascade — candle,
 * decision, order, fill, stop order — has settled, so the replay may play its next instant.
 */
export async function waitQuiet(redis: Redis, setId: string, stopped: () => boolean): Promise<void> {
  const key = redisKeys.inflight(setId);
  for (let i = 0; !stopped(); i++) {
    const v = await redis.get(key);
    if (v === null || Number(v) <= 0) return;
    await new Promise((r) => (i < 50 ? setImmediate(r) : setTimeout(r, Math.min(20, i / 50))));
  }
}
