import { MongoBulkWriteError } from 'mongodb';
import type { AnyBulkWriteOperation, Db } from 'mongodb';
import { z } from 'zod';
import { CandleSchema } from '../../market/candle.js';
import type { Candle } from '../../market/candle.js';
import type { CandleSource } from '../../data/candle-source.js';
import { DateStringField, InstrumentKeyField, TimeframeField } from './fields.js';
import { Repository } from './repository.js';
import type { CollectionIndexes } from './repository.js';
import { InvalidDocumentError, validateDocument } from './validation.js';
import { bucketId, candleDay, mergeCandles, ms, plain } from './candle-buckets.js';

/**
 * `historical_candles` (seed 000, DESIGN §5): one document per instrument per UTC day per
 * timeframe — `{ instrument_key, timeframe, date, candles: [{t,o,h,l,c,v,oi}] }`, candles in
 * the runtime's one Candle shape, sorted by `t`, one per `t`. Re-importing upserts (a
 * candle with the same `t` replaces the stored one), input in any order lands sorted, and
 * range reads stream in time order without holding the range in memory.
 *
 * Buckets are UTC days: an exchange session (NSE 09:15–15:30 IST) falls inside one. A
 * bucket's `rev` makes every write a compare-and-swap, so concurrent imports of the same
 * day cannot drop each other's candles.
 */

const StoredCandleSchema = CandleSchema;

export const CandleBucketDocSchema = z
  .object({
    _id: z.string(),
    instrument_key: InstrumentKeyField,
    timeframe: TimeframeField,
    date: DateStringField,
    candles: z.array(z.custom<Candle>()).min(1),
    count: z.number().int().min(1),
    first_t: z.number().int(),
    last_t: z.number().int(),
    rev: z.number().int().min(1),
    updated_at: z.date(),
  })
  .strict();
export type CandleBucketDoc = z.infer<typeof CandleBucketDocSchema>;

/** Which series: an instrument at a timeframe. */
export interface CandleSeries {
  readonly instrument: string;
  readonly timeframe: string;
}

/** A range read: `from` inclusive, `to` exclusive (epoch ms or Date); both optional. */
export interface CandleRange extends CandleSeries {
  readonly from?: number | Date;
  readonly to?: number | Date;
}

/** What an import did. */
export interface CandleWriteSummary {
  /** Candles received (after de-duplicating equal `t` within the input). */
  candles: number;
  /** Candles with a `t` not stored before. */
  inserted: number;
  /** Candles that replaced a stored one with the same `t`. */
  replaced: number;
  /** Day buckets written. */
  buckets: number;
}

/** Stored extent of a series. */
export interface CandleCoverage {
  readonly first: number;
  readonly last: number;
  readonly candles: number;
  readonly days: number;
}

export const historicalCandleIndexes: CollectionIndexes = {
  collection: 'historical_candles',
  indexes: [{ key: { instrument_key: 1, timeframe: 1, date: 1 }, name: 'series_date_unique', unique: true }],
};

const SeriesSchema = z.object({ instrument: InstrumentKeyField, timeframe: TimeframeField });

export class HistoricalCandlesRepository extends Repository<typeof CandleBucketDocSchema> {
  constructor(db: Db) {
    super(db, 'historical_candles', CandleBucketDocSchema);
  }

