import type { Db } from 'mongodb';
import { z } from 'zod';
import { Repository } from './repository.js';
import type { CollectionIndexes } from './repository.js';

/**
 * `system_config` (seed 000): global settings in one document, `_id: "global_settings"`.
 * Broker secrets do not live here (the seed's `upstox_credentials`): they go encrypted to
 * `broker_credentials`, and this schema refuses them.
 */
export const KillSwitchDocSchema = z
  .object({
    engaged: z.boolean(),
    reason: z.string().max(500).optional(),
    at: z.date(),
    by: z.string().max(128).optional(),
  })
  .strict();
export type KillSwitchDoc = z.infer<typeof KillSwitchDocSchema>;

export const SystemConfigDocSchema = z
  .object({
    _id: z.literal('global_settings'),
    redis_config: z.object({ host: z.string(), port: z.number().int().min(1).max(65535), db: z.number().int().min(0) }).strict().optional(),
    system_settings: z
      .object({
        log_level: z.enum(['DEBUG', 'INFO', 'WARNING', 'ERROR']),
        max_websocket_reconnect_attempts: z.number().int().min(0),
      })
      .strict()
      .optional(),
    /** The global kill switch (halted: exits and cancels only). */
    kill_switch: KillSwitchDocSchema.optional(),
    updated_at: z.date(),
  })
  .strict();
export type SystemConfigDoc = z.infer<typeof SystemConfigDocSchema>;

export const systemConfigIndexes: CollectionIndexes = { collection: 'system_config', indexes: [] };

export class SystemConfigRepository extends Repository<typeof SystemConfigDocSchema> {
  constructor(db: Db) {
    super(db, 'system_config', SystemConfigDocSchema);
  }

  /** The global settings, or null before anything was saved. */
  async get(): Promise<SystemConfigDoc | null> {
    return this.parsedOrNull(await this.collection.findOne({ _id: 'global_settings' }));
  }

  /** Merges `patch` into the settings (creating them), validating the whole result. */
  async update(patch: Partial<Omit<SystemConfigDoc, '_id' | 'updated_at'>>): Promise<SystemConfigDoc> {
    const current = (await this.get()) ?? { _id: 'global_settings' as const, updated_at: new Date() };
    const next = this.valid({ ...current, ...patch, _id: 'global_settings', updated_at: new Date() });
    await this.collection.replaceOne({ _id: 'global_settings' }, next, { upsert: true });
    return next;
  }
}
