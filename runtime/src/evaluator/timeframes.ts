import { timeframeMs, parseTimeframe } from '@algo/language';
import { DAY_MS } from '../data/zone-clock.js';
import type { SessionClock } from '../data/session.js';
import type { Candle } from '../market/candle.js';
import type { BarSlot } from './bar-slot.js';

/**
 * Higher-timeframe bars built from base bars as they arrive, for `x on 1h`. A bucket is
 * handed to the series of its timeframe only once it is complete — on the base bar whose
 * end reaches the bucket's end, or, when the data skips that bar, when the first base bar of
 * a later bucket arrives (before that bar is evaluated). Nothing of an unfinished bucket is
 * ever visible: no look-ahead.
 *
 * Buckets follow the exchange session (what TradingView shows for NSE): intraday buckets
 * start at the session open (09:15, 10:15, … for 1h; the last one is cut at the close),
 * `1d` is one session (stamped at local midnight, as daily data is), `1w` runs Monday to
 * Friday's close.
 */

/** Where the bucket containing a bar starts and ends (UTC ms). */
export interface Bucket {
  start: number;
  end: number;
}

/** A function assigning a base bar's open time to its bucket of one timeframe. */
export type Bucketer = (t: number, out: Bucket) => void;

/**
 * The bucketer of timeframe `tf` on `clock`'s session. Returns a message instead when the
 * runtime cannot build the timeframe from intraday bars (multi-day counts other than `1w`).
 */
export function bucketerFor(tf: string, clock: SessionClock): Bucketer | string {
  const parsed = parseTimeframe(tf);
  if (!parsed) return `"${tf}" is not a timeframe`;
  const ms = timeframeMs(parsed);
  if (ms < DAY_MS) {
    return (t, out) => {
      const day = clock.sessionDay(t);
      const open = clock.openOf(day);
      const close = clock.closeOf(day);
      const start = open + Math.floor((t - open) / ms) * ms;
      const end = start + ms;
      out.start = start;
      out.end = start < close && end > close ? close : end;
    };
  }
  if (parsed.unit === 'd' && parsed.count === 1) {
    return (t, out) => {
      const day = clock.sessionDay(t);
      out.start = clock.midnightOf(day);
      out.end = clock.closeOf(day);
    };
  }
  if (parsed.unit === 'w' && parsed.count === 1) {
    return (t, out) => {
      const day = clock.sessionDay(t);
      // 1970-01-05 (day 4) was a Monday.
      const monday = day - ((((day - 4) % 7) + 7) % 7);
      out.start = clock.midnightOf(monday);
      out.end = clock.closeOf(monday + 4);
    };
  }
  return `timeframe ${tf} cannot be built from intraday bars (use 1d or 1w, or intraday multiples)`;
}

/**
 * Builds one higher timeframe's bars from base bars; `complete` fires for each finished
 * bucket. A base bar that belongs to a bucket already completed (data after the session
 * close, a Saturday session after the week's Friday close) cannot change what rules already
 * saw: that timeframe skips it and counts it in `late`.
 */
export class Aggregator {
  /** base bars skipped because their bucket had already completed */
  late = 0;
  private readonly bucket: Bucket = { start: NaN, end: NaN };
  private open = false;
  private lastStart = -Infinity;
  private readonly cur = { t: 0, o: 0, h: 0, l: 0, c: 0, v: 0, oi: NaN, end: 0 };

  constructor(
    private readonly bucketOf: Bucketer,
    private readonly baseMs: number,
    /** the timeframe's slot, written when a bucket completes */
    private readonly slot: BarSlot,
    private readonly minuteOf: (t: number) => number,
    private readonly complete: () => void,
  ) {}

  /** Completes the bucket in progress when `bar` starts a later one (data skipped its last bars). */
  flushBefore(bar: Candle): void {
    if (!this.open) return;
    this.bucketOf(bar.t, this.bucket);
    if (this.bucket.start !== this.cur.t) this.emit();
  }

  /** Adds `bar` to its bucket; completes the bucket when the bar reaches its end. */
  add(bar: Candle): void {
    const cur = this.cur;
    if (!this.open) {
      this.bucketOf(bar.t, this.bucket);
      if (this.bucket.start <= this.lastStart) {
        this.late++;
        return;
      }
      cur.t = this.bucket.start;
      cur.end = this.bucket.end;
      cur.o = bar.o;
      cur.h = bar.h;
      cur.l = bar.l;
      cur.c = bar.c;
      cur.v = bar.v;
      cur.oi = bar.oi ?? NaN;
      this.open = true;
    } else {
      if (bar.h > cur.h) cur.h = bar.h;
      if (bar.l < cur.l) cur.l = bar.l;
      cur.c = bar.c;
      cur.v += bar.v;
      cur.oi = bar.oi ?? NaN;
    }
    if (bar.t + this.baseMs >= cur.end) this.emit();
  }

  private emit(): void {
    const s = this.slot;
    const cur = this.cur;
    s.t = cur.t;
    s.o = cur.o;
    s.h = cur.h;
    s.l = cur.l;
    s.c = cur.c;
    s.v = cur.v;
    s.oi = cur.oi;
    s.minute = this.minuteOf(cur.t);
    this.open = false;
    this.lastStart = cur.t;
    this.complete();
  }
}
