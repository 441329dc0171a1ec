import { describe, expect, it } from 'vitest';
import { collectCandles, synthCandles } from '../../src/data/index.js';
import type { Tick } from '../../src/feeds/feed.js';
import { ReplayFeed } from '../../src/feeds/replay/replay-feed.js';
import { replayWindow, storedCandles } from '../../src/feeds/replay/stored-candles.js';
import { useStorage } from '../storage/support.js';
import { rebuildBars } from './helpers.js';

describe('replaying a stored day from historical_candles', () => {
  const storage = useStorage('replay_candles');

  it('knows a session date’s window and refuses what is not a date', () => {
    expect(replayWindow('2024-01-15')).toEqual({ from: Date.UTC(2024, 0, 15, 3, 45), to: Date.UTC(2024, 0, 15, 10, 0) });
    expect(replayWindow('2024-02-31')).toBeUndefined();
    expect(replayWindow('15/01/2024')).toBeUndefined();
  });

  it('plays the stored candles of the day and refuses an instrument with none stored', async () => {
    const repo = storage().storage.historicalCandles;
    const days = await collectCandles(synthCandles({ symbol: 'NSE_EQ|TCS', from: '2024-01-15', to: '2024-01-16' }));
    await repo.upsertCandles({ instrument: 'NSE_EQ|TCS', timeframe: '1m' }, days);
    const window = replayWindow('2024-01-16')!;
    const feed = new ReplayFeed({ candles: storedCandles(repo, { timeframe: '1m', ...window }), speed: Infinity });
    const ticks: Tick[] = [];
    feed.onTicks((b) => ticks.push(...b));
    const sub = await feed.subscribe(['NSE_EQ|TCS', 'NSE_EQ|INFY']);
    expect(sub.problems).toEqual([{ instrument: 'NSE_EQ|INFY', message: 'no stored candles for NSE_EQ|INFY to replay' }]);
    await feed.start();
    expect((await feed.finished()).state).toBe('ended');
    const dayTwo = days.filter((c) => c.t >= window.from && c.t < window.to);
    expect(dayTwo).toHaveLength(375);
    expect(rebuildBars(ticks, 60_000)).toEqual(dayTwo.map(({ oi: _oi, ...c }) => c));
  });
});
