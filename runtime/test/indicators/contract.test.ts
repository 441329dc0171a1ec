import { INDICATORS } from '@algo/language';
import { describe, expect, it } from 'vitest';
import { createIndicator, implementedIndicators, IndicatorError, resolveIndicatorArgs } from '../../src/indicators/index.js';
import type { Candle } from '../../src/market/candle.js';
import { walk } from './helpers/bars.js';
import { runTalib } from './helpers/talib.js';

// The contract every indicator shares (the `Indicator` base): one implementation per catalogue
// entry, lookback equal to the catalogue's, NaN until exactly that many samples, non-numbers
// not consumed, time only forward.

const ENTRIES = INDICATORS.filter((e) => e.category === 'indicator');
const BARS: Candle[] = walk(7, 300).map((b) => ({ ...b, v: b.v + 1 }));

/** Argument sets to try for an entry: all defaults, then every length at 1, 2 and 7. */
function argSets(name: string): (number | undefined)[][] {
  const entry = ENTRIES.find((e) => e.name === name)!;
  const sets: (number | undefined)[][] = [];
  for (const len of [undefined, 1, 2, 7]) {
    sets.push(entry.params.map((p) => (p.kind === 'length' ? (len ?? (p.default as number | undefined) ?? 5) : p.kind === 'number' ? (p.default as number) : undefined)));
  }
  return sets;
}

function feed(name: string, args: (number | undefined)[], bars: readonly Candle[]): number[] {
  const ind = createIndicator(name, args);
  return bars.map((b) => ind.update(b, b.c, b.o));
}

describe('indicator contract', () => {
  it('implements exactly the catalogue indicators', () => {
    expect(implementedIndicators().sort()).toEqual(ENTRIES.map((e) => e.name).sort());
  });

  for (const entry of ENTRIES) {
    it(`${entry.name}: lookback equals the catalogue's and the first value comes on that bar`, () => {
      for (const args of argSets(entry.name)) {
        const ind = createIndicator(entry.name, args);
        const resolved = resolveIndicatorArgs(entry.name, args);
        expect(ind.lookback, `${entry.name}(${args.join(',')})`).toBe(entry.lookback(resolved));
        expect(ind.warmUp).toBe(ind.lookback + 1);
        expect(ind.outputs).toEqual(entry.outputs);
        const values = feed(entry.name, args, BARS);
        expect(values.findIndex((v) => !Number.isNaN(v)), `${entry.name}(${args.join(',')})`).toBe(ind.lookback);
      }
    });
  }

  it('is ready after warmUp samples, not before', () => {
    const ind = createIndicator('ema', [undefined, 5]);
    BARS.slice(0, 4).forEach((b) => ind.update(b, b.c));
    expect(ind.isReady).toBe(false);
    expect(ind.samples).toBe(4);
    ind.update(BARS[4]!, BARS[4]!.c);
    expect(ind.isReady).toBe(true);
    expect(ind.value).toBeCloseTo(BARS.slice(0, 5).reduce((s, b) => s + b.c, 0) / 5, 12);
  });

  it('does not consume leading NaNs: sma(rsi(close, 14), 5) equals TA-Lib SMA over TA-Lib RSI', () => {
    const rsi = createIndicator('rsi', [undefined, 14]);
    const sma = createIndicator('sma', [undefined, 5]);
    const ours = BARS.map((b) => sma.update(b, rsi.update(b, b.c)));
    const rsiRef = runTalib('RSI', BARS, { optInTimePeriod: 14 }).outReal!;
    const tail = rsiRef.slice(14);
    const smaRef = runTalib('SMA', BARS.slice(14), { optInTimePeriod: 5 }, tail).outReal!;
    const expected = [...new Array<number>(14).fill(NaN), ...smaRef];
    expect(ours.findIndex((v) => !Number.isNaN(v))).toBe(14 + 4);
    ours.forEach((v, i) => {
      if (Number.isNaN(expected[i]!)) expect(v).toBeNaN();
      else expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-9 * 100);
    });
  });

  it('skips a NaN or infinite value mid-stream: NaN on that bar, then as if it never came', () => {
    const xs = BARS.map((b) => b.c);
    const holes = new Map([
      [40, NaN],
      [41, Infinity],
      [90, -Infinity],
    ]);
    const withHoles = createIndicator('ema', [undefined, 10]);
    const without = createIndicator('ema', [undefined, 10]);
    BARS.forEach((b, i) => {
      const hole = holes.get(i);
      const v = withHoles.update(b, hole ?? xs[i]!);
      if (hole !== undefined) {
        expect(v).toBeNaN();
        expect(withHoles.isReady).toBe(true);
      } else {
        expect(v).toBe(without.update(b, xs[i]!));
      }
    });
    expect(withHoles.samples).toBe(BARS.length - holes.size);
  });

  it('skips a bar where either source of a two-source indicator is not a number', () => {
    const ind = createIndicator('crossover');
    const bar = (i: number): Candle => ({ t: i * 60_000, o: 1, h: 1, l: 1, c: 1, v: 0 });
    expect(ind.update(bar(1), 1, 2)).toBeNaN();
    expect(ind.update(bar(2), 3, NaN)).toBeNaN();
    expect(ind.update(bar(3), 3, 2)).toBe(1);
  });

  it('refuses a bar that does not move time forward', () => {
    const ind = createIndicator('sma', [undefined, 3]);
    ind.update(BARS[1]!, 1);
    for (const bar of [BARS[1]!, BARS[0]!]) {
      let error: unknown;
      try {
        ind.update(bar, 1);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(IndicatorError);
      expect((error as IndicatorError).code).toBe('TIME_NOT_FORWARD');
    }
  });

  it('names what is wrong with a call', () => {
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return e instanceof IndicatorError ? `${e.code}: ${e.message}` : String(e);
      }
      return undefined;
    };
    expect(code(() => createIndicator('smaa', [undefined, 3]))).toBe('UNKNOWN_INDICATOR: no indicator named "smaa"');
    expect(code(() => createIndicator('sma', [undefined, 0]))).toBe('BAD_ARGUMENT: sma(): argument 2 (length) must be at least 1, got 0');
    expect(code(() => createIndicator('ema', [undefined, 2.5]))).toBe('BAD_ARGUMENT: ema(): argument 2 (length) must be a whole number, got 2.5');
    expect(code(() => createIndicator('stdev', [undefined]))).toBe('BAD_ARGUMENT: stdev(): argument 2 (length) is required');
    expect(code(() => createIndicator('bollinger', [undefined, 20, NaN]))).toBe('BAD_ARGUMENT: bollinger(): argument 3 (mult) must be a number, got NaN');
  });

  it('takes the constants by parameter name too, as indicators_config jobs carry them', () => {
    expect(resolveIndicatorArgs('macd', { slow: 30, signal: 5 })).toEqual([undefined, 12, 30, 5]);
    expect(createIndicator('bollinger', { length: 10, mult: 1.5 }).lookback).toBe(9);
    expect(() => createIndicator('macd', { source: 3 })).toThrow('macd() has no constant parameter named "source"');
  });

  it('fills defaults from the catalogue', () => {
    expect(resolveIndicatorArgs('macd')).toEqual([undefined, 12, 26, 9]);
    expect(createIndicator('rsi').lookback).toBe(14);
    expect(createIndicator('change', [undefined]).lookback).toBe(1);
  });
});