  /**
   * Validates every candle of `candles` (refusing the whole call, naming `candles.<i>.<field>`,
   * before anything is written), then merges them into their day buckets.
   */
  async upsertCandles(series: CandleSeries, candles: readonly Candle[]): Promise<CandleWriteSummary> {
    validateDocument(this.collectionName, SeriesSchema, series);
    const byDay = new Map<string, Map<number, Candle>>();
    for (let i = 0; i < candles.length; i++) {
      const r = StoredCandleSchema.safeParse(candles[i]);
      if (!r.success) {
        const issue = r.error.issues[0]!;
        throw new InvalidDocumentError(this.collectionName, ['candles', i, ...issue.path.map(String)].join('.'), issue.message);
      }
      const c = plain(candles[i]!);
      const day = candleDay(c.t);
      let m = byDay.get(day);
      if (!m) byDay.set(day, (m = new Map()));
      m.set(c.t, c);
    }
    const summary: CandleWriteSummary = { candles: 0, inserted: 0, replaced: 0, buckets: byDay.size };
    for (const m of byDay.values()) summary.candles += m.size;
    let pending = Array.from(byDay.keys());
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt === 5) throw new Error(`historical_candles: ${pending.length} buckets kept changing under concurrent writes; gave up after 5 attempts`);
      pending = await this.mergeBuckets(series, pending, byDay, summary);
    }
    return summary;
  }

  /** One compare-and-swap round; returns the days that lost a race and must be merged again. */
  private async mergeBuckets(
    series: CandleSeries,
    days: string[],
    byDay: Map<string, Map<number, Candle>>,
    summary: CandleWriteSummary,
  ): Promise<string[]> {
    const ids = days.map((d) => bucketId(series, d));
    const existing = new Map<string, CandleBucketDoc>();
    for await (const doc of this.collection.find({ _id: { $in: ids } })) existing.set(doc._id, doc);
    const ops: AnyBulkWriteOperation<CandleBucketDoc>[] = [];
    const counts: Array<{ inserted: number; replaced: number }> = [];
    const now = new Date();
    for (const day of days) {
      const id = bucketId(series, day);
      const incoming = byDay.get(day)!;
      const old = existing.get(id);
      const { candles, inserted } = mergeCandles(old?.candles ?? [], incoming);
      const doc: CandleBucketDoc = {
        _id: id,
        instrument_key: series.instrument,
        timeframe: series.timeframe,
        date: day,
        candles,
        count: candles.length,
        first_t: candles[0]!.t,
        last_t: candles[candles.length - 1]!.t,
        rev: (old?.rev ?? 0) + 1,
        updated_at: now,
      };
      // Matches only the version read above; if another writer got there first, the
      // upsert collides on _id (E11000) and this day is merged again.
      ops.push({ replaceOne: { filter: old ? { _id: id, rev: old.rev } : { _id: id, rev: { $exists: false } } as never, replacement: doc, upsert: true } });
      counts.push({ inserted, replaced: incoming.size - inserted });
    }
    const lost = new Set<number>();
    try {
      await this.collection.bulkWrite(ops, { ordered: false });
    } catch (err) {
      if (!(err instanceof MongoBulkWriteError)) throw err;
      const errors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
      for (const we of errors) {
        if (we.code !== 11000) throw err;
        lost.add(we.index);
      }
    }
    counts.forEach((c, i) => {
      if (lost.has(i)) return;
      summary.inserted += c.inserted;
      summary.replaced += c.replaced;
    });
    return days.filter((_, i) => lost.has(i));
  }

  /**
   * Imports a `CandleSource` (batches, e.g. the CSV reader), writing every `batchSize`
   * candles; `onProgress` gets the running count. Safe to run again over the same data.
   */
  async importSource(
    series: CandleSeries,
    source: CandleSource,
    opts: { batchSize?: number; onProgress?: (written: number) => void } = {},
  ): Promise<CandleWriteSummary> {
    const batchSize = opts.batchSize ?? 50_000;
    const total: CandleWriteSummary = { candles: 0, inserted: 0, replaced: 0, buckets: 0 };
    let pending: Candle[] = [];
    let written = 0;
    const flush = async (): Promise<void> => {
      if (pending.length === 0) return;
      const s = await this.upsertCandles(series, pending);
      total.candles += s.candles;
      total.inserted += s.inserted;
      total.replaced += s.replaced;
      total.buckets += s.buckets;
      written += pending.length;
      pending = [];
      opts.onProgress?.(written);
    };
    for await (const batch of source) {
      for (const c of batch) pending.push(c);
      if (pending.length >= batchSize) await flush();
    }
    await flush();
    return total;
  }

  /** Day buckets of a range in time order, each trimmed to the range. */
  async *streamCandleBatches(range: CandleRange): AsyncGenerator<Candle[]> {
    validateDocument(this.collectionName, SeriesSchema, { instrument: range.instrument, timeframe: range.timeframe });
    const from = ms(range.from);
    const to = ms(range.to);
    const date: Record<string, string> = {};
    if (from !== undefined) date.$gte = candleDay(from);
    if (to !== undefined) date.$lte = candleDay(to - 1);
    const filter = { instrument_key: range.instrument, timeframe: range.timeframe, ...(Object.keys(date).length ? { date } : {}) };
    const cursor = this.collection.find(filter, { projection: { candles: 1 }, sort: { date: 1 } });
    try {
      for await (const doc of cursor) {
        const candles = doc.candles;
        const whole = (from === undefined || candles[0]!.t >= from) && (to === undefined || candles[candles.length - 1]!.t < to);
        const out = whole ? candles : candles.filter((c) => (from === undefined || c.t >= from) && (to === undefined || c.t < to));
        if (out.length) yield out;
      }
    } finally {
      await cursor.close();
    }
  }

  /**
   * The range as a `CandleSource` (the data layer's shape: batches in strictly increasing
   * time, here one day per batch) — what the backtester's `--data mongo:KEY` reads. Each
   * iteration runs a fresh query.
   */
  source(range: CandleRange): CandleSource {
    return { [Symbol.asyncIterator]: () => this.streamCandleBatches(range) };
  }

  /**
   * The candle source over `historical_candles`, one candle at a time:
   * candles of `instrument` at `timeframe` with `from <= t < to`, in time order, streamed.
   */
  async *streamCandles(range: CandleRange): AsyncGenerator<Candle> {
    for await (const batch of this.streamCandleBatches(range)) yield* batch;
  }

  /** First and last candle time, candle and day counts of a series; null when nothing is stored. */
  async coverage(series: CandleSeries): Promise<CandleCoverage | null> {
    const [r] = await this.collection
      .aggregate<CandleCoverage>([
        { $match: { instrument_key: series.instrument, timeframe: series.timeframe } },
        { $group: { _id: null, first: { $min: '$first_t' }, last: { $max: '$last_t' }, candles: { $sum: '$count' }, days: { $sum: 1 } } },
        { $project: { _id: 0, first: 1, last: 1, candles: 1, days: 1 } },
      ])
      .toArray();
    return r ?? null;
  }

  /** Every stored series with its coverage. */
  async listSeries(): Promise<Array<CandleSeries & CandleCoverage>> {
    const rows = await this.collection
      .aggregate<{ _id: { i: string; tf: string } } & CandleCoverage>([
        { $group: { _id: { i: '$instrument_key', tf: '$timeframe' }, first: { $min: '$first_t' }, last: { $max: '$last_t' }, candles: { $sum: '$count' }, days: { $sum: 1 } } },
        { $sort: { '_id.i': 1, '_id.tf': 1 } },
      ])
      .toArray();
    return rows.map((r) => ({ instrument: r._id.i, timeframe: r._id.tf, first: r.first, last: r.last, candles: r.candles, days: r.days }));
  }

  /** Deletes a whole series; returns the number of day buckets removed. */
  async deleteSeries(series: CandleSeries): Promise<number> {
    return (await this.collection.deleteMany({ instrument_key: series.instrument, timeframe: series.timeframe })).deletedCount;
  }
}
