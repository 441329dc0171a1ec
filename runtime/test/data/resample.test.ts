import { describe, expect, it } from 'vitest';
import { collectCandles, DataError, fromCandles, planResample, resample, synthCandles } from '../../src/data/index.js';
import type { Candle } from '../../src/market/candle.js';
import { ist } from './helpers.js';

const minute = (t: number, o: number, h: number, l: number, c: number, v: number, oi?: number): Candle => ({ t, o, h, l, c, v, ...(oi === undefined ? {} : { oi }) });

/** One-minute bars of 2024-01-02 from 09:15 for `n` minutes: close = 100 + i, volume = i + 1. */
function session(n: number, day = 2): Candle[] {
  return Array.from({ length: n }, (_, i) => minute(ist(2024, 1, day, 9, 15) + i * 60_000, 100 + i - 0.5, 100 + i + 1, 100 + i - 1, 100 + i, i + 1, 1000 + i));
}

async function run(bars: Candle[], from: string, to: string): Promise<Candle[]> {
  return collectCandles(resample(fromCandles(bars, 7), { from, to }));
}

describe('resample', () => {
  it('1m → 15m aligned to the NSE open: open first, high max, low min, close last, volume summed, oi last', async () => {
    const out = await run(session(375), '1m', '15m');
    expect(out).toHaveLength(25);
    expect(out[0]).toEqual({ t: ist(2024, 1, 2, 9, 15), o: 99.5, h: 115, l: 99, c: 114, v: 120, oi: 1014 });
    expect(out[1]!.t).toBe(ist(2024, 1, 2, 9, 30));
    expect(out.at(-1)!.t).toBe(ist(2024, 1, 2, 15, 15));
  });

  it('1m → 1h gives 09:15, 10:15, … 15:15, the last one 15 minutes long', async () => {
    const out = await run(session(375), '1m', '1h');
    expect(out.map((c) => (c.t - ist(2024, 1, 2, 9, 15)) / 3_600_000)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(out.at(-1)!.v).toBe([...Array(15).keys()].reduce((s, i) => s + 361 + i, 0));
  });

  it('1m → 7m is allowed (a whole number of minutes), cut from the open', async () => {
    const out = await run(session(21), '1m', '7m');
    expect(out.map((c) => c.t)).toEqual([0, 7, 14].map((m) => ist(2024, 1, 2, 9, 15 + m)));
  });

  it('1m → 1d: one bar per session date, stamped at local midnight; 1d → 1w from Monday', async () => {
    const days = [...session(375, 2), ...session(375, 3), ...session(10, 8)];
    const daily = await run(days, '1m', '1d');
    expect(daily.map((c) => c.t)).toEqual([ist(2024, 1, 2), ist(2024, 1, 3), ist(2024, 1, 8)]);
    expect(daily[0]).toEqual({ t: ist(2024, 1, 2), o: 99.5, h: 475, l: 99, c: 474, v: (375 * 376) / 2, oi: 1374 });
    const weekly = await run(daily, '1d', '1w');
    expect(weekly.map((c) => c.t)).toEqual([ist(2024, 1, 1), ist(2024, 1, 8)]);
    expect(weekly[0]!.c).toBe(daily[1]!.c);
  });

  it('makes no bar for an empty bucket', async () => {
    const bars = session(60).filter((_, i) => i < 15 || i >= 30);
    const out = await run(bars, '1m', '15m');
    expect(out.map((c) => c.t)).toEqual([ist(2024, 1, 2, 9, 15), ist(2024, 1, 2, 9, 45), ist(2024, 1, 2, 10, 0)]);
  });

  it('refuses a timeframe the data cannot give', () => {
    expect(planResample('5m', '7m')).toEqual({ error: 'cannot make 7m bars from 5m bars: 7m is not a whole number of 5m bars' });
    expect(planResample('15m', '5m')).toEqual({ error: 'cannot make 5m bars from 15m bars: a bar cannot be split into shorter ones' });
    expect(planResample('1d', '1h')).toEqual({ error: 'cannot make 1h bars from 1d bars: a bar cannot be split into shorter ones' });
    expect(planResample('1m', '2d')).toEqual({ error: '2d bars are not supported; use 1d or 1w' });
    expect(planResample('1m', '5x')).toEqual({ error: '"5x" is not a timeframe (like 1m, 5m, 1h, 1d)' });
    expect(planResample('1m', '1m')).toEqual({ plan: { kind: 'same' } });
    expect(() => resample(fromCandles([]), { from: '5m', to: '7m' })).toThrow(DataError);
  });

  it('refuses source bars that straddle two target bars', async () => {
    const hourly = [minute(ist(2024, 1, 2, 10, 0), 1, 1, 1, 1, 1), minute(ist(2024, 1, 2, 11, 0), 1, 1, 1, 1, 1)];
    await expect(run(hourly, '1h', '2h')).rejects.toThrow('the 1h bar at 2024-01-02 11:00 straddles two 2h bars (they start at the session open, 09:15); resample from bars that line up with it');
  });

  it('agrees with the generator: synth at 15m is synth at 1m resampled', async () => {
    const opts = { symbol: 'NSE_FO|NIFTY', from: '2024-03-04', to: '2024-03-08', seed: 3 };
    const direct = await collectCandles(synthCandles({ ...opts, timeframe: '15m' }));
    const viaOneMinute = await collectCandles(resample(synthCandles(opts), { from: '1m', to: '15m' }));
    expect(direct).toEqual(viaOneMinute);
    expect(direct).toHaveLength(5 * 25);
  });
});
