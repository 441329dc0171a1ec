import { describe, expect, it } from 'vitest';
import { createIndicator } from '../../src/indicators/index.js';
import type { Candle } from '../../src/market/candle.js';
import { walk } from './helpers/bars.js';
import { runTalib } from './helpers/talib.js';

// Every indicator TA-Lib also has, held to TA-Lib bar by bar on seeded random walks with
// flat stretches and gaps: NaN exactly where TA-Lib has no value yet, and within 1e-9
// relative everywhere after: |a − b| ≤ 1e-9·max(|a|, |b|, scale), where `scale` (1, or 100
// for the 0–100 oscillators) only matters for values crossing zero.
//
// Two known differences are compared the way they deserve:
// - stdev and the Bollinger band width are compared as variances, with an absolute floor of
//   1e-12·price²: on a flat window TA-Lib's E[x²] − E[x]² leaves cancellation noise (≈1e-11 at
//   a price of 100, reported as a "stdev" of 3e-6) where ours reads exactly 0.
// - dmi's .plus/.minus exist in TA-Lib (PLUS_DI, MINUS_DI) from bar `length`; the catalogue
//   reports every dmi output from the ADX lookback, so they are compared from there on.

type Field = 'o' | 'h' | 'l' | 'c';

interface Reference {
  /** TA-Lib function and options. */
  fn: string;
  opts?: Record<string, number>;
  /** TA-Lib output key. */
  key?: string;
}

interface Case {
  name: string;
  args: (number | undefined)[];
  /** Source field for source indicators. */
  source?: Field;
  /** Our output name ('' = the only/main one) → TA-Lib reference. */
  outputs: Record<string, Reference>;
  /** Magnitude below which differences are judged absolutely (default 1). */
  scale?: number;
  /** Compare `(ours − centre)²` to `(theirs − centre)²`: for stdev-like outputs. */
  variance?: 'stdev' | 'band';
  /** TA-Lib has values before our lookback (dmi's DI lines). */
  earlier?: boolean;
}

const p = (n: number) => ({ optInTimePeriod: n });
const one = (fn: string, opts?: Record<string, number>, key = 'outReal'): Record<string, Reference> => ({ '': { fn, key, ...(opts ? { opts } : {}) } });

const CASES: Case[] = [
  ...[2, 5, 20].map((n) => ({ name: 'sma', args: [undefined, n], source: 'c' as Field, outputs: one('SMA', p(n)) })),
  ...[2, 10, 50].map((n) => ({ name: 'ema', args: [undefined, n], source: 'c' as Field, outputs: one('EMA', p(n)) })),
  ...[2, 14, 30].map((n) => ({ name: 'wma', args: [undefined, n], source: 'c' as Field, outputs: one('WMA', p(n)) })),
  ...[2, 5, 20].map((n) => ({ name: 'dema', args: [undefined, n], source: 'c' as Field, outputs: one('DEMA', p(n)) })),
  ...[2, 5, 14].map((n) => ({ name: 'tema', args: [undefined, n], source: 'c' as Field, outputs: one('TEMA', p(n)) })),
  ...[2, 14, 30].map((n) => ({ name: 'rsi', args: [undefined, n], source: 'c' as Field, outputs: one('RSI', p(n)), scale: 100 })),
  ...[
    [12, 26, 9],
    [5, 35, 5],
    [3, 10, 2],
  ].map(([f, s, g]) => {
    const opts = { optInFastPeriod: f!, optInSlowPeriod: s!, optInSignalPeriod: g! };
    return {
      name: 'macd',
      args: [undefined, f, s, g],
      source: 'c' as Field,
      outputs: {
        line: { fn: 'MACD', opts, key: 'outMACD' },
        signal: { fn: 'MACD', opts, key: 'outMACDSignal' },
        hist: { fn: 'MACD', opts, key: 'outMACDHist' },
      },
    };
  }),
  ...[
    [14, 3, 3],
    [5, 1, 1],
    [9, 3, 5],
  ].map(([k, ks, d]) => {
    const opts = { optInFastK_Period: k!, optInSlowK_Period: ks!, optInSlowK_MAType: 0, optInSlowD_Period: d!, optInSlowD_MAType: 0 };
    return { name: 'stoch', args: [k, ks, d], scale: 100, outputs: { k: { fn: 'STOCH', opts, key: 'outSlowK' }, d: { fn: 'STOCH', opts, key: 'outSlowD' } } };
  }),
  ...[5, 20].map((n) => ({ name: 'cci', args: [n], outputs: one('CCI', p(n)), scale: 100 })),
  ...[5, 14].map((n) => ({ name: 'mfi', args: [n], outputs: one('MFI', p(n)), scale: 100 })),
  ...[5, 14].map((n) => ({ name: 'willr', args: [n], outputs: one('WILLR', p(n)), scale: 100 })),
  ...[1, 10].map((n) => ({ name: 'roc', args: [undefined, n], source: 'c' as Field, outputs: one('ROC', p(n)) })),
  ...[1, 10].map((n) => ({ name: 'mom', args: [undefined, n], source: 'c' as Field, outputs: one('MOM', p(n)) })),
  ...[1, 5].map((n) => ({ name: 'change', args: [undefined, n], source: 'c' as Field, outputs: one('MOM', p(n)) })),
  { name: 'tr', args: [], outputs: one('TRANGE') },
  ...[1, 5, 14].map((n) => ({ name: 'atr', args: [n], outputs: one('ATR', p(n)) })),
  ...[2, 5, 20].map((n) => ({ name: 'stdev', args: [undefined, n], source: 'c' as Field, outputs: one('STDDEV', { ...p(n), optInNbDev: 1 }), variance: 'stdev' as const })),
  ...[
    [20, 2],
    [10, 1.5],
  ].map(([n, k]) => {
    const opts = { optInTimePeriod: n!, optInNbDevUp: k!, optInNbDevDn: k!, optInMAType: 0 };
    return {
      name: 'bollinger',
      args: [undefined, n, k],
      source: 'c' as Field,
      variance: 'band' as const,
      outputs: {
        upper: { fn: 'BBANDS', opts, key: 'outRealUpperBand' },
        middle: { fn: 'BBANDS', opts, key: 'outRealMiddleBand' },
        lower: { fn: 'BBANDS', opts, key: 'outRealLowerBand' },
      },
    };
  }),
  ...[2, 5, 14].map((n) => ({ name: 'adx', args: [n], outputs: one('ADX', p(n)), scale: 100 })),
  ...[5, 14].map((n) => ({
    name: 'dmi',
    args: [n],
    scale: 100,
    earlier: true,
    outputs: { plus: { fn: 'PLUS_DI', opts: p(n) }, minus: { fn: 'MINUS_DI', opts: p(n) }, adx: { fn: 'ADX', opts: p(n) } },
  })),
  ...[
    [0.02, 0.2],
    [0.05, 0.1],
    [0.3, 0.2],
  ].map(([s, m]) => ({ name: 'sar', args: [s, m], outputs: one('SAR', { optInAcceleration: s!, optInMaximum: m! }) })),
  { name: 'obv', args: [], outputs: one('OBV') },
  ...[2, 20].map((n) => ({ name: 'highest', args: [undefined, n], source: 'h' as Field, outputs: one('MAX', p(n)) })),
  ...[2, 20].map((n) => ({ name: 'lowest', args: [undefined, n], source: 'l' as Field, outputs: one('MIN', p(n)) })),
];

