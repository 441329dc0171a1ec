import { z } from 'zod';

/**
 * One bar of market data — the one candle type every part of the runtime uses (data
 * import, resampling, indicators, backtester, live candle builder, Mongo
 * `historical_candles`, whose documents store candles in exactly this shape).
 *
 * `t` is the bar's open time in epoch milliseconds (UTC); the bar covers
 * `[t, t + timeframe)`. `oi` (open interest) is present for derivatives only.
 */
export interface Candle {
  t: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  oi?: number;
}

/** Validates a candle at a boundary (files, Mongo, the API): finite prices > 0, h ≥ max(o,c,l), l ≤ min(o,c). */
export const CandleSchema = z
  .object({
    t: z.number().int(),
    o: z.number().positive(),
    h: z.number().positive(),
    l: z.number().positive(),
    c: z.number().positive(),
    v: z.number().nonnegative(),
    oi: z.number().nonnegative().optional(),
  })
  .refine((b) => b.h >= Math.max(b.o, b.c, b.l) && b.l <= Math.min(b.o, b.c), {
    message: 'high must be the highest and low the lowest of open, high, low, close',
  });
