import type { Db } from 'mongodb';
import { z } from 'zod';
import { AssetTypeField, IdField, InstrumentKeyField, LooseObject, ModeField } from './fields.js';
import { Repository } from './repository.js';
import type { CollectionIndexes } from './repository.js';

/**
 * `trade_logs` (seed 000): every completed live or paper round trip, for performance
 * analysis and audit. The engine names each trade (`_id`), so recording is idempotent: a
 * trade log that is written again after a crash or a Mongo outage is stored once.
 */
const LegSchema = z
  .object({
    price: z.number().positive(),
    quantity: z.number().int().positive(),
    client_order_id: z.string().max(20).optional(),
    reason: z.string().max(200).optional(),
  })
  .catchall(z.unknown());

export const TradeLogDocSchema = z
  .object({
    _id: IdField,
    set_id: IdField,
    user_id: IdField.optional(),
    asset_type: AssetTypeField,
    mode: ModeField,
    instrument_key: InstrumentKeyField,
    side: z.enum(['long', 'short']),
    entry_timestamp: z.date(),
    exit_timestamp: z.date(),
    entry: LegSchema,
    exit: LegSchema,
    pnl: z.object({ gross: z.number(), charges: z.number().nonnegative(), net: z.number() }).catchall(z.unknown()),
    details: LooseObject.optional(),
    created_at: z.date(),
  })
  .strict()
  .refine((t) => t.exit_timestamp >= t.entry_timestamp, { message: 'exit_timestamp is before entry_timestamp', path: ['exit_timestamp'] });
export type TradeLogDoc = z.infer<typeof TradeLogDocSchema>;

export const tradeLogIndexes: CollectionIndexes = {
  collection: 'trade_logs',
  indexes: [
    { key: { set_id: 1, entry_timestamp: -1 }, name: 'set_entry_time' },
    { key: { entry_timestamp: 1 }, name: 'entry_timestamp' },
    { key: { user_id: 1, entry_timestamp: -1 }, name: 'user_entry_time' },
  ],
};

export class TradeLogsRepository extends Repository<typeof TradeLogDocSchema> {
  constructor(db: Db) {
    super(db, 'trade_logs', TradeLogDocSchema);
  }

  /**
   * Stores trade logs, idempotently by `_id` (an upsert that only inserts): safe to retry,
   * so a buffer of logs can be flushed again after a failure. Returns how many were new.
   */
  async record(trades: ReadonlyArray<Omit<TradeLogDoc, 'created_at'> & { created_at?: Date }>): Promise<number> {
    const now = new Date();
    const docs = trades.map((t) => this.valid({ ...t, created_at: t.created_at ?? now }));
    if (docs.length === 0) return 0;
    const r = await this.collection.bulkWrite(
      docs.map(({ _id, ...rest }) => ({ updateOne: { filter: { _id }, update: { $setOnInsert: rest }, upsert: true } })),
      { ordered: false },
    );
    return r.upsertedCount;
  }

  async get(id: string): Promise<TradeLogDoc | null> {
    return this.parsedOrNull(await this.collection.findOne({ _id: id }));
  }

  /** A strategy's trades entered in `[from, to)`, newest first. */
  async listBySet(setId: string, opts: { from?: Date; to?: Date; limit?: number } = {}): Promise<TradeLogDoc[]> {
    const time: Record<string, Date> = {};
    if (opts.from) time.$gte = opts.from;
    if (opts.to) time.$lt = opts.to;
    const docs = await this.collection
      .find({ set_id: setId, ...(Object.keys(time).length ? { entry_timestamp: time } : {}) })
      .sort({ entry_timestamp: -1 })
      .limit(opts.limit ?? 1000)
      .toArray();
    return docs.map((d) => this.parsed(d));
  }
}