const SERIES: readonly Candle[][] = [1, 2, 3, 4, 5].map((seed) => walk(seed, 700)).concat([walk(99, 6000, 2500)]);

function close(a: number, b: number, scale: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b), scale);
}

/** Variances (a − centre)² and (b − centre)² within 1e-9 relative, absolute floor 1e-12·price². */
function closeVariance(a: number, b: number, centre: number, price: number): boolean {
  const va = (a - centre) ** 2;
  const vb = (b - centre) ** 2;
  return Math.abs(va - vb) <= Math.max(1e-9 * Math.max(va, vb), 1e-12 * price * price);
}

function inputOf(c: Case, bars: readonly Candle[]): number[] | undefined {
  return c.source ? bars.map((b) => b[c.source!]) : undefined;
}

describe('indicators agree with TA-Lib', () => {
  for (const c of CASES) {
    it(`${c.name}(${c.args.map((a) => a ?? 'src').join(', ')})`, () => {
      for (const bars of SERIES) {
        const ind = createIndicator(c.name, c.args);
        const src = inputOf(c, bars);
        const ours: Record<string, number[]> = Object.fromEntries(Object.keys(c.outputs).map((k) => [k, [] as number[]]));
        bars.forEach((bar, i) => {
          ind.update(bar, src ? src[i] : NaN);
          for (const k of Object.keys(c.outputs)) ours[k]!.push(ind.out[ind.outputIndex(k)]!);
        });
        const middle = c.variance === 'band' ? ours.middle! : undefined;
        for (const [k, ref] of Object.entries(c.outputs)) {
          const theirs = runTalib(ref.fn, bars, ref.opts, src)[ref.key ?? 'outReal']!;
          const mine = ours[k]!;
          const first = theirs.findIndex((v) => !Number.isNaN(v));
          if (c.earlier) expect(first).toBeLessThanOrEqual(ind.lookback);
          else expect(first, `${k}: TA-Lib's first value is at the lookback`).toBe(ind.lookback);
          for (let i = 0; i < bars.length; i++) {
            const a = mine[i]!;
            const b = i < ind.lookback ? NaN : theirs[i]!;
            const ok =
              Number.isNaN(a) === Number.isNaN(b) &&
              (Number.isNaN(a) ||
                (c.variance === undefined || k === 'middle'
                  ? close(a, b, c.scale ?? 1)
                  : closeVariance(a, b, middle ? middle[i]! : 0, bars[i]!.c)));
            if (!ok) expect.fail(`${c.name}.${k || 'value'} bar ${i} of ${bars.length}: ours ${a}, TA-Lib ${b}`);
          }
        }
      }
    });
  }

  it('donchian bands are TA-Lib MAX(high) and MIN(low), the middle their mean', () => {
    for (const bars of SERIES) {
      const ind = createIndicator('donchian', [20]);
      const hi = runTalib('MAX', bars, p(20), bars.map((b) => b.h)).outReal!;
      const lo = runTalib('MIN', bars, p(20), bars.map((b) => b.l)).outReal!;
      bars.forEach((bar, i) => {
        ind.update(bar);
        const [u, m, l] = ind.out;
        expect(Number.isNaN(u!)).toBe(Number.isNaN(hi[i]!));
        if (!Number.isNaN(u!)) {
          expect(u).toBe(hi[i]);
          expect(l).toBe(lo[i]);
          expect(m).toBe((hi[i]! + lo[i]!) / 2);
        }
      });
    }
  });
});
