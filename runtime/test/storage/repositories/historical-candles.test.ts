import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../src/market/candle.js';
import { InvalidDocumentError } from '../../../src/storage/repositories/validation.js';
import { useStorage } from '../support.js';

const fixture = useStorage('candles');
const repo = () => fixture().storage.historicalCandles;
const raw = () => fixture().storage.db.collection('historical_candles');

const MIN = 60_000;
/** 2024-01-15 09:15 IST = 03:45 UTC */
const DAY1 = Date.UTC(2024, 0, 15, 3, 45);
const DAY2 = Date.UTC(2024, 0, 16, 3, 45);
const DAY3 = Date.UTC(2024, 0, 17, 3, 45);

function bar(t: number, close = 100, extra: Partial<Candle> = {}): Candle {
  return { t, o: close, h: close + 1, l: close - 1, c: close, v: 1000, ...extra };
}

function session(start: number, n: number, base = 100): Candle[] {
  return Array.from({ length: n }, (_, i) => bar(start + i * MIN, base + i));
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

function shuffled<T>(xs: readonly T[], seed = 7): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('historical_candles', () => {
  it('stores one document per instrument per day per timeframe, candles as {t,o,h,l,c,v,oi}', async () => {
    const s = await repo().upsertCandles({ instrument: 'NSE_EQ|TCS', timeframe: '1m' }, [...session(DAY1, 375), ...session(DAY2, 375)]);
    expect(s).toEqual({ candles: 750, inserted: 750, replaced: 0, buckets: 2 });
    await repo().upsertCandles({ instrument: 'NSE_EQ|TCS', timeframe: '5m' }, [bar(DAY1, 50, { oi: 5 })]);
    const docs = await raw().find({ instrument_key: 'NSE_EQ|TCS' }).sort({ timeframe: 1, date: 1 }).toArray();
    expect(docs.map((d) => [d.timeframe, d.date, d.candles.length, d.count])).toEqual([
      ['1m', '2024-01-15', 375, 375],
      ['1m', '2024-01-16', 375, 375],
      ['5m', '2024-01-15', 1, 1],
    ]);
    expect(docs[2]!.candles[0]).toEqual({ t: DAY1, o: 50, h: 51, l: 49, c: 50, v: 1000, oi: 5 });
    expect(Object.keys(docs[0]!.candles[0])).toEqual(['t', 'o', 'h', 'l', 'c', 'v']);
  });

  it('lands out-of-order input sorted by time', async () => {
    const series = { instrument: 'NSE_EQ|INFY', timeframe: '1m' };
    const bars = [...session(DAY1, 200), ...session(DAY2, 200)];
    await repo().upsertCandles(series, shuffled(bars));
    const stored = await raw().find({ instrument_key: 'NSE_EQ|INFY' }).sort({ date: 1 }).toArray();
    for (const d of stored) {
      const ts = d.candles.map((c: Candle) => c.t);
      expect(ts).toEqual([...ts].sort((a, b) => a - b));
    }
    expect((await collect(repo().streamCandles(series))).map((c) => c.t)).toEqual(bars.map((c) => c.t));
  });

  it('re-imports as upserts: no duplicates, changed candles replaced, new ones merged in', async () => {
    const series = { instrument: 'NSE_EQ|WIPRO', timeframe: '1m' };
    await repo().upsertCandles(series, session(DAY1, 100));
    const again = await repo().upsertCandles(series, session(DAY1, 100));
    expect(again).toEqual({ candles: 100, inserted: 0, replaced: 100, buckets: 1 });
    const revised = session(DAY1 + 50 * MIN, 100, 500); // overlaps the last 50, adds 50
    const s = await repo().upsertCandles(series, revised);
    expect(s).toMatchObject({ inserted: 50, replaced: 50 });
    const all = await collect(repo().streamCandles(series));
    expect(all).toHaveLength(150);
    expect(new Set(all.map((c) => c.t)).size).toBe(150);
    expect(all[50]!.c).toBe(500);
    expect(all[49]!.c).toBe(149);
    // duplicates inside one input: the last one wins
    await repo().upsertCandles(series, [bar(DAY1, 7), bar(DAY1, 8)]);
    expect((await collect(repo().streamCandles({ ...series, to: DAY1 + 1 })))[0]!.c).toBe(8);
  });

  it('streams a range [from, to) in time order across days', async () => {
    const series = { instrument: 'NSE_INDEX|Nifty Bank', timeframe: '1m' };
    await repo().upsertCandles(series, [...session(DAY3, 10), ...session(DAY1, 10), ...session(DAY2, 10)]);
    const from = DAY1 + 5 * MIN;
    const to = DAY3 + 3 * MIN;
    const got = await collect(repo().streamCandles({ ...series, from, to }));
    expect(got[0]!.t).toBe(from);
    expect(got[got.length - 1]!.t).toBe(DAY3 + 2 * MIN);
    expect(got).toHaveLength(5 + 10 + 3);
    expect(got.every((c, i) => i === 0 || c.t > got[i - 1]!.t)).toBe(true);
    expect(await collect(repo().streamCandles({ ...series, from: new Date(DAY2), to: new Date(DAY2 + 2 * MIN) }))).toHaveLength(2);
    expect(await collect(repo().streamCandles({ instrument: 'NSE_EQ|NONE', timeframe: '1m' }))).toEqual([]);
  });

  it('refuses a malformed candle naming the field, and writes nothing of that call', async () => {
    const series = { instrument: 'NSE_EQ|HDFC', timeframe: '1m' };
    const bars = session(DAY1, 10);
    bars[3] = { ...bars[3]!, h: bars[3]!.l - 5 };
    const err = await repo().upsertCandles(series, bars).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidDocumentError);
    expect((err as InvalidDocumentError).field).toBe('candles.3');
    expect((err as Error).message).toMatch(/^historical_candles: candles\.3: high must be the highest/);
    const bad = session(DAY1, 3) as unknown as Array<Record<string, unknown>>;
    bad[1] = { ...bad[1], v: 'lots' };
    await expect(repo().upsertCandles(series, bad as unknown as Candle[])).rejects.toThrow('historical_candles: candles.1.v:');
    await expect(repo().upsertCandles({ instrument: 'TCS', timeframe: '1m' }, session(DAY1, 1))).rejects.toThrow('historical_candles: instrument:');
    await expect(repo().upsertCandles({ instrument: 'NSE_EQ|HDFC', timeframe: '7x' }, session(DAY1, 1))).rejects.toThrow('historical_candles: timeframe:');
    expect(await raw().countDocuments({ instrument_key: 'NSE_EQ|HDFC' })).toBe(0);
  });

  it('keeps both writers candles when two imports of the same day race', async () => {
    const series = { instrument: 'NSE_EQ|SBIN', timeframe: '1m' };
    const a = session(DAY1, 100).filter((_, i) => i % 2 === 0);
    const b = session(DAY1, 100).filter((_, i) => i % 2 === 1);
    await Promise.all([repo().upsertCandles(series, a), repo().upsertCandles(series, b), repo().upsertCandles(series, a.slice(0, 10))]);
    const all = await collect(repo().streamCandles(series));
    expect(all.map((c) => c.t)).toEqual(session(DAY1, 100).map((c) => c.t));
  });

  it('imports a stream in batches with progress, and reports coverage and series', async () => {
    const series = { instrument: 'NSE_EQ|ITC', timeframe: '1m' };
    async function* source() {
      const all = [...session(DAY1, 375), ...session(DAY2, 375)];
      for (let i = 0; i < all.length; i += 100) yield all.slice(i, i + 100);
    }
    const progress: number[] = [];
    const s = await repo().importSource(series, source(), { batchSize: 300, onProgress: (n) => progress.push(n) });
    expect(s.candles).toBe(750);
    expect(progress).toEqual([300, 600, 750]);
    expect(await repo().coverage(series)).toEqual({ first: DAY1, last: DAY2 + 374 * MIN, candles: 750, days: 2 });
    expect(await repo().coverage({ instrument: 'NSE_EQ|NONE', timeframe: '1m' })).toBeNull();
    const listed = await repo().listSeries();
    expect(listed.find((l) => l.instrument === 'NSE_EQ|ITC')).toMatchObject({ timeframe: '1m', candles: 750, days: 2 });
    expect(await repo().deleteSeries(series)).toBe(2);
    expect(await repo().coverage(series)).toBeNull();
  });

  it('has the unique series/day index', async () => {
    const ix = await raw().indexes();
    expect(ix.find((i) => i.name === 'series_date_unique')).toMatchObject({ unique: true, key: { instrument_key: 1, timeframe: 1, date: 1 } });
  });
});

describe('historical_candles as a CandleSource', () => {
  it('yields day batches in strictly increasing time, and can be read twice', async () => {
    const series = { instrument: 'NSE_EQ|LT', timeframe: '1m' };
    await repo().upsertCandles(series, [...session(DAY2, 5), ...session(DAY1, 5)]);
    const src = repo().source(series);
    const batches: Candle[][] = [];
    for await (const b of src) batches.push([...b]);
    expect(batches.map((b) => b.length)).toEqual([5, 5]);
    const ts = batches.flat().map((c) => c.t);
    expect(ts.every((t, i) => i === 0 || t > ts[i - 1]!)).toBe(true);
    let again = 0;
    for await (const b of src) again += b.length;
    expect(again).toBe(10);
  });
});
