import type { Db } from 'mongodb';
import { z } from 'zod';
import { AssetTypeField, IdField, LooseObject, ModeField, newId } from './fields.js';
import { Repository, conflictField, isDuplicateKey } from './repository.js';
import { readDocument, validateDocument } from './validation.js';
import type { CollectionIndexes, WriteResult } from './repository.js';

/**
 * `strategies` (seeds 000 and 001): one document per strategy — its `.algo` source, the
 * compiled rule graph (`config`) and `indicators_config`, the current version, and its
 * lifecycle (`status`, `mode`, `is_active`). The `_id` is the strategy's `set_id`, the id
 * the live engine's Redis keys use. A user's strategy names are unique.
 */
export const StrategyStatusField = z.enum(['created', 'running', 'stopped']);

export const StrategyDocSchema = z
  .object({
    _id: IdField,
    user_id: IdField,
    set_name: z.string().trim().min(1).max(200),
    asset_type: AssetTypeField,
    source: z.string().max(500_000),
    source_hash: z.string().max(128).optional(),
    /** The rule graph (`algo.rulegraph/v1`); its schema is the compiler's. */
    config: LooseObject,
    indicators_config: z.union([LooseObject, z.array(z.unknown())]),
    params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).optional(),
    version: z.number().int().min(1),
    status: StrategyStatusField,
    mode: ModeField,
    is_active: z.boolean(),
    created_at: z.date(),
    updated_at: z.date(),
  })
  .strict();
export type StrategyDoc = z.infer<typeof StrategyDocSchema>;

/**
 * A strategy without its heavy parts — no source, no `indicators_config`, and of the rule
 * graph only `config.settings` — for lists, where reading every graph in full costs more
 * than everything else a list does.
 */
export const StrategySummaryDocSchema = StrategyDocSchema.omit({ source: true, indicators_config: true, config: true }).extend({
  config: z.object({ settings: z.record(z.string(), z.unknown()).optional() }).strict(),
});
export type StrategySummaryDoc = z.infer<typeof StrategySummaryDocSchema>;

const SUMMARY_PROJECTION = Object.fromEntries([...Object.keys(StrategySummaryDocSchema.shape).filter((k) => k !== 'config'), 'config.settings'].map((k) => [k, 1]));

/** What a caller supplies to create a strategy; the rest is filled in. */
export type NewStrategy = Pick<StrategyDoc, 'user_id' | 'set_name' | 'asset_type' | 'source' | 'config' | 'indicators_config'> &
  Partial<Pick<StrategyDoc, '_id' | 'source_hash' | 'params' | 'mode'>>;

/** A new version of a strategy's code. */
export type StrategyCode = Pick<StrategyDoc, 'source' | 'config' | 'indicators_config'> & Partial<Pick<StrategyDoc, 'source_hash' | 'params' | 'asset_type'>>;

const StateSchema = StrategyDocSchema.pick({ status: true, mode: true, is_active: true }).partial().strict();

export const strategyIndexes: CollectionIndexes = {
  collection: 'strategies',
  indexes: [
    { key: { user_id: 1, set_name: 1 }, name: 'user_set_name_unique', unique: true },
    { key: { is_active: 1, status: 1 }, name: 'active_status' },
  ],
};

export class StrategiesRepository extends Repository<typeof StrategyDocSchema> {
  constructor(db: Db) {
    super(db, 'strategies', StrategyDocSchema);
  }

  /** Creates version 1 (status `created`, paper, inactive); a name the user already has is a conflict. */
  async create(input: NewStrategy): Promise<WriteResult<StrategyDoc>> {
    const now = new Date();
    const doc = this.valid({
      _id: input._id ?? newId(),
      mode: 'paper',
      ...input,
      version: 1,
      status: 'created',
      is_active: false,
      created_at: now,
      updated_at: now,
    });
    return this.insertUnique(doc, 'set_name');
  }

