import { describe, expect, it } from 'vitest';
import { collectCandles, fromCandles } from '../../src/data/candle-source.js';
import { resample } from '../../src/data/resample.js';
import { NSE_SESSION, sessionClock } from '../../src/data/session.js';
import { synthCandles } from '../../src/data/synth/synth.js';
import { barPath } from '../../src/feeds/replay/bar-path.js';
import type { Tick } from '../../src/feeds/feed.js';
import { CandleBuilder, type ClosedCandle } from '../../src/live/ingest/candle-builder.js';
import { BarGrid } from '../../src/live/market/buckets.js';
import type { Candle } from '../../src/market/candle.js';

const KEY = 'NSE_EQ|TCS';
const MIN = 60_000;
const clock = sessionClock(NSE_SESSION);

/** The ticks a replay plays for `bars` (1-minute), with the session's running volume. */
function ticksOf(bars: readonly Candle[]): Tick[] {
  let vol = 0;
  let day = NaN;
  return bars.flatMap((b) => {
    const d = clock.sessionDay(b.t);
    if (d !== day) {
      day = d;
      vol = 0;
    }
    const t = barPath(KEY, b, MIN, vol);
    vol += b.v;
    return t;
  });
}

function build(ticks: readonly Tick[], tf: string, ms: number): ClosedCandle[] {
  const b = new CandleBuilder(KEY, tf, new BarGrid(clock, ms));
  const out: ClosedCandle[] = [];
  for (const t of ticks) {
    const due = b.closeDue(t.ts);
    if (due) out.push(due);
    const c = b.add(t);
    if (c) out.push(c);
  }
  const last = b.flush();
  if (last) out.push(last);
  return out;
}

describe('CandleBuilder', () => {
  it('rebuilds two days of replayed 1-minute bars exactly, and 5-minute and 1-hour bars as the resampler makes them, volumes included', async () => {
    const bars = await collectCandles(synthCandles({ symbol: KEY, from: '2024-01-15', to: '2024-01-16', seed: 4 }));
    const ticks = ticksOf(bars);
    expect(build(ticks, '1m', MIN).map((c) => c.candle)).toEqual(bars);
    for (const [tf, ms] of [['5m', 5 * MIN], ['1h', 60 * MIN]] as const) {
      const want = await collectCandles(resample(fromCandles(bars), { from: '1m', to: tf }));
      expect(build(ticks, tf, ms).map((c) => c.candle)).toEqual(want);
    }
  });

  it('closes a bar when time reaches its end (a later tick, or the clock and a grace), never early, and keeps the last tick time', () => {
    const t0 = Date.UTC(2024, 0, 15, 3, 45);
    const b = new CandleBuilder(KEY, '5m', new BarGrid(clock, 5 * MIN));
    expect(b.add({ instrument: KEY, ltp: 100, ts: t0 - 10_000 })).toBeUndefined(); // before the open: no bar
    expect(b.pendingEnd()).toBeUndefined();
    b.add({ instrument: KEY, ltp: 100, ts: t0 + 1_000, volume: 10 });
    b.add({ instrument: KEY, ltp: 103, ts: t0 + 120_000, volume: 25 });
    b.add({ instrument: KEY, ltp: 99, ts: t0 + 299_000, volume: 30 });
    expect(b.closeDue(t0 + 299_999)).toBeUndefined();
    expect(b.closeDue(t0 + 300_000, 1_500)).toBeUndefined();
    expect(b.closeDue(t0 + 301_500, 1_500)).toEqual({ instrument: KEY, timeframe: '5m', candle: { t: t0, o: 100, h: 103, l: 99, c: 99, v: 30 }, lastTick: t0 + 299_000 });
    // the next bar's volume is the running total's difference
    b.add({ instrument: KEY, ltp: 98, ts: t0 + 300_500, volume: 42 });
    expect(b.flush()!.candle).toEqual({ t: t0 + 300_000, o: 98, h: 98, l: 98, c: 98, v: 12 });
  });

  it('resumes mid-bar from its snapshot exactly as if it had not stopped', async () => {
    const bars = await collectCandles(synthCandles({ symbol: KEY, from: '2024-01-15', to: '2024-01-15', seed: 9 }));
    const ticks = ticksOf(bars);
    const whole = build(ticks, '5m', 5 * MIN);
    const grid = new BarGrid(clock, 5 * MIN);
    const first = new CandleBuilder(KEY, '5m', grid);
    const out: ClosedCandle[] = [];
    const cut = 617;
    for (const t of ticks.slice(0, cut)) {
      const due = first.closeDue(t.ts);
      if (due) out.push(due);
      const c = first.add(t);
      if (c) out.push(c);
    }
    const second = new CandleBuilder(KEY, '5m', grid);
    second.restore(JSON.parse(JSON.stringify(first.snapshot())));
    for (const t of ticks.slice(cut)) {
      const due = second.closeDue(t.ts);
      if (due) out.push(due);
      const c = second.add(t);
      if (c) out.push(c);
    }
    out.push(second.flush()!);
    expect(out).toEqual(whole);
  });
});
