import { describe, expect, it } from 'vitest';
import { collectCandles, DataError, synthCandles, type SynthOptions } from '../../src/data/index.js';
import { CandleSchema } from '../../src/market/candle.js';

const YEAR: SynthOptions = { symbol: 'NSE_EQ|RELIANCE', from: '2024-01-01', to: '2024-12-31', seed: 42 };
const IST = 330 * 60_000;

describe('synthetic market', () => {
  it('is deterministic: same options, same candles; another seed or symbol, another series', async () => {
    const week = { ...YEAR, to: '2024-01-07' };
    const a = await collectCandles(synthCandles(week));
    expect(await collectCandles(synthCandles(week))).toEqual(a);
    expect((await collectCandles(synthCandles({ ...week, seed: 43 })))[10]).not.toEqual(a[10]);
    expect((await collectCandles(synthCandles({ ...week, symbol: 'NSE_EQ|TCS' })))[10]).not.toEqual(a[10]);
  });

  it('gives a date the same bars whatever range is asked for', async () => {
    const wide = await collectCandles(synthCandles({ ...YEAR, from: '2024-05-01', to: '2024-06-30' }));
    const narrow = await collectCandles(synthCandles({ ...YEAR, from: '2024-06-10', to: '2024-06-11' }));
    const at = wide.findIndex((c) => c.t === narrow[0]!.t);
    expect(at).toBeGreaterThan(0);
    expect(wide.slice(at, at + narrow.length)).toEqual(narrow);
  });

  it('keeps the first candles of a fixed seed (a change here means bumping SYNTH_VERSION)', async () => {
    const first = (await collectCandles(synthCandles({ symbol: 'NSE_EQ|TCS', from: '2024-01-01', to: '2024-01-01', seed: 1 }))).slice(0, 2);
    expect(first).toMatchInlineSnapshot(`
      [
        {
          "c": 4587,
          "h": 4590.6,
          "l": 4568.8,
          "o": 4572.15,
          "t": 1704080700000,
          "v": 23702,
        },
        {
          "c": 4591.4,
          "h": 4597.5,
          "l": 4585.45,
          "o": 4587,
          "t": 1704080760000,
          "v": 14614,
        },
      ]
    `);
  });

  it('trades the NSE session on weekdays: 375 one-minute bars from 09:15 IST, valid candles on the tick', async () => {
    const bars = await collectCandles(synthCandles(YEAR));
    expect(bars).toHaveLength(262 * 375);
    const wrong = bars.filter((c) => {
      const local = new Date(c.t + IST);
      const minutes = local.getUTCHours() * 60 + local.getUTCMinutes();
      const inSession = minutes >= 9 * 60 + 15 && minutes < 15 * 60 + 30;
      const weekday = local.getUTCDay() !== 0 && local.getUTCDay() !== 6;
      const onTick = [c.o, c.h, c.l, c.c].every((p) => Math.abs(p * 20 - Math.round(p * 20)) < 1e-6);
      return !inSession || !weekday || !onTick || !CandleSchema.safeParse(c).success;
    });
    expect(wrong).toEqual([]);
  });

  it('looks like a market: U-shaped volume, overnight gaps, and trends', async () => {
    const bars = await collectCandles(synthCandles(YEAR));
    const byMinute = new Array<number>(375).fill(0);
    bars.forEach((c, i) => (byMinute[i % 375]! += c.v));
    const mean = (from: number, to: number) => byMinute.slice(from, to).reduce((s, v) => s + v, 0) / (to - from);
    expect(mean(0, 15)).toBeGreaterThan(2 * mean(150, 225));
    expect(mean(360, 375)).toBeGreaterThan(1.3 * mean(150, 225));
    const days = Array.from({ length: bars.length / 375 }, (_, d) => ({ open: bars[d * 375]!.o, close: bars[d * 375 + 374]!.c }));
    const gaps = days.slice(1).map((d, i) => Math.abs(d.open / days[i]!.close - 1));
    expect(gaps.filter((g) => g > 0.0005).length).toBeGreaterThan(days.length / 2);
    expect(gaps.some((g) => g > 0.01)).toBe(true);
    const moves = days.slice(20).map((d, i) => Math.abs(d.close / days[i]!.close - 1));
    expect(Math.max(...moves)).toBeGreaterThan(0.08);
  });

  it('refuses options it cannot honour, naming them', () => {
    const err = (o: SynthOptions): string => {
      try {
        synthCandles(o);
      } catch (e) {
        if (e instanceof DataError) return `${e.code}: ${e.message}`;
        throw e;
      }
      return 'no error';
    };
    expect(err({ ...YEAR, from: '2024-03-01', to: '2024-02-01' })).toBe('BAD_OPTION: synthetic data: from 2024-03-01 is after to 2024-02-01');
    expect(err({ ...YEAR, from: '2024-02-30' })).toBe('BAD_OPTION: synthetic data: from 2024-02-30 is not a date');
    expect(err({ ...YEAR, from: '24-01-01' })).toBe('BAD_OPTION: synthetic data: from: a date YYYY-MM-DD');
    expect(err({ ...YEAR, timeframe: '30s' })).toBe('BAD_OPTION: synthetic data: timeframe 30s: use 1m or higher (the generator makes 1m bars and resamples them)');
    expect(err({ ...YEAR, from: '1985-01-01' })).toBe('BAD_OPTION: synthetic data: from 1985-01-01 is outside 1990-01-01 .. 2099-12-31');
  });
});
