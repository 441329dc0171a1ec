import { z } from 'zod';
import type { WriteRecipe } from '../../redis/keyspace/codec.js';
import { encode } from '../../redis/keyspace/codec.js';
import { redisKeys } from '../../redis/keyspace/keys.js';

/**
 * A MongoDB write the engine owes, on `stream:outbox`: order intents (when MongoDB did not
 * answer in time before the order had to go), order updates, trade logs, signals and log
 * lines. Written in the same MULTI as the work that produced it, so nothing the engine did
 * can be missing from the record; the recorder applies them in order, idempotently, and
 * waits out an outage. Dates travel as `{ $date: ms }`.
 */
const Doc = z.record(z.string(), z.unknown());

export const OutboxEntrySchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('order_intent'), doc: Doc }),
  z.object({ op: z.literal('order_update'), client_order_id: z.string(), update: Doc }),
  z.object({ op: z.literal('trade_log'), doc: Doc }),
  z.object({ op: z.literal('signal'), doc: Doc }),
  z.object({ op: z.literal('log'), doc: Doc }),
]);
export type OutboxEntry = z.infer<typeof OutboxEntrySchema>;

/** Dates → `{ $date: ms }`, recursively (JSON has no dates). */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) return { $date: value.getTime() };
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toWire(v);
    return out;
  }
  return value;
}

/** The inverse of {@link toWire}. */
export function fromWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromWire);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === '$date' && typeof o.$date === 'number') return new Date(o.$date);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = fromWire(v);
    return out;
  }
  return value;
}

/** Queues: one outbox entry (appended in the caller's MULTI). */
export function outboxRecipe(entry: OutboxEntry): WriteRecipe {
  const data = encode(OutboxEntrySchema.parse(toWire(entry)));
  const key = redisKeys.outboxStream();
  return (c) => void c.xadd(key, 'MAXLEN', '~', 1_000_000, '*', 'data', data);
}
