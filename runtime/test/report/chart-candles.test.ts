import { describe, expect, it } from 'vitest';
import { collectCandles } from '../../src/data/candle-source.js';
import { resample } from '../../src/data/resample.js';
import { NSE_SESSION } from '../../src/data/session.js';
import { synthCandles } from '../../src/data/synth/synth.js';
import { ChartCandles } from '../../src/report/chart-candles.js';
import { ist } from '../backtest/helpers.js';

describe('ChartCandles', () => {
  it('keeps bars as they are while under the cap, and only those inside the trading window', async () => {
    const bars = await collectCandles(synthCandles({ symbol: 'NSE_EQ|TCS', from: '2024-01-01', to: '2024-01-05', timeframe: '5m' }));
    const chart = new ChartCandles('5m', NSE_SESSION, { from: ist('2024-01-02 00:00'), to: ist('2024-01-05 00:00') });
    for await (const _ of chart.tap('NSE_EQ|TCS', { [Symbol.asyncIterator]: async function* () { yield bars; } })) void _;
    const inside = bars.filter((b) => b.t >= ist('2024-01-02 00:00') && b.t < ist('2024-01-05 00:00'));
    expect(chart.candlesOf('NSE_EQ|TCS')).toEqual(inside.map(({ t, o, h, l, c, v }) => ({ t, o, h, l, c, v })));
    expect(chart.timeframeOf('NSE_EQ|TCS')).toBe('5m');
    expect(chart.barsOf('NSE_EQ|TCS')).toBe(inside.length);
  });

  it('over the cap, redraws on the next coarser session-aligned timeframe: the same candles resampling gives', async () => {
    const source = () => synthCandles({ symbol: 'NSE_EQ|INFY', from: '2024-01-01', to: '2024-03-29', timeframe: '1m' });
    const chart = new ChartCandles('1m', NSE_SESSION, {}, 2_000);
    let n = 0;
    for await (const batch of source()) for (const b of batch) (chart.add('NSE_EQ|INFY', b), n++);
    const drawn = chart.candlesOf('NSE_EQ|INFY');
    expect(drawn.length).toBeLessThanOrEqual(2_000);
    expect(chart.barsOf('NSE_EQ|INFY')).toBe(n);
    // 65 sessions: 5m candles (75 a day) pass the cap, 15m (25 a day, 1,625) fit it
    const tf = chart.timeframeOf('NSE_EQ|INFY');
    expect(tf).toBe('15m');
    const reference = await collectCandles(resample(source(), { from: '1m', to: tf, session: NSE_SESSION }));
    expect(drawn.map(({ t, o, h, l, c, v }) => ({ t, o, h, l, c, v }))).toEqual(reference.map(({ t, o, h, l, c, v }) => ({ t, o, h, l, c, v })));
  });
});
