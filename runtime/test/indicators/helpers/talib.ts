import { createRequire } from 'node:module';
import type { Candle } from '../../../src/market/candle.js';

interface TalibResult {
  begIndex: number;
  nbElement: number;
  result: Record<string, number[]>;
  error?: string;
}
interface Talib {
  execute(params: Record<string, unknown>): TalibResult;
}

const talib = createRequire(import.meta.url)('talib') as Talib;

/**
 * Runs a TA-Lib function over the whole series and returns each output as an array as long
 * as the input, NaN before TA-Lib's first value — directly comparable, bar by bar, with what
 * an incremental indicator reports.
 */
export function runTalib(name: string, bars: readonly Candle[], options: Record<string, number> = {}, inReal?: readonly number[]): Record<string, number[]> {
  const res = talib.execute({
    name,
    startIdx: 0,
    endIdx: bars.length - 1,
    open: bars.map((b) => b.o),
    high: bars.map((b) => b.h),
    low: bars.map((b) => b.l),
    close: bars.map((b) => b.c),
    volume: bars.map((b) => b.v),
    inReal: inReal ?? bars.map((b) => b.c),
    ...options,
  });
  if (res.error) throw new Error(`TA-Lib ${name}: ${res.error}`);
  const out: Record<string, number[]> = {};
  for (const [key, values] of Object.entries(res.result)) {
    const full = new Array<number>(bars.length).fill(NaN);
    values.forEach((v, i) => (full[res.begIndex + i] = v));
    out[key] = full;
  }
  return out;
}
