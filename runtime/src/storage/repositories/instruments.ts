import type { Db } from 'mongodb';
import { z } from 'zod';
import { InstrumentKeyField } from './fields.js';
import { Repository } from './repository.js';
import type { CollectionIndexes } from './repository.js';

/**
 * `instruments` (seed 002's master registry): what the engine needs to trade an
 * instrument — lot size, tick size, and for derivatives expiry, strike and option type.
 * `_id` is the instrument key (`NSE_FO|…`); the broker token is unique when present.
 */
export const InstrumentDocSchema = z
  .object({
    _id: InstrumentKeyField,
    instrument_key: InstrumentKeyField,
    exchange: z.string().min(1).max(16),
    segment: z.string().min(1).max(16),
    tradingsymbol: z.string().min(1).max(64),
    name: z.string().max(200).optional(),
    instrument_type: z.enum(['EQUITY', 'INDEX', 'FUTURES', 'OPTIONS', 'CURRENCY', 'COMMODITY']),
    instrument_token: z.number().int().nonnegative().optional(),
    exchange_token: z.number().int().nonnegative().optional(),
    /** ISIN of a security (equities): Upstox names cash instruments by it (`NSE_EQ|INE002A01018`). */
    isin: z.string().regex(/^[A-Z]{2}[A-Z0-9]{9}[0-9]$/, 'expected a 12-character ISIN like INE002A01018').optional(),
    lot_size: z.number().int().positive(),
    tick_size: z.number().positive(),
    expiry: z.date().optional(),
    strike: z.number().positive().optional(),
    option_type: z.enum(['CE', 'PE']).optional(),
    /** For derivatives: the underlying's instrument key. */
    underlying_key: InstrumentKeyField.optional(),
    last_price: z.number().nonnegative().optional(),
    updated_at: z.date(),
  })
  .strict()
  .refine((i) => i._id === i.instrument_key, { message: '_id must equal instrument_key', path: ['_id'] })
  .refine((i) => i.instrument_type !== 'OPTIONS' || (i.expiry && i.strike && i.option_type), {
    message: 'an option needs expiry, strike and option_type',
    path: ['instrument_type'],
  });
export type InstrumentDoc = z.infer<typeof InstrumentDocSchema>;
export type InstrumentDocInput = Omit<InstrumentDoc, '_id' | 'updated_at'>;

export const instrumentIndexes: CollectionIndexes = {
  collection: 'instruments',
  indexes: [
    { key: { instrument_token: 1 }, name: 'instrument_token_unique', unique: true, partialFilterExpression: { instrument_token: { $exists: true } } },
    { key: { tradingsymbol: 1 }, name: 'tradingsymbol' },
    { key: { underlying_key: 1, expiry: 1, strike: 1, option_type: 1 }, name: 'option_chain' },
  ],
};

export class InstrumentsRepository extends Repository<typeof InstrumentDocSchema> {
  constructor(db: Db) {
    super(db, 'instruments', InstrumentDocSchema);
  }

  /** Inserts or replaces instruments by key (an instruments-master refresh); all are validated first. */
  async upsertMany(items: readonly InstrumentDocInput[]): Promise<number> {
    const now = new Date();
    const docs = items.map((i) => this.valid({ ...i, _id: i.instrument_key, updated_at: now }));
    if (docs.length === 0) return 0;
    await this.collection.bulkWrite(
      docs.map((d) => ({ replaceOne: { filter: { _id: d._id }, replacement: d, upsert: true } })),
      { ordered: false },
    );
    return docs.length;
  }

  async get(instrumentKey: string): Promise<InstrumentDoc | null> {
    return this.parsedOrNull(await this.collection.findOne({ _id: instrumentKey }));
  }

  async getByToken(token: number): Promise<InstrumentDoc | null> {
    return this.parsedOrNull(await this.collection.findOne({ instrument_token: token }));
  }

  /** Instruments whose trading symbol starts with `prefix` (case-insensitive), for search boxes. */
  async search(prefix: string, limit = 20): Promise<InstrumentDoc[]> {
    const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const docs = await this.collection.find({ tradingsymbol: { $regex: `^${escaped}`, $options: 'i' } }).sort({ tradingsymbol: 1 }).limit(limit).toArray();
    return docs.map((d) => this.parsed(d));
  }

  /** The option chain of `underlyingKey` for one expiry, by strike then type. */
  async optionChain(underlyingKey: string, expiry: Date): Promise<InstrumentDoc[]> {
    const docs = await this.collection
      .find({ underlying_key: underlyingKey, expiry, instrument_type: 'OPTIONS' })
      .sort({ strike: 1, option_type: 1 })
      .toArray();
    return docs.map((d) => this.parsed(d));
  }

  /** Option expiries of an underlying on or after `from`, ascending. */
  async expiries(underlyingKey: string, from: Date): Promise<Date[]> {
    const values = await this.collection.distinct('expiry', { underlying_key: underlyingKey, instrument_type: 'OPTIONS', expiry: { $gte: from } });
    return (values as Date[]).sort((a, b) => a.getTime() - b.getTime());
  }
}