  async get(id: string): Promise<StrategyDoc | null> {
    return this.parsedOrNull(await this.collection.findOne({ _id: id }));
  }

  /** The strategy when `user_id` owns it; null otherwise (another user's strategy looks absent). */
  async getOwned(userId: string, id: string): Promise<StrategyDoc | null> {
    return this.parsedOrNull(await this.collection.findOne({ _id: id, user_id: userId }));
  }

  async findByName(userId: string, setName: string): Promise<StrategyDoc | null> {
    return this.parsedOrNull(await this.collection.findOne({ user_id: userId, set_name: setName }));
  }

  /** A user's strategies, by name. */
  async listByUser(userId: string): Promise<StrategyDoc[]> {
    const docs = await this.collection.find({ user_id: userId }).sort({ set_name: 1 }).toArray();
    return docs.map((d) => this.parsed(d));
  }

  /** A user's strategies by name, as summaries (see `StrategySummaryDocSchema`). */
  async listSummariesByUser(userId: string): Promise<StrategySummaryDoc[]> {
    const docs = await this.collection.find({ user_id: userId }, { projection: SUMMARY_PROJECTION }).sort({ set_name: 1 }).toArray();
    return docs.map((d) => readDocument(this.collectionName, StrategySummaryDocSchema, d));
  }

  /** Every strategy that should be trading (`is_active`), for the live engine's start-up. */
  async listActive(): Promise<StrategyDoc[]> {
    const docs = await this.collection.find({ is_active: true }).sort({ _id: 1 }).toArray();
    return docs.map((d) => this.parsed(d));
  }

  /** How many strategies are running, across all users (for the API's metrics). */
  async countRunning(): Promise<number> {
    return this.collection.countDocuments({ status: 'running' });
  }

  /**
   * Stores new code as the next version, only if the stored version is still
   * `expectedVersion` (so two pushes cannot both become version n+1). Returns the updated
   * strategy, or a `version` conflict. Keeping the old version in `strategy_versions` is
   * the caller's step before this one.
   */
  async updateCode(id: string, expectedVersion: number, code: StrategyCode): Promise<WriteResult<StrategyDoc>> {
    const current = await this.get(id);
    if (!current || current.version !== expectedVersion) return { ok: false, conflict: 'version' };
    const next = this.valid({ ...current, ...code, version: expectedVersion + 1, updated_at: new Date() });
    const r = await this.collection.replaceOne({ _id: id, version: expectedVersion }, next);
    return r.modifiedCount === 1 ? { ok: true, value: next } : { ok: false, conflict: 'version' };
  }

  /** Sets lifecycle fields (start/stop, paper/live); returns the updated strategy or null when absent. */
  async setState(id: string, state: Partial<Pick<StrategyDoc, 'status' | 'mode' | 'is_active'>>): Promise<StrategyDoc | null> {
    const patch = validateDocument(this.collectionName, StateSchema, state);
    const r = await this.collection.findOneAndUpdate({ _id: id }, { $set: { ...patch, updated_at: new Date() } }, { returnDocument: 'after' });
    return this.parsedOrNull(r);
  }

  /** Renames a strategy; a name the user already has is a conflict. */
  async rename(id: string, setName: string): Promise<WriteResult<StrategyDoc | null>> {
    const current = await this.get(id);
    if (!current) return { ok: true, value: null };
    const next = this.valid({ ...current, set_name: setName, updated_at: new Date() });
    try {
      await this.collection.replaceOne({ _id: id }, next);
      return { ok: true, value: next };
    } catch (err) {
      if (isDuplicateKey(err)) return { ok: false, conflict: conflictField(err, 'set_name') };
      throw err;
    }
  }

  /** Deletes the user's strategy; true when it existed. */
  async delete(userId: string, id: string): Promise<boolean> {
    return (await this.collection.deleteOne({ _id: id, user_id: userId })).deletedCount === 1;
  }
}
