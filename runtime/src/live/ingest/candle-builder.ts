import { z } from 'zod';
import type { Tick } from '../../feeds/feed.js';
import type { Candle } from '../../market/candle.js';
import type { BarGrid } from '../market/buckets.js';

/** A closed candle and the time of the last tick inside it (an `on_close` order fills from that tick). */
export interface ClosedCandle {
  readonly instrument: string;
  readonly timeframe: string;
  readonly candle: Candle;
  readonly lastTick: number;
}

const BarStateSchema = z.object({ t: z.number(), o: z.number(), h: z.number(), l: z.number(), c: z.number(), base: z.number(), vol: z.number(), oi: z.number().optional(), last: z.number() });
export const BuilderStateSchema = z.object({ bar: BarStateSchema.nullable(), day: z.number(), dayVolume: z.number() });
export type BuilderState = z.infer<typeof BuilderStateSchema>;

/**
 * Ticks → candles of one instrument at one timeframe, on the exchange session's grid
 * (`BarGrid`): open of the first tick, highest, lowest, last price, and the volume traded
 * inside the bar — the difference of the session's running volume (`Tick.volume`) at the
 * bar's last tick and at the previous bar's, so a dropped tick loses no volume. A bar
 * closes when time reaches its end (`closeDue`: the first tick of a later bar, or the
 * clock), never because a tick was skipped. The state is plain data (`snapshot`/`restore`)
 * so a replay resumes mid-bar after a restart.
 */
export class CandleBuilder {
  private bar: BuildingBar | undefined;
  /** the session day of the previous closed bar, and the running volume at its end */
  private day = NaN;
  private dayVolume = 0;

  constructor(
    readonly instrument: string,
    readonly timeframe: string,
    private readonly grid: BarGrid,
  ) {}

  /** Adds a tick; returns the bar it closed, if it starts a new one (ticks before the session open are ignored). */
  add(tick: Tick): ClosedCandle | undefined {
    const start = this.grid.start(tick.ts);
    if (!Number.isFinite(start)) return undefined;
    let closed: ClosedCandle | undefined;
    if (this.bar && start !== this.bar.t) closed = this.close();
    const b = this.bar;
    if (!b) {
      const day = this.grid.clock.sessionDay(tick.ts);
      const base = day === this.day ? this.dayVolume : 0;
      this.bar = { t: start, o: tick.ltp, h: tick.ltp, l: tick.ltp, c: tick.ltp, base, vol: tick.volume ?? base, ...(tick.oi !== undefined ? { oi: tick.oi } : {}), last: tick.ts };
      if (day !== this.day) {
        this.day = day;
        this.dayVolume = 0;
      }
      return closed;
    }
    if (tick.ltp > b.h) b.h = tick.ltp;
    if (tick.ltp < b.l) b.l = tick.ltp;
    b.c = tick.ltp;
    if (tick.volume !== undefined) b.vol = tick.volume;
    if (tick.oi !== undefined) b.oi = tick.oi;
    b.last = tick.ts;
    return closed;
  }

  /** Closes the bar when `now` has reached its end (plus `graceMs`). */
  closeDue(now: number, graceMs = 0): ClosedCandle | undefined {
    if (!this.bar || now < this.grid.end(this.bar.t) + graceMs) return undefined;
    return this.close();
  }

  /** Closes whatever bar is being built (the end of a replay, of a session). */
  flush(): ClosedCandle | undefined {
    return this.bar ? this.close() : undefined;
  }

  /** The end of the bar being built, or undefined. */
  pendingEnd(): number | undefined {
    return this.bar ? this.grid.end(this.bar.t) : undefined;
  }

  snapshot(): BuilderState {
    return { bar: this.bar ? { ...this.bar } : null, day: Number.isFinite(this.day) ? this.day : -1, dayVolume: this.dayVolume };
  }

  restore(s: BuilderState): void {
    this.bar = s.bar ? { ...s.bar } : undefined;
    this.day = s.day < 0 ? NaN : s.day;
    this.dayVolume = s.dayVolume;
  }

  private close(): ClosedCandle {
    const b = this.bar!;
    this.bar = undefined;
    this.dayVolume = b.vol;
    const candle: Candle = { t: b.t, o: b.o, h: b.h, l: b.l, c: b.c, v: Math.max(0, b.vol - b.base), ...(b.oi !== undefined ? { oi: b.oi } : {}) };
    return { instrument: this.instrument, timeframe: this.timeframe, candle, lastTick: b.last };
  }
}

type BuildingBar = z.infer<typeof BarStateSchema>;
