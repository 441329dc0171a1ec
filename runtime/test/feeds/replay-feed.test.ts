import { describe, expect, it } from 'vitest';
import { collectCandles, DataError, fromCandles, synthCandles, type CandleSource } from '../../src/data/index.js';
import { ManualScheduler } from '../../src/feeds/clock.js';
import type { FeedStatus, Tick } from '../../src/feeds/feed.js';
import { barPath } from '../../src/feeds/replay/bar-path.js';
import { ReplayFeed } from '../../src/feeds/replay/replay-feed.js';
import type { Candle } from '../../src/market/candle.js';
import { flushIO, rebuildBars } from './helpers.js';

const MIN = 60_000;
const t0 = Date.UTC(2024, 0, 15, 3, 45); // 09:15 IST

describe('barPath', () => {
  it('goes to the extreme nearer the open first, inside the bar, with a running volume', () => {
    const up = barPath('NSE_EQ|TCS', { t: t0, o: 100, h: 101, l: 95, c: 99, v: 400 }, MIN, 1000);
    expect(up.map((t) => t.ltp)).toEqual([100, 101, 95, 99]);
    expect(up.map((t) => t.ts - t0)).toEqual([0, 20_000, 40_000, 59_000]);
    expect(up.map((t) => t.volume)).toEqual([1100, 1200, 1300, 1400]);
    const down = barPath('NSE_EQ|TCS', { t: t0, o: 100, h: 104, l: 99, c: 103, v: 3, oi: 7 }, MIN, 0);
    expect(down.map((t) => t.ltp)).toEqual([100, 99, 104, 103]);
    expect(down.every((t) => t.oi === 7)).toBe(true);
    // a tie goes down first
    expect(barPath('X|Y', { t: 0, o: 10, h: 11, l: 9, c: 10, v: 0 }, MIN, 0).map((t) => t.ltp)).toEqual([10, 9, 11, 10]);
    // told which extreme comes first (the live engine: the one adverse to an open position)
    expect(barPath('X|Y', { t: 0, o: 100, h: 101, l: 95, c: 99, v: 0 }, MIN, 0, 'low').map((t) => t.ltp)).toEqual([100, 95, 101, 99]);
    expect(barPath('X|Y', { t: 0, o: 100, h: 104, l: 99, c: 103, v: 0 }, MIN, 0, 'high').map((t) => t.ltp)).toEqual([100, 104, 99, 103]);
  });
});

function collect(feed: ReplayFeed): { batches: Tick[][]; statuses: FeedStatus[] } {
  const batches: Tick[][] = [];
  const statuses: FeedStatus[] = [];
  feed.onTicks((b) => batches.push([...b]));
  feed.onStatus((s) => statuses.push(s));
  return { batches, statuses };
}

