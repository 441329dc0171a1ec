import type { Candle } from '../../market/candle.js';

/**
 * The arithmetic of `historical_candles` buckets: which UTC day a candle belongs to, a
 * bucket's id, and merging new candles into a stored day (a candle with the same `t`
 * replaces the stored one; the result is sorted and has one candle per `t`).
 */

const DAY_MS = 86_400_000;

const dayCache = new Map<number, string>();
/** The UTC date `YYYY-MM-DD` of epoch-ms `t`. */
export function candleDay(t: number): string {
  const day = Math.floor(t / DAY_MS);
  let s = dayCache.get(day);
  if (s === undefined) {
    s = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dayCache.size > 100_000) dayCache.clear();
    dayCache.set(day, s);
  }
  return s;
}

/** A bucket's `_id`: `<instrument>:<timeframe>:<date>`. */
export function bucketId(series: { readonly instrument: string; readonly timeframe: string }, date: string): string {
  return `${series.instrument}:${series.timeframe}:${date}`;
}

/** Epoch ms of a range bound given as a number or a Date. */
export function ms(v: number | Date | undefined): number | undefined {
  return v === undefined ? undefined : v instanceof Date ? v.getTime() : v;
}

/** Copies only the candle fields (no stray properties reach the database). */
export function plain(c: Candle): Candle {
  return c.oi === undefined ? { t: c.t, o: c.o, h: c.h, l: c.l, c: c.c, v: c.v } : { t: c.t, o: c.o, h: c.h, l: c.l, c: c.c, v: c.v, oi: c.oi };
}

/** Merges `incoming` (by `t`) over `stored`: sorted result, and how many `t` were new. */
export function mergeCandles(stored: readonly Candle[], incoming: ReadonlyMap<number, Candle>): { candles: Candle[]; inserted: number } {
  const merged = new Map<number, Candle>();
  for (const c of stored) merged.set(c.t, c);
  let inserted = 0;
  for (const [t, c] of incoming) {
    if (!merged.has(t)) inserted++;
    merged.set(t, c);
  }
  return { candles: Array.from(merged.values()).sort((a, b) => a.t - b.t), inserted };
}
