import { ObjectId } from 'mongodb';
import type { Db } from 'mongodb';
import { z } from 'zod';
import { IdField, LooseObject } from './fields.js';
import { Repository, timeRange } from './repository.js';
import type { CollectionIndexes } from './repository.js';

/**
 * `system_logs` (seed 000): a queryable log of system events — by time, level, component
 * and strategy. Context fields whose names look secret (password, token, secret, key, pin,
 * totp) are replaced by `[redacted]` before they are stored: a secret never reaches a log.
 */
export const LogLevelField = z.enum(['DEBUG', 'INFO', 'WARNING', 'ERROR']);

export const SystemLogDocSchema = z
  .object({
    _id: z.instanceof(ObjectId),
    timestamp: z.date(),
    level: LogLevelField,
    component: z.string().min(1).max(64),
    set_id: IdField.optional(),
    message: z.string().min(1).max(5_000),
    context: LooseObject.optional(),
  })
  .strict();
export type SystemLogDoc = z.infer<typeof SystemLogDocSchema>;
export type SystemLogDocInput = Omit<SystemLogDoc, '_id' | 'timestamp'> & { timestamp?: Date };

const SECRET_NAME = /pass(word)?|secret|token|api_?key|pin|totp|authorization|cookie|credential/i;

/** A copy of `value` with secret-looking fields (at any depth) redacted. */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object' || value instanceof Date || value instanceof ObjectId) return value;
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_NAME.test(k) ? '[redacted]' : redactSecrets(v, depth + 1);
  return out;
}

export const systemLogIndexes: CollectionIndexes = {
  collection: 'system_logs',
  indexes: [
    { key: { timestamp: -1 }, name: 'timestamp' },
    { key: { level: 1, timestamp: -1 }, name: 'level_time' },
    { key: { component: 1, timestamp: -1 }, name: 'component_time' },
    { key: { set_id: 1, timestamp: -1 }, name: 'set_time' },
  ],
};

export class SystemLogsRepository extends Repository<typeof SystemLogDocSchema> {
  constructor(db: Db) {
    super(db, 'system_logs', SystemLogDocSchema);
  }

  /** Appends log entries (validated, secrets redacted); returns how many were stored. */
  async write(entries: readonly SystemLogDocInput[]): Promise<number> {
    const docs = entries.map((e) =>
      this.valid({
        _id: new ObjectId(),
        ...e,
        timestamp: e.timestamp ?? new Date(),
        ...(e.context ? { context: redactSecrets(e.context) } : {}),
      }),
    );
    if (docs.length === 0) return 0;
    await this.collection.insertMany(docs, { ordered: false });
    return docs.length;
  }

  /** Entries matching the filters, newest first. */
  async query(filter: { from?: Date; to?: Date; level?: SystemLogDoc['level']; component?: string; set_id?: string; limit?: number } = {}): Promise<SystemLogDoc[]> {
    const q: Record<string, unknown> = timeRange('timestamp', filter.from, filter.to);
    if (filter.level) q.level = filter.level;
    if (filter.component) q.component = filter.component;
    if (filter.set_id) q.set_id = filter.set_id;
    return this.findParsed(q, { timestamp: -1 }, filter.limit ?? 200);
  }
}
