import { parseTimeframe, timeframeMs } from '@algo/language';
import type { CandleSource } from '../data/candle-source.js';
import { sessionClock, type ExchangeSession } from '../data/session.js';
import { DAY_MS } from '../data/zone-clock.js';
import { bucketerFor, type Bucket, type Bucketer } from '../evaluator/timeframes.js';
import type { Candle } from '../market/candle.js';

/**
 * The candles a report's price chart draws, collected while a backtest streams its bars and
 * kept small whatever the run's length: at most `cap` candles per instrument. When an
 * instrument's candles pass the cap, they are rebuilt on the next coarser timeframe of a
 * ladder (1m → 5m → 15m → 30m → 1h → 1d → 1w, buckets aligned to the exchange session
 * as the evaluator's higher timeframes are) and later bars aggregate straight into it — so
 * memory stays flat and a 10-million-bar run draws as fast as a day. The report says which
 * timeframe it drew and from how many bars (`timeframeOf`, `barsOf`).
 */

/**
 * Coarser timeframes a chart may fall back to, finest first. Each step's buckets are unions
 * of the previous step's (all aligned to the session open), so candles already merged can be
 * merged again without one straddling a boundary.
 */
const LADDER = ['1m', '5m', '15m', '30m', '1h', '1d', '1w'];

/** Default candles per instrument: enough to see every trade on a laptop screen's zoom, small enough to stay well under a few MB. */
export const CHART_CANDLES_PER_INSTRUMENT = 8_000;

interface Lane {
  /** index into the ladder (-1: the base timeframe, bars kept as they come) */
  level: number;
  bucketer: Bucketer | undefined;
  candles: Candle[];
  /** the bucket the last candle belongs to (when aggregating) */
  readonly bucket: Bucket;
  bars: number;
}

export class ChartCandles {
  private readonly lanes = new Map<string, Lane>();
  private readonly ladder: string[];
  private readonly baseMs: number;

  /**
   * @param timeframe the bars' timeframe (the strategy's base timeframe)
   * @param session exchange hours the coarser buckets align to
   * @param window trading window (UTC ms): bars outside it (warm-up) are not drawn
   */
  constructor(
    readonly timeframe: string,
    private readonly session: ExchangeSession,
    private readonly window: { readonly from?: number; readonly to?: number } = {},
    readonly cap = CHART_CANDLES_PER_INSTRUMENT,
  ) {
    this.baseMs = timeframeMs(timeframe);
    const daily = this.baseMs >= DAY_MS;
    // Each step must be a whole multiple of the one before (from the base timeframe up).
    this.ladder = [];
    let prev = this.baseMs;
    for (const tf of LADDER) {
      const ms = timeframeMs(tf);
      if (ms <= prev) continue;
      if (ms >= DAY_MS ? parseTimeframe(tf)!.unit === 'w' || !daily : ms % prev === 0) {
        this.ladder.push(tf);
        prev = ms;
      }
    }
  }

  /** Adds one bar of `instrument` (bars of one instrument in time order). */
  add(instrument: string, bar: Candle): void {
    if (this.window.from !== undefined && bar.t < this.window.from) return;
    if (this.window.to !== undefined && bar.t >= this.window.to) return;
    let lane = this.lanes.get(instrument);
    if (!lane) {
      lane = { level: -1, bucketer: undefined, candles: [], bucket: { start: NaN, end: NaN }, bars: 0 };
      this.lanes.set(instrument, lane);
    }
    lane.bars++;
    if (!lane.bucketer) lane.candles.push({ t: bar.t, o: bar.o, h: bar.h, l: bar.l, c: bar.c, v: bar.v });
    else merge(lane, bar);
    if (lane.candles.length > this.cap) this.coarsen(lane);
  }

  /** A source that yields `source`'s batches unchanged, adding each bar here on the way through. */
  tap(instrument: string, source: CandleSource): CandleSource {
    return {
      [Symbol.asyncIterator]: () => {
        const it = source[Symbol.asyncIterator]();
        return {
          next: async () => {
            const r = await it.next();
            if (!r.done) for (let i = 0; i < r.value.length; i++) this.add(instrument, r.value[i]!);
            return r;
          },
          return: async (v?: unknown) => (it.return ? it.return(v) : { done: true as const, value: undefined }),
        };
      },
    };
  }

  /** Instruments with at least one bar, in the order their first bar arrived. */
  instruments(): string[] {
    return [...this.lanes.keys()];
  }

  /** The candles drawn for `instrument` (empty when it had no bar in the window). */
  candlesOf(instrument: string): readonly Candle[] {
    return this.lanes.get(instrument)?.candles ?? [];
  }

  /** The timeframe the candles of `instrument` are drawn in (the base one unless downsampled). */
  timeframeOf(instrument: string): string {
    const lane = this.lanes.get(instrument);
    return lane && lane.level >= 0 ? this.ladder[lane.level]! : this.timeframe;
  }

  /** Bars of `instrument` seen inside the window. */
  barsOf(instrument: string): number {
    return this.lanes.get(instrument)?.bars ?? 0;
  }

  private coarsen(lane: Lane): void {
    while (lane.candles.length > this.cap && lane.level + 1 < this.ladder.length) {
      lane.level++;
      const b = bucketerFor(this.ladder[lane.level]!, sessionClock(this.session));
      if (typeof b === 'string') continue;
      lane.bucketer = b;
      const old = lane.candles;
      lane.candles = [];
      lane.bucket.start = NaN;
      for (const c of old) merge(lane, c);
    }
  }
}

/** Adds `bar` to the lane's last candle when it falls in the same bucket, else starts a candle. */
function merge(lane: Lane, bar: Candle): void {
  const start = lane.bucket.start;
  lane.bucketer!(bar.t, lane.bucket);
  const last = lane.candles[lane.candles.length - 1];
  if (last && lane.bucket.start === start) {
    if (bar.h > last.h) last.h = bar.h;
    if (bar.l < last.l) last.l = bar.l;
    last.c = bar.c;
    last.v += bar.v;
    return;
  }
  lane.candles.push({ t: lane.bucket.start, o: bar.o, h: bar.h, l: bar.l, c: bar.c, v: bar.v });
}