describe('ReplayFeed', () => {
  it('plays a day of two instruments in time order, one batch per instant, and the bars rebuild exactly', async () => {
    const day = { from: '2024-01-15', to: '2024-01-15' };
    const sources: Record<string, CandleSource> = {
      'NSE_EQ|TCS': synthCandles({ symbol: 'NSE_EQ|TCS', ...day }),
      'NSE_EQ|INFY': synthCandles({ symbol: 'NSE_EQ|INFY', ...day }),
    };
    const feed = new ReplayFeed({ candles: (k) => sources[k], speed: Infinity });
    const { batches, statuses } = collect(feed);
    const sub = await feed.subscribe(['NSE_EQ|TCS', 'NSE_EQ|INFY', 'NSE_EQ|NOPE']);
    expect(sub.subscribed).toEqual(['NSE_EQ|TCS', 'NSE_EQ|INFY']);
    expect(sub.problems).toEqual([{ instrument: 'NSE_EQ|NOPE', message: 'no stored candles for NSE_EQ|NOPE to replay' }]);
    await feed.start();
    const end = await feed.finished();
    expect(end.state).toBe('ended');
    expect(statuses.map((s) => s.state)).toEqual(['live', 'ended']);

    const ticks = batches.flat();
    for (const b of batches) {
      expect(new Set(b.map((t) => t.ts)).size).toBe(1);
      expect(b.map((t) => t.instrument)).toEqual(['NSE_EQ|TCS', 'NSE_EQ|INFY'].filter((k) => b.some((t) => t.instrument === k)));
    }
    for (let i = 1; i < batches.length; i++) expect(batches[i]![0]!.ts).toBeGreaterThan(batches[i - 1]![0]!.ts);
    for (const key of Object.keys(sources)) {
      const stored = await collectCandles(synthCandles({ symbol: key, ...day }));
      expect(stored.length).toBe(375);
      expect(rebuildBars(ticks.filter((t) => t.instrument === key), MIN)).toEqual(stored.map(({ oi: _oi, ...c }) => c));
    }
    expect(feed.marketClock.now()).toBe(ticks.at(-1)!.ts);
  });

  it('paces ticks at the chosen speed on the scheduler, and its market clock follows', async () => {
    const sched = new ManualScheduler(1_000_000);
    const bars: Candle[] = [
      { t: t0, o: 100, h: 102, l: 99, c: 101, v: 40 },
      { t: t0 + MIN, o: 101, h: 101.5, l: 98, c: 98.5, v: 80 },
    ];
    const feed = new ReplayFeed({ candles: () => fromCandles(bars), speed: 60, scheduler: sched });
    const { batches } = collect(feed);
    await feed.subscribe(['NSE_EQ|TCS']);
    await feed.start();
    await flushIO();
    // at 60×, a minute bar takes a second: open at 0 ms, extremes at 333 and 667 ms, close at 983 ms
    expect(batches.flat().map((t) => t.ltp)).toEqual([100]);
    expect(feed.marketClock.now()).toBe(t0);
    sched.advance(500);
    await flushIO();
    expect(batches.flat().map((t) => t.ltp)).toEqual([100, 99]);
    expect(feed.marketClock.now()).toBe(t0 + 30_000);
    sched.advance(600);
    await flushIO();
    expect(batches.flat().map((t) => t.ltp)).toEqual([100, 99, 102, 101, 101]);
    sched.advance(1000);
    await flushIO();
    expect(batches.flat().map((t) => t.ltp)).toEqual([100, 99, 102, 101, 101, 101.5, 98, 98.5]);
    expect(feed.status().state).toBe('ended');
  });

  it('starts from a chosen time, and lets an instrument join mid-replay at the current market time', async () => {
    const sched = new ManualScheduler(0);
    const mk = (base: number): Candle[] => Array.from({ length: 5 }, (_, i) => ({ t: t0 + i * MIN, o: base + i, h: base + i + 1, l: base + i - 1, c: base + i, v: 10 }));
    const sources: Record<string, Candle[]> = { 'NSE_EQ|A': mk(100), 'NSE_EQ|B': mk(200) };
    const feed = new ReplayFeed({ candles: (k) => (sources[k] ? fromCandles(sources[k]) : undefined), speed: 60, scheduler: sched, from: t0 + 2 * MIN });
    const { batches } = collect(feed);
    await feed.subscribe(['NSE_EQ|A']);
    await feed.start();
    await flushIO();
    expect(batches.flat()[0]).toMatchObject({ instrument: 'NSE_EQ|A', ltp: 102, ts: t0 + 2 * MIN });
    sched.advance(1000); // market time is now 09:18
    await flushIO();
    await feed.subscribe(['NSE_EQ|B']);
    await flushIO();
    sched.advance(5000);
    await flushIO();
    const b = batches.flat().filter((t) => t.instrument === 'NSE_EQ|B');
    expect(b[0]!.ts).toBe(t0 + 3 * MIN);
    expect(b.every((t) => t.ts >= t0 + 3 * MIN)).toBe(true);
    expect(feed.status().state).toBe('ended');
  });

  it('restarts the running volume at each session and goes down, for good, on bad stored data', async () => {
    const next = t0 + 24 * 3600_000;
    const feed = new ReplayFeed({
      candles: () => fromCandles([{ t: t0, o: 1, h: 1, l: 1, c: 1, v: 10 }, { t: next, o: 1, h: 1, l: 1, c: 1, v: 4 }]),
      speed: Infinity,
    });
    const { batches } = collect(feed);
    await feed.subscribe(['NSE_EQ|A']);
    await feed.start();
    await feed.finished();
    expect(batches.flat().map((t) => t.volume)).toEqual([3, 5, 8, 10, 1, 2, 3, 4]);

    const broken: CandleSource = {
      async *[Symbol.asyncIterator]() {
        yield [{ t: t0, o: 1, h: 1, l: 1, c: 1, v: 1 }];
        throw new DataError('BAD_PRICE', 'prices.csv:3: column 4 (low): 0 is not a price');
      },
    };
    const bad = new ReplayFeed({ candles: () => broken, speed: Infinity });
    await bad.subscribe(['NSE_EQ|A']);
    await bad.start();
    const s = await bad.finished();
    expect(s).toMatchObject({ state: 'down', code: 'protocol', reason: 'replay data: prices.csv:3: column 4 (low): 0 is not a price' });
  });

  it('asks which extreme comes first only after a bar’s open instant was handled', async () => {
    const bars: Candle[] = [
      { t: t0, o: 100, h: 101, l: 95, c: 99, v: 4 },
      { t: t0 + MIN, o: 99, h: 100, l: 95, c: 97, v: 4 },
    ];
    const events: string[] = [];
    let held = false;
    const feed = new ReplayFeed({
      candles: () => fromCandles(bars),
      speed: Infinity,
      extremeFirst: async (instrument, bar) => {
        events.push(`ask ${instrument} ${bar.t - t0} held=${held}`);
        return held ? 'low' : undefined;
      },
    });
    feed.onTicks(async (b) => {
      events.push(`tick ${b[0]!.ltp}`);
      if (b[0]!.ts === t0 + MIN) held = true; // the open of the second bar "fills an entry"
    });
    await feed.subscribe(['NSE_EQ|TCS']);
    await feed.start();
    await feed.finished();
    expect(events).toEqual([
      'tick 100', 'ask NSE_EQ|TCS 0 held=false', 'tick 101', 'tick 95', 'tick 99',
      // the high (100) is nearer the open, but held long the adverse low comes first
      'tick 99', 'ask NSE_EQ|TCS 60000 held=true', 'tick 95', 'tick 100', 'tick 97',
    ]);
  });

  it('still asks which extreme comes first when it starts between a bar’s open and its extremes (a resumed replay)', async () => {
    const bars: Candle[] = [{ t: t0, o: 99, h: 100, l: 95, c: 97, v: 4 }];
    const asked: number[] = [];
    const played: number[] = [];
    const feed = new ReplayFeed({ candles: () => fromCandles(bars), speed: Infinity, from: t0 + 1, extremeFirst: (_k, bar) => (asked.push(bar.t), 'low') });
    feed.onTicks((b) => void played.push(b[0]!.ltp));
    await feed.subscribe(['NSE_EQ|TCS']);
    await feed.start();
    await feed.finished();
    expect(asked).toEqual([t0]);
    expect(played).toEqual([95, 100, 97]);
  });

  it('waits for a listener’s promise before the next instant (backpressure)', async () => {
    const bars: Candle[] = [{ t: t0, o: 1, h: 2, l: 1, c: 2, v: 4 }];
    const feed = new ReplayFeed({ candles: () => fromCandles(bars), speed: Infinity });
    const seen: number[] = [];
    const release: Array<() => void> = [];
    feed.onTicks((b) => {
      seen.push(b[0]!.ltp);
      return new Promise<void>((r) => release.push(r));
    });
    await feed.subscribe(['NSE_EQ|A']);
    await feed.start();
    await flushIO(20);
    expect(seen).toEqual([1]);
    release.shift()!();
    await flushIO();
    expect(seen).toEqual([1, 1]);
    while (release.length) {
      release.shift()!();
      await flushIO();
    }
    expect((await feed.finished()).state).toBe('ended');
    expect(seen).toEqual([1, 1, 2, 2]);
  });

  it('delivers nothing after stop, and refuses a speed that is not positive', async () => {
    const sched = new ManualScheduler(0);
    const feed = new ReplayFeed({ candles: () => fromCandles([{ t: t0, o: 1, h: 2, l: 1, c: 2, v: 1 }]), speed: 1, scheduler: sched });
    const { batches } = collect(feed);
    await feed.subscribe(['NSE_EQ|A']);
    await feed.start();
    await flushIO();
    await feed.stop();
    sched.advance(120_000);
    await flushIO();
    expect(batches.flat()).toHaveLength(1);
    expect(feed.status()).toMatchObject({ state: 'stopped' });
    expect(() => new ReplayFeed({ candles: () => undefined, speed: 0 })).toThrow('replay speed must be > 0 (got 0)');
  });
});
