import type { Db } from 'mongodb';
import { z } from 'zod';
import { IdField, LooseObject } from './fields.js';
import { Repository, isDuplicateKey } from './repository.js';
import type { CollectionIndexes, WriteResult } from './repository.js';

/**
 * `strategy_versions`: every version of a strategy's code, immutable once written, so a
 * backtest or a trade can always name the exact code it ran. `_id` is `<strategy_id>@<version>`.
 */
export const StrategyVersionDocSchema = z
  .object({
    _id: z.string().min(3).max(160),
    strategy_id: IdField,
    version: z.number().int().min(1),
    source: z.string().max(500_000),
    source_hash: z.string().max(128).optional(),
    config: LooseObject,
    indicators_config: z.union([LooseObject, z.array(z.unknown())]),
    params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).optional(),
    compiler_version: z.string().max(64).optional(),
    created_by: IdField.optional(),
    created_at: z.date(),
  })
  .strict()
  .refine((v) => v._id === `${v.strategy_id}@${v.version}`, { message: '_id must be "<strategy_id>@<version>"', path: ['_id'] });
export type StrategyVersionDoc = z.infer<typeof StrategyVersionDocSchema>;

export const strategyVersionIndexes: CollectionIndexes = {
  collection: 'strategy_versions',
  indexes: [{ key: { strategy_id: 1, version: -1 }, name: 'strategy_version_unique', unique: true }],
};

export class StrategyVersionsRepository extends Repository<typeof StrategyVersionDocSchema> {
  constructor(db: Db) {
    super(db, 'strategy_versions', StrategyVersionDocSchema);
  }

  /** Records a version; recording the same version twice is a `version` conflict (versions never change). */
  async record(v: Omit<StrategyVersionDoc, '_id' | 'created_at'> & { created_at?: Date }): Promise<WriteResult<StrategyVersionDoc>> {
    const doc = this.valid({ ...v, _id: `${v.strategy_id}@${v.version}`, created_at: v.created_at ?? new Date() });
    try {
      await this.collection.insertOne(doc);
      return { ok: true, value: doc };
    } catch (err) {
      if (isDuplicateKey(err)) return { ok: false, conflict: 'version' };
      throw err;
    }
  }

  async get(strategyId: string, version: number): Promise<StrategyVersionDoc | null> {
    return this.parsedOrNull(await this.collection.findOne({ _id: `${strategyId}@${version}` }));
  }

  /** A strategy's versions, newest first. */
  async list(strategyId: string): Promise<StrategyVersionDoc[]> {
    const docs = await this.collection.find({ strategy_id: strategyId }).sort({ version: -1 }).toArray();
    return docs.map((d) => this.parsed(d));
  }

  /** Removes every version of a strategy (when the strategy is deleted); returns how many. */
  async deleteAll(strategyId: string): Promise<number> {
    return (await this.collection.deleteMany({ strategy_id: strategyId })).deletedCount;
  }
}
