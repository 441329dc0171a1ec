import type { Db } from 'mongodb';
import { z } from 'zod';
import { AssetTypeField, IdField, InstrumentKeyField, LooseObject, ModeField } from './fields.js';
import { Repository, timeRange } from './repository.js';
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
    return this.insertNewById(trades.map((t) => this.valid({ ...t, created_at: t.created_at ?? now })));
  }

  async get(id: string): Promise<TradeLogDoc | null> {
    return this.parsedOrNull(await this.collection.findOne({ _id: id }));
  }

  /** A strategy's trades entered in `[from, to)`, newest first. */
  async listBySet(setId: string, opts: { from?: Date; to?: Date; limit?: number } = {}): Promise<TradeLogDoc[]> {
    return this.findParsed({ set_id: setId, ...timeRange('entry_timestamp', opts.from, opts.to) }, { entry_timestamp: -1 }, opts.limit ?? 1000);
  }
}
