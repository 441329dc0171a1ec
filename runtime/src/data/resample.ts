import { isMultipleOf, parseTimeframe, timeframeMs, type Timeframe } from '@algo/language';
import type { Candle } from '../market/candle.js';
import { DataError, type CandleSource } from './candle-source.js';
import { describeWall } from './csv/timestamps.js';
import { NSE_SESSION, sessionClock, type ExchangeSession, type SessionClock } from './session.js';

/** How bars of the target timeframe are cut from the source bars. */
export type ResamplePlan =
  | { readonly kind: 'same' }
  /** Intraday: buckets of `ms` counted from each session's open (15m → 09:15, 09:30, … on NSE). */
  | { readonly kind: 'intraday'; readonly ms: number; readonly fromMs: number }
  /** One bar per session date, stamped at local midnight of that date. */
  | { readonly kind: 'day' }
  /** One bar per Monday-to-Sunday week, stamped at local midnight of its Monday. */
  | { readonly kind: 'week' };

/**
 * Decides whether bars of `to` can be built from bars of `from`, and how. Refusals are values
 * (a sentence for the user): a lower or unrelated timeframe (`7m` from `5m`), multi-day bars
 * other than `1d`/`1w`, or bars below one second.
 */
export function planResample(from: string, to: string): { plan: ResamplePlan } | { error: string } {
  const f = parseTimeframe(from);
  const t = parseTimeframe(to);
  if (!f) return { error: `"${from}" is not a timeframe (like 1m, 5m, 1h, 1d)` };
  if (!t) return { error: `"${to}" is not a timeframe (like 1m, 5m, 1h, 1d)` };
  const fMs = timeframeMs(f);
  const tMs = timeframeMs(t);
  if (tMs === fMs) return { plan: { kind: 'same' } };
  if (tMs < fMs) return { error: `cannot make ${to} bars from ${from} bars: a bar cannot be split into shorter ones` };
  if (t.unit === 'w' || t.unit === 'd') {
    if (t.count !== 1) return { error: `${to} bars are not supported; use 1d or 1w` };
    if (f.unit === 'w') return { error: `cannot make ${to} bars from ${from} bars` };
    return { plan: { kind: t.unit === 'w' ? 'week' : 'day' } };
  }
  if (isDaily(f)) return { error: `cannot make ${to} bars from ${from} bars: a bar cannot be split into shorter ones` };
  if (!isMultipleOf(t, f)) return { error: `cannot make ${to} bars from ${from} bars: ${to} is not a whole number of ${from} bars` };
  return { plan: { kind: 'intraday', ms: tMs, fromMs: fMs } };
}

function isDaily(tf: Timeframe): boolean {
  return tf.unit === 'd' || tf.unit === 'w';
}

export interface ResampleOptions {
  /** Timeframe of the source bars. */
  readonly from: string;
  /** Timeframe to build. */
  readonly to: string;
  /** Session the bars align to (NSE unless told). */
  readonly session?: ExchangeSession;
}

/**
 * Builds `to` bars from a source of `from` bars, streaming: open of the first bar, highest high,
 * lowest low, close and open interest of the last, summed volume. Intraday bars are aligned to
 * each session's open in the exchange's zone (NSE 15m: 09:15, 09:30, …, 15:15; 1h: 09:15, 10:15,
 * …, 15:15), so the last bar of a session may be shorter; daily bars are one per session date,
 * weekly bars Monday to Sunday, both stamped at local midnight. A bucket with no source bars
 * makes no bar (no invented prices); the final bar is emitted even if the data ends inside it.
 *
 * A timeframe the data cannot give throws a `TIMEFRAME_REFUSED` {@link DataError} here; a source
 * bar that straddles two target bars (`1h` bars at 10:00 into `2h` bars from 09:15) rejects the
 * iteration with `OFF_GRID`.
 */
export function resample(source: CandleSource, options: ResampleOptions): CandleSource {
  const planned = planResample(options.from, options.to);
  if ('error' in planned) throw new DataError('TIMEFRAME_REFUSED', planned.error);
  const plan = planned.plan;
  if (plan.kind === 'same') return source;
  const clock = sessionClock(options.session ?? NSE_SESSION);
  return {
    async *[Symbol.asyncIterator]() {
      const bucketer = new Bucketer(plan, clock, options);
      let open: Candle | undefined;
      let key = NaN;
      let lastT = -Infinity;
      for await (const batch of source) {
        const out: Candle[] = [];
        for (let i = 0; i < batch.length; i++) {
          const c = batch[i]!;
          if (!(c.t > lastT)) throw new DataError('OUT_OF_ORDER', `resampling to ${options.to}: the bar at ${bucketer.when(c.t)} does not come after the one at ${bucketer.when(lastT)}`);
          lastT = c.t;
          const k = bucketer.key(c.t);
          if (open && k === key) {
            if (c.h > open.h) open.h = c.h;
            if (c.l < open.l) open.l = c.l;
            open.c = c.c;
            open.v += c.v;
            if (c.oi !== undefined) open.oi = c.oi;
          } else {
            if (open) out.push(open);
            key = k;
            open = { t: bucketer.start, o: c.o, h: c.h, l: c.l, c: c.c, v: c.v };
            if (c.oi !== undefined) open.oi = c.oi;
          }
        }
        if (out.length > 0) yield out;
      }
      if (open) yield [open];
    },
  };
}

/** Maps a bar time to its target bucket; `start` is the bucket's stamp after each `key` call. */
class Bucketer {
  start = NaN;
  private day = NaN;
  private dayOpen = NaN;

  constructor(
    private readonly plan: Exclude<ResamplePlan, { kind: 'same' }>,
    private readonly clock: SessionClock,
    private readonly options: ResampleOptions,
  ) {}

  key(t: number): number {
    const clock = this.clock;
    const day = clock.sessionDay(t);
    const plan = this.plan;
    if (plan.kind === 'day') {
      if (day !== this.day) this.start = clock.midnightOf((this.day = day));
      return day;
    }
    if (plan.kind === 'week') {
      const week = Math.floor((day + 3) / 7); // day 0 (1970-01-01) was a Thursday; weeks start on Monday
      this.start = clock.midnightOf(week * 7 - 3);
      return week;
    }
    if (day !== this.day) {
      this.day = day;
      this.dayOpen = clock.openOf(day);
    }
    const offset = t - this.dayOpen;
    const index = Math.floor(offset / plan.ms);
    const within = offset - index * plan.ms;
    if (within + plan.fromMs > plan.ms) {
      throw new DataError(
        'OFF_GRID',
        `the ${this.options.from} bar at ${this.when(t)} straddles two ${this.options.to} bars (they start at the session open, ${clock.session.open}); resample from bars that line up with it`,
      );
    }
    this.start = this.dayOpen + index * plan.ms;
    return day * 1_000_000 + index;
  }

  when(t: number): string {
    return Number.isFinite(t) ? describeWall(this.clock.zone.toWall(t)) : 'the start';
  }
}
