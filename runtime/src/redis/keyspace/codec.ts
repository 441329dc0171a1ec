import type { ChainableCommander, Redis } from 'ioredis';
import type { z } from 'zod';
import { KeyspaceError } from './keys.js';

/** JSON values in Redis, read back through an optional zod schema, and transaction helpers. */

/** Encodes a value for a JSON key or a JSON hash field. */
export function encode(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * Decodes a JSON value stored at `key` (`field` for hashes). Unparseable JSON or a value
 * the schema refuses throws KEYSPACE_CORRUPT_VALUE naming the key, field and path.
 */
export function decode<T>(text: string, key: string, schema?: z.ZodType<T>, field?: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new KeyspaceError('KEYSPACE_CORRUPT_VALUE', `${key}${field ? ` field ${field}` : ''} does not hold JSON`);
  }
  if (!schema) return value as T;
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue?.path.length ? issue.path.join('.') : '(value)';
  throw new KeyspaceError('KEYSPACE_CORRUPT_VALUE', `${key}${field ? ` field ${field}` : ''}: ${path}: ${issue?.message ?? 'invalid'}`);
}

/** A write recipe: queues commands on a MULTI or a pipeline; runs as part of one round trip. */
export type WriteRecipe = (c: ChainableCommander) => void;

/** Runs queued commands, throwing the first command error. */
export async function execOrThrow(c: ChainableCommander): Promise<unknown[]> {
  const results = (await c.exec()) ?? [];
  for (const [err] of results) if (err) throw new KeyspaceError('KEYSPACE_WRITE_FAILED', err.message);
  return results.map(([, v]) => v);
}

/** Runs one write recipe as a MULTI/EXEC: its commands apply together, with nothing in between. */
export async function atomically(redis: Redis, recipe: WriteRecipe): Promise<void> {
  const m = redis.multi();
  recipe(m);
  await execOrThrow(m);
}
