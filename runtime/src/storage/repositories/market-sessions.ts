import type { Db } from 'mongodb';
import { z } from 'zod';
import { DateStringField } from './fields.js';
import { Repository } from './repository.js';
import type { CollectionIndexes } from './repository.js';

/**
 * `market_sessions` (seed 002): one document per exchange, segment and date — open and
 * close as instants, or a holiday with its reason. Unique on (exchange, segment,
 * session_date); the live engine reads it for time-based entries and exits.
 */
export const MarketSessionDocSchema = z
  .object({
    _id: z.string(),
    exchange: z.string().min(1).max(16),
    segment: z.string().min(1).max(16),
    session_date: DateStringField,
    /** IANA zone of the exchange clock, e.g. `Asia/Kolkata`. */
    timezone: z.string().min(1).max(64),
    is_trading_day: z.boolean(),
    is_holiday: z.boolean(),
    holiday_reason: z.string().max(200).optional(),
    pre_market_start: z.date().optional(),
    market_open: z.date().optional(),
    market_close: z.date().optional(),
    post_market_end: z.date().optional(),
    created_at: z.date(),
  })
  .strict()
  .refine((s) => s._id === `${s.exchange}:${s.segment}:${s.session_date}`, { message: '_id must be "<exchange>:<segment>:<date>"', path: ['_id'] })
  .refine((s) => !s.is_trading_day || (s.market_open && s.market_close && s.market_open < s.market_close), {
    message: 'a trading day needs market_open before market_close',
    path: ['market_open'],
  })
  .refine((s) => !(s.is_trading_day && s.is_holiday), { message: 'a holiday is not a trading day', path: ['is_holiday'] });
export type MarketSessionDoc = z.infer<typeof MarketSessionDocSchema>;
export type MarketSessionDocInput = Omit<MarketSessionDoc, '_id' | 'created_at'>;

export const marketSessionIndexes: CollectionIndexes = {
  collection: 'market_sessions',
  indexes: [
    { key: { exchange: 1, segment: 1, session_date: 1 }, name: 'exchange_segment_date_unique', unique: true },
    { key: { session_date: 1 }, name: 'session_date' },
  ],
};

export class MarketSessionsRepository extends Repository<typeof MarketSessionDocSchema> {
  constructor(db: Db) {
    super(db, 'market_sessions', MarketSessionDocSchema);
  }

  /** Inserts or replaces sessions (a holiday calendar import); all are validated first. */
  async upsertMany(items: readonly MarketSessionDocInput[]): Promise<number> {
    const now = new Date();
    const docs = items.map((s) => this.valid({ ...s, _id: `${s.exchange}:${s.segment}:${s.session_date}`, created_at: now }));
    if (docs.length === 0) return 0;
    await this.collection.bulkWrite(docs.map((d) => ({ replaceOne: { filter: { _id: d._id }, replacement: d, upsert: true } })), { ordered: false });
    return docs.length;
  }

  async get(exchange: string, segment: string, date: string): Promise<MarketSessionDoc | null> {
    return this.parsedOrNull(await this.collection.findOne({ _id: `${exchange}:${segment}:${date}` }));
  }

  /** Sessions from `fromDate` to `toDate` inclusive (YYYY-MM-DD), by date. */
  async range(exchange: string, segment: string, fromDate: string, toDate: string): Promise<MarketSessionDoc[]> {
    const docs = await this.collection
      .find({ exchange, segment, session_date: { $gte: fromDate, $lte: toDate } })
      .sort({ session_date: 1 })
      .toArray();
    return docs.map((d) => this.parsed(d));
  }

  /** Holidays of one calendar year, by date. */
  async holidays(exchange: string, segment: string, year: number): Promise<MarketSessionDoc[]> {
    const docs = await this.collection
      .find({ exchange, segment, is_holiday: true, session_date: { $gte: `${year}-01-01`, $lte: `${year}-12-31` } })
      .sort({ session_date: 1 })
      .toArray();
    return docs.map((d) => this.parsed(d));
  }
}
