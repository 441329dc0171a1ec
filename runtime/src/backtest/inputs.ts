import { formatTimeframe, parseTimeframe, timeframeMs } from '@algo/language';
import { DataError, type CandleSource } from '../data/candle-source.js';
import { planResample, resample } from '../data/resample.js';
import type { ExchangeSession } from '../data/session.js';
import type { Candle } from '../market/candle.js';

/**
 * Getting bars into the strategy's timeframe: finding the timeframe of a file that does not
 * say it, and resampling (the data layer's `resample`) to the strategy's base timeframe, with
 * a refusal that names both timeframes when it cannot be done.
 */

const BAR_LENGTHS = ['1s', '5s', '15s', '30s', '1m', '2m', '3m', '5m', '10m', '15m', '30m', '1h', '2h', '4h', '1d', '1w'];

/**
 * The timeframe of a source's bars, from the smallest gap between consecutive bar times in
 * its first 500 bars (a missing minute only makes gaps longer; a weekend is longer than a
 * day). Returns a source that replays what was peeked, so the file is read once.
 * Fewer than two bars, or a gap that is not a bar length, is a `TIMEFRAME_REFUSED` error
 * naming the gap and asking for `--tf`.
 */
export async function detectTimeframe(source: CandleSource, name: string): Promise<{ timeframe: string; source: CandleSource }> {
  const it = source[Symbol.asyncIterator]();
  const peeked: (readonly Candle[])[] = [];
  let seen = 0;
  let gap = Infinity;
  let prev = NaN;
  let done = false;
  while (seen < 500) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    peeked.push(r.value);
    for (const c of r.value) {
      if (seen++ > 0 && c.t - prev < gap) gap = c.t - prev;
      prev = c.t;
    }
  }
  if (!Number.isFinite(gap)) throw new DataError('TIMEFRAME_REFUSED', `${name}: fewer than two bars, so their timeframe cannot be told; pass --tf`);
  const match = BAR_LENGTHS.find((tf) => timeframeMs(tf) === gap) ?? (gap >= 86_400_000 && gap < 7 * 86_400_000 ? '1d' : undefined);
  if (!match) throw new DataError('TIMEFRAME_REFUSED', `${name}: bars are ${describeGap(gap)} apart, which is not a bar length this tool knows; pass --tf`);
  const replay: CandleSource = {
    async *[Symbol.asyncIterator]() {
      yield* peeked;
      if (done) return;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield r.value;
      }
    },
  };
  return { timeframe: match, source: replay };
}

function describeGap(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000} minutes`;
  return `${ms / 1000} seconds`;
}

/**
 * `source` (bars of `dataTimeframe`) as bars of the strategy's `timeframe`. A timeframe the
 * data cannot give (the strategy wants 1m and the file has 5m bars, or 7m from 5m) is a
 * `TIMEFRAME_REFUSED` error naming both.
 */
export function toStrategyTimeframe(source: CandleSource, dataTimeframe: string, timeframe: string, session: ExchangeSession, name: string): CandleSource {
  const plan = planResample(dataTimeframe, timeframe);
  if ('error' in plan) throw new DataError('TIMEFRAME_REFUSED', `${name}: the strategy runs on ${timeframe} bars and the data has ${dataTimeframe} bars: ${plan.error}`);
  return resample(source, { from: dataTimeframe, to: timeframe, session });
}

/** A timeframe as written, normalised (`60m` stays `60m`; checked). */
export function checkTimeframe(tf: string): string | undefined {
  const p = parseTimeframe(tf);
  return p ? formatTimeframe(p) : undefined;
}
