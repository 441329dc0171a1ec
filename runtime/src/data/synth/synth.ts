import { parseTimeframe, timeframeMs } from '@algo/language';
import { z } from 'zod';
import type { Candle } from '../../market/candle.js';
import { DataError, type CandleSource } from '../candle-source.js';
import { resample } from '../resample.js';
import { ExchangeSessionSchema, NSE_SESSION, sessionClock } from '../session.js';
import { DAY_MS } from '../zone-clock.js';
import { DailyProcess, dayCandles, isWeekday, ORIGIN_DAY } from './market-model.js';
import { hash32 } from './random.js';

/** Names the generator's model; part of a run's data identity (change it when the model changes). */
export const SYNTH_VERSION = 'algo-synth/1';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * What to generate. `from` and `to` are exchange-local dates, both included; bars come for
 * weekdays only (no holiday calendar), in the session's hours (NSE 09:15–15:30 IST by default).
 */
export const SynthOptionsSchema = z
  .object({
    /** Instrument key, e.g. `NSE_EQ|RELIANCE`; different symbols get different series. */
    symbol: z.string().min(1),
    from: z.string().regex(DATE, 'a date YYYY-MM-DD'),
    to: z.string().regex(DATE, 'a date YYYY-MM-DD'),
    /** Bar timeframe, 1m or higher (built by resampling the 1m series). Default 1m. */
    timeframe: z.string().optional(),
    /** Any whole number; the same seed, symbol and dates give the same candles. Default 1. */
    seed: z.number().int().optional(),
    session: ExchangeSessionSchema.optional(),
    /** Price level the series moves around (default 100–3000, from the symbol). */
    basePrice: z.number().min(1).optional(),
    /** Price increment (default 0.05, NSE's tick). Its inverse must be a whole number. */
    tick: z.number().positive().optional(),
  })
  .strict();
export type SynthOptions = z.infer<typeof SynthOptionsSchema>;

const FIRST_DAY = ORIGIN_DAY;
const LAST_DAY = Date.UTC(2100, 0, 1) / DAY_MS - 1;

/**
 * A deterministic synthetic market as a {@link CandleSource}: the same options give the same
 * candles on every machine, and the bars of a date do not depend on the range asked for (see
 * market-model.ts). One batch per trading day. Bad options throw a `BAD_OPTION`
 * {@link DataError} naming the option. Used by `algo data synth` and by `--data synth:SYMBOL`.
 */
export function synthCandles(options: SynthOptions): CandleSource {
  const parsed = SynthOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DataError('BAD_OPTION', `synthetic data: ${issue.path.join('.') || 'options'}: ${issue.message}`);
  }
  const o = parsed.data;
  const fromDay = dayOf(o.from, 'from');
  const toDay = dayOf(o.to, 'to');
  if (fromDay > toDay) throw new DataError('BAD_OPTION', `synthetic data: from ${o.from} is after to ${o.to}`);
  const timeframe = o.timeframe ?? '1m';
  const tf = parseTimeframe(timeframe);
  if (!tf || timeframeMs(tf) < 60_000) throw new DataError('BAD_OPTION', `synthetic data: timeframe ${timeframe}: use 1m or higher (the generator makes 1m bars and resamples them)`);
  const tick = o.tick ?? 0.05;
  if (Math.abs(1 / tick - Math.round(1 / tick)) > 1e-9) throw new DataError('BAD_OPTION', `synthetic data: tick ${tick}: 1/tick must be a whole number (0.05, 0.01, 0.25, 1)`);
  const session = o.session ?? NSE_SESSION;
  const clock = sessionClock(session);
  const minutes = ((clock.closeMs - clock.openMs + DAY_MS) % DAY_MS || DAY_MS) / 60_000;
  const seed = o.seed ?? 1;
  const h = hash32(`level|${seed}|${o.symbol}`);
  const basePrice = o.basePrice ?? 100 + (h % 2900);
  const baseVolume = 500 + (hash32(`volume|${seed}|${o.symbol}`) % 20_000);

  const oneMinute: CandleSource = {
    async *[Symbol.asyncIterator]() {
      const daily = new DailyProcess(seed, o.symbol, basePrice);
      for (let day = fromDay; day <= toDay; day++) {
        if (!isWeekday(day)) continue;
        const plan = daily.plan(day);
        const candles: Candle[] = dayCandles(plan, { seed, symbol: o.symbol, openT: clock.openOf(day), bars: minutes, tick, baseVolume });
        yield candles;
      }
    },
  };
  return timeframe === '1m' ? oneMinute : resample(oneMinute, { from: '1m', to: timeframe, session });
}

function dayOf(date: string, which: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  if (new Date(wall).getUTCDate() !== d) throw new DataError('BAD_OPTION', `synthetic data: ${which} ${date} is not a date`);
  const day = wall / DAY_MS;
  if (day < FIRST_DAY || day > LAST_DAY) throw new DataError('BAD_OPTION', `synthetic data: ${which} ${date} is outside 1990-01-01 .. 2099-12-31`);
  return day;
}
