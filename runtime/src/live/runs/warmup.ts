import type { Redis } from 'ioredis';
import type { CandleSource } from '../../data/candle-source.js';
import { resample } from '../../data/resample.js';
import { DAY_MS } from '../../data/zone-clock.js';
import type { GraphProgram } from '../../evaluator/program.js';
import { CandleSchema, type Candle } from '../../market/candle.js';
import type { WriteRecipe } from '../../redis/keyspace/codec.js';
import { encode } from '../../redis/keyspace/codec.js';
import { redisKeys } from '../../redis/keyspace/keys.js';
import type { Storage } from '../../storage/storage.js';

/**
 * Where a run's series come from before its first live bar, and after a restart:
 *
 * - the warm-up: stored candles (`historical_candles`, resampled to the strategy's
 *   timeframe) from {@link warmupStart} up to the run's start — enough sessions for three
 *   times every timeframe's warm-up, so exponential averages have settled;
 * - the run's own bars: every bar the run evaluated, kept in `runtime:{id}:bars:{key}`.
 *
 * Replaying both through a fresh evaluator (`StrategyCore.prime`) rebuilds exactly the
 * series an uninterrupted run has. A backtest that starts its data at `warmupStart` and
 * trades from the run's start sees the same bars — what the parity test does.
 */

/** Bars of one run kept per instrument (a run longer than this primes from stored candles for the rest). */
export const RUN_BARS_KEPT = 20_000;

/** The first instant warm-up candles are read from, for a run starting at `runStart`. */
export function warmupStart(program: GraphProgram, runStart: number): number {
  const clock = program.clock;
  const sessionMs = clock.closeMs > clock.openMs ? clock.closeMs - clock.openMs : DAY_MS + clock.closeMs - clock.openMs;
  let sessions = 1;
  for (const tf of program.timeframes) {
    const bars = 3 * (tf.warmup + 1);
    sessions = Math.max(sessions, tf.ms >= DAY_MS ? Math.ceil((bars * tf.ms) / DAY_MS) : Math.ceil((bars * tf.ms) / sessionMs));
  }
  const calendarDays = Math.ceil((sessions * 7) / 5) + 3;
  return clock.openOf(clock.sessionDay(runStart) - calendarDays);
}

/**
 * Stored candles of `instrument` in `[from, to)` at the strategy's timeframe: stored at that
 * timeframe, else stored 1-minute candles resampled; undefined when neither is stored.
 */
export async function storedBars(storage: Storage, program: GraphProgram, instrument: string, from: number, to: number): Promise<CandleSource | undefined> {
  const base = program.timeframes[0]!.tf;
  for (const tf of base === '1m' ? ['1m'] : [base, '1m']) {
    const cov = await storage.historicalCandles.coverage({ instrument, timeframe: tf });
    if (!cov || cov.last < from || cov.first >= to) continue;
    const source = storage.historicalCandles.source({ instrument, timeframe: tf, from, to });
    return tf === base ? source : resample(source, { from: tf, to: base, session: program.session });
  }
  return undefined;
}

/** Collects a candle source (warm-up windows are small: days of bars). */
export async function collect(source: CandleSource | undefined): Promise<Candle[]> {
  const out: Candle[] = [];
  if (source) for await (const batch of source) for (const c of batch) out.push(c);
  return out;
}

/** The bars a run has evaluated on one instrument, oldest first. */
export async function loggedBars(redis: Redis, setId: string, instrument: string): Promise<Candle[]> {
  const rows = await redis.lrange(redisKeys.runBars(setId, instrument), 0, -1);
  return rows.map((r) => CandleSchema.parse(JSON.parse(r)) as Candle);
}

/** Queues: remember a bar the run evaluated. */
export function logBarRecipe(setId: string, instrument: string, bar: Candle): WriteRecipe {
  const key = redisKeys.runBars(setId, instrument);
  const value = encode(bar);
  return (c) => {
    c.rpush(key, value);
    c.ltrim(key, -RUN_BARS_KEPT, -1);
  };
}

/**
 * The bars to prime an evaluator with for a run of `program` started at `runStart`: stored
 * warm-up bars (before the run's first logged bar, or its start) followed by the logged bars.
 */
export async function primingBars(storage: Storage, redis: Redis, program: GraphProgram, setId: string, instrument: string, runStart: number): Promise<Candle[]> {
  const logged = await loggedBars(redis, setId, instrument);
  const until = logged.length ? Math.min(logged[0]!.t, runStart) : runStart;
  const stored = await collect(await storedBars(storage, program, instrument, warmupStart(program, runStart), until));
  return [...stored, ...logged];
}
