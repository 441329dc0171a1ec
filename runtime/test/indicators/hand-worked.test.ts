import { describe, expect, it } from 'vitest';
import { createIndicator, type Indicator } from '../../src/indicators/index.js';
import type { Candle } from '../../src/market/candle.js';
import { candles, walk } from './helpers/bars.js';
import { runTalib } from './helpers/talib.js';

// Indicators TA-Lib does not have (or has with a different meaning), checked against values
// worked out by hand from the definitions cited in docs/LANGUAGE.md.

function run(ind: Indicator, bars: readonly Candle[], a?: readonly number[], b?: readonly number[]): number[][] {
  return bars.map((bar, i) => {
    ind.update(bar, a ? a[i] : bar.c, b ? b[i] : NaN);
    return Array.from(ind.out);
  });
}

const flat = (xs: readonly number[]): Candle[] => candles(xs.map((x) => [x, x, x, x] as const));

describe('hand-worked indicators', () => {
  it('rma: Wilder average seeded with the SMA', () => {
    const out = run(createIndicator('rma', [undefined, 3]), flat([1, 2, 3, 4, 5, 6])).map((o) => o[0]!);
    expect(out.slice(0, 2)).toEqual([NaN, NaN]);
    expect(out[2]).toBe(2);
    expect(out[3]).toBeCloseTo(8 / 3, 14);
    expect(out[4]).toBeCloseTo(31 / 9, 14);
    expect(out[5]).toBeCloseTo(116 / 27, 14);
  });

  it('supertrend(1, 1): bands, ratchets and flips', () => {
    const bars = candles([
      [10, 11, 9, 10],
      [10, 12, 10, 11],
      [11, 13, 11, 12.5],
      [12.5, 15, 12.5, 14.5],
      [14.5, 15, 13, 13.5],
      [13.5, 13.5, 10, 10.5],
    ]);
    const out = run(createIndicator('supertrend', [1, 1]), bars);
    expect(out.map((o) => o[0])).toEqual([NaN, 13, 13, 11.25, 12, 15.25]);
    expect(out.map((o) => o[1])).toEqual([NaN, -1, -1, 1, 1, -1]);
  });

  it('supertrend(10, 3) equals a line-by-line transcription of Pine ta.supertrend over TA-Lib ATR', () => {
    const bars = walk(11, 2000);
    const atr = runTalib('ATR', bars, { optInTimePeriod: 10 }).outReal!;
    const ind = createIndicator('supertrend', [10, 3]);
    let prevUpper = 0;
    let prevLower = 0;
    let prevLine = NaN;
    let flips = 0;
    bars.forEach((bar, i) => {
      ind.update(bar);
      if (Number.isNaN(atr[i]!)) return expect(ind.value).toBeNaN();
      const src = (bar.h + bar.l) / 2;
      let upper = src + 3 * atr[i]!;
      let lower = src - 3 * atr[i]!;
      const close1 = bars[i - 1]!.c;
      lower = lower > prevLower || close1 < prevLower ? lower : prevLower;
      upper = upper < prevUpper || close1 > prevUpper ? upper : prevUpper;
      let pineDirection: number;
      if (Number.isNaN(atr[i - 1]!)) pineDirection = 1;
      else if (prevLine === prevUpper) pineDirection = bar.c > upper ? -1 : 1;
      else pineDirection = bar.c < lower ? 1 : -1;
      const line = pineDirection === -1 ? lower : upper;
      expect(Math.abs(ind.out[0]! - line)).toBeLessThan(1e-9 * line);
      expect(ind.out[1]).toBe(-pineDirection);
      if (i > 0 && ind.out[1] !== -(prevLine === prevUpper ? 1 : -1)) flips++;
      prevUpper = upper;
      prevLower = lower;
      prevLine = line;
    });
    expect(flips).toBeGreaterThan(10);
  });

  it('rising / falling: strict runs of length bars', () => {
    const xs = [1, 2, 3, 3, 4, 5, 4];
    const bars = flat(xs);
    expect(run(createIndicator('rising', [undefined, 2]), bars).map((o) => o[0])).toEqual([NaN, NaN, 1, 0, 0, 1, 0]);
    expect(run(createIndicator('falling', [undefined, 1]), bars).map((o) => o[0])).toEqual([NaN, 0, 0, 0, 0, 0, 1]);
  });

  it('crossover / crossunder: a > b after a ≤ b (and the mirror)', () => {
    const a = [1, 2, 3, 2, 1, 2, 2];
    const b = [2, 2, 2, 2, 2, 2, 1];
    const bars = flat(a);
    expect(run(createIndicator('crossover'), bars, a, b).map((o) => o[0])).toEqual([NaN, 0, 1, 0, 0, 0, 1]);
    expect(run(createIndicator('crossunder'), bars, a, b).map((o) => o[0])).toEqual([NaN, 0, 0, 0, 1, 0, 0]);
  });

  it('rsi(1) is 100 on a rise, 0 on a fall or no change (TA-Lib returns the input itself for 1)', () => {
    expect(run(createIndicator('rsi', [undefined, 1]), flat([5, 6, 4, 4])).map((o) => o[0])).toEqual([NaN, 100, 0, 0]);
  });

  it('macd with signal 1: the signal is the line and hist 0 (TA-Lib rejects an EMA of 1)', () => {
    const bars = walk(3, 60);
    const out = run(createIndicator('macd', [undefined, 3, 10, 1]), bars);
    expect(out.findIndex((o) => !Number.isNaN(o[0]!))).toBe(9);
    for (const [line, signal, hist] of out.slice(9)) {
      expect(signal).toBe(line);
      expect(hist).toBe(0);
    }
  });

  it('macd with fast > slow swaps them, as TA-Lib does', () => {
    const bars = walk(4, 100);
    const a = run(createIndicator('macd', [undefined, 26, 12, 9]), bars);
    const b = run(createIndicator('macd', [undefined, 12, 26, 9]), bars);
    expect(a).toEqual(b);
  });

  it('stdev of a flat window is exactly 0, and so is the Bollinger width', () => {
    const bars = flat([100.05, 100.1, 100.05, ...new Array<number>(30).fill(100.05)]);
    const sd = run(createIndicator('stdev', [undefined, 20]), bars).map((o) => o[0]!);
    expect(sd.at(-1)).toBe(0);
    const bb = run(createIndicator('bollinger', [undefined, 20, 2]), bars).at(-1)!;
    expect(bb[0]).toBe(bb[1]);
    expect(bb[2]).toBe(bb[1]);
  });
});
