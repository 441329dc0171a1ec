import { describe, expect, it } from 'vitest';
import type { InstrumentSpec } from '../../src/strategy/instrument.js';
import { backtest, bars, brief, hhmm, round } from './helpers.js';

const TEST = 'NSE_EQ|TEST';

/** A strategy on TEST with the given entry body and extra lines. */
const strategy = (entry: string, extra = '', when = 'close > 101') => `strategy "Features" {
  asset stocks
  symbols "${TEST}"
  timeframe 5m
  capital 100000
  ${extra}
  entry long when ${when} {
    ${entry}
  }
}`;

// Flat at 100, a signal bar closing at 101.5, then quiet bars well inside any stop.
const SIGNAL = bars('2024-01-01 09:15', 5, [
  [100, 100.4, 99.8, 100],
  [100, 100.6, 99.9, 100.2],
  [100.2, 100.7, 100, 100.5],
  [100.5, 101.6, 100.4, 101.5], // 09:30: signal (close 101.5)
  [101.6, 101.8, 101.4, 101.7], // 09:35: filled at 101.6
  [101.7, 101.9, 101.5, 101.8],
]);

describe('sizing', () => {
  it('qty n: n units', async () => {
    const r = await backtest(strategy('qty 7  stop_loss 2%'), { [TEST]: SIGNAL });
    expect(r.trades[0]!.qty).toBe(7);
  });

  it('size p% of equity: p × equity ÷ the signal close, rounded down', async () => {
    const r = await backtest(strategy('size 10% of equity  stop_loss 2%'), { [TEST]: SIGNAL });
    expect(r.trades[0]!.qty).toBe(Math.floor(10_000 / 101.5)); // 98
  });

  it('risk p% of equity: p × equity ÷ the stop distance per unit', async () => {
    const points = await backtest(strategy('risk 1% of equity  stop_loss 2 points'), { [TEST]: SIGNAL });
    expect(points.trades[0]!.qty).toBe(500); // 1,000 ÷ 2
    const pct = await backtest(strategy('risk 1% of equity  stop_loss 2%'), { [TEST]: SIGNAL });
    expect(pct.trades[0]!.qty).toBe(Math.floor(1_000 / (101.5 * 0.02))); // 492
  });

  it('n lots: n × the instrument master lot size (futures)', async () => {
    const FUT = 'NSE_FO|NIFTY24JANFUT';
    const spec = (key: string): InstrumentSpec | undefined => (key === FUT ? { key, kind: 'future', lot_size: 50, tick_size: 0.05 } : undefined);
    const src = strategy('qty 2 lots  stop_loss 2%').replace('asset stocks', 'asset futures').replace(`symbols "${TEST}"`, `symbols "${FUT}"`);
    const r = await backtest(src, { [FUT]: SIGNAL }, { spec });
    expect(r.trades[0]!.qty).toBe(100);
  });

  it('refuses an entry that sizes to less than one unit, and says so', async () => {
    const r = await backtest(strategy('size 0.05% of equity  stop_loss 2%'), { [TEST]: SIGNAL });
    expect(r.trades).toEqual([]);
    expect(r.summary.signals.refused.size_zero).toBeGreaterThan(0);
    expect(r.summary.warnings.join('\n')).toMatch(/size came to less than one unit/);
  });
});

describe('stop-loss and take-profit forms', () => {
  const levels = async (items: string, data = SIGNAL) => {
    const r = await backtest(strategy(`qty 1  ${items}`), { [TEST]: data });
    const t = r.trades[0]!;
    return { entry: t.entry.price, stop: t.stop_loss, target: t.take_profit, reads: t.entry.signal.reads ?? {} };
  };

  it('percent: from the fill price, the stop rounded away from the price to a tick', async () => {
    expect(await levels('stop_loss 1.5%  take_profit 2.5%')).toMatchObject({ entry: 101.6, stop: 100.05, target: 104.15 });
  });

  it('points', async () => {
    expect(await levels('stop_loss 1.5 points  take_profit 3 points')).toMatchObject({ stop: 100.1, target: 104.6 });
  });

  it('R multiples of the stop distance', async () => {
    expect(await levels('stop_loss 1 points  take_profit 2R')).toMatchObject({ stop: 100.6, target: 103.6 });
  });

  it('an absolute price, and an expression read on the signal bar', async () => {
    expect(await levels('stop_loss at 99  take_profit at 110')).toMatchObject({ stop: 99, target: 110 });
    const e = await levels('stop_loss at lowest(low, 3)');
    // lows of the three bars up to the signal bar: 99.9, 100, 100.4
    expect(e.reads).toEqual({ 'lowest(low,3)': 99.9 });
    expect(e.stop).toBe(99.9);
  });

  it('ATR multiples read on the signal bar', async () => {
    const e = await levels('stop_loss 2 atr(3)  take_profit 3 atr(3)');
    const atr = e.reads['atr(3)'] as number;
    expect(atr).toBeGreaterThan(0);
    expect(e.stop).toBe(round(Math.floor((101.6 - 2 * atr) / 0.05 + 1e-9) * 0.05, 2));
    expect(e.target).toBe(round(Math.round((101.6 + 3 * atr) / 0.05) * 0.05, 2));
  });

  it('refuses an entry whose stop reads a series with no value on the signal bar', async () => {
    // high - high is 0, so the level is missing (x / 0 has no value)
    const r = await backtest(strategy('qty 1  stop_loss at close / (high - high)'), { [TEST]: SIGNAL });
    expect(r.trades).toEqual([]);
    expect(r.summary.signals.refused.level_not_ready).toBeGreaterThan(0);
  });

  it('a trailing stop follows the best high and never loosens', async () => {
    const data = bars('2024-01-01 09:15', 5, [
      [100, 100.4, 99.8, 100],
      [100.5, 101.6, 100.4, 101.5], // signal
      [101.6, 102.5, 101.5, 102.4], // filled 101.6; best 102.5 → trail 101.5
      [102.4, 104, 102.3, 103.9], // best 104 → trail 103
      [103.9, 103.95, 103.2, 103.5], // low 103.2 > 103: holds; trail stays 103
      [103.5, 103.6, 102.8, 103], // low 102.8 ≤ 103: trailing stop at 103.00
    ]);
    const r = await backtest(strategy('qty 1  stop_loss 5%  trailing_stop 1 points'), { [TEST]: data });
    expect(brief(r)[0]).toMatchObject({ entry: '09:25 101.6', exit: '09:40 103 trailing_stop' });
  });
});

describe('time-based rules', () => {
  const TWO_DAYS = [
    ...bars('2024-01-01 09:15', 5, Array.from({ length: 12 }, (_, i) => [100 + i * 0.1, 100.3 + i * 0.1, 99.9 + i * 0.1, 100.1 + i * 0.1] as [number, number, number, number])),
    ...bars('2024-01-02 09:15', 5, Array.from({ length: 12 }, (_, i) => [101 - i * 0.1, 101.3 - i * 0.1, 100.9 - i * 0.1, 101.1 - i * 0.1] as [number, number, number, number])),
  ];

  it('enters at a clock time and exits at another, every day, on the exchange clock', async () => {
    const src = `strategy "Timed" {
      asset stocks
      symbols "${TEST}"
      timeframe 5m
      entry long at 09:30 { qty 10  stop_loss 5% }
      exit at 10:00
    }`;
    const r = await backtest(src, { [TEST]: TWO_DAYS });
    // 09:30 fires on the bar closing at 09:30 (09:25–09:30) and fills at the 09:30 open
    expect(r.trades.map((t) => [new Date(t.entry.time).toISOString().slice(0, 10), hhmm(t.entry.time), hhmm(t.exit.time), t.exit.reason])).toEqual([
      ['2024-01-01', '09:30', '10:00', 'signal'],
      ['2024-01-02', '09:30', '10:00', 'signal'],
    ]);
  });

  it('exits after n bars', async () => {
    const src = `strategy "Bars" {
      asset stocks
      symbols "${TEST}"
      timeframe 5m
      entry long at 09:30 { qty 1  stop_loss 5% }
      exit after 3 bars
    }`;
    const r = await backtest(src, { [TEST]: TWO_DAYS });
    // filled 09:30; bars closed 09:35, 09:40, 09:45 → position.bars = 3 at 09:45 → out at the 09:45 open
    expect(r.trades.map((t) => [hhmm(t.entry.time), hhmm(t.exit.time), t.bars])).toEqual([
      ['09:30', '09:45', 3],
      ['09:30', '09:45', 3],
    ]);
  });

  it('takes entries only inside the session window', async () => {
    const src = `strategy "Window" {
      asset stocks
      symbols "${TEST}"
      timeframe 5m
      session 09:40 - 09:50
      entry long when close > 0 { qty 1  stop_loss 5% }
      exit after 1 bars
    }`;
    const r = await backtest(src, { [TEST]: TWO_DAYS });
    for (const t of r.trades) {
      const signal = hhmm(t.entry.signal.time + 5 * 60_000);
      expect(signal >= '09:40' && signal <= '09:50').toBe(true);
    }
    expect(r.summary.signals.refused.outside_session).toBeGreaterThan(0);
  });
});

describe('risk limits', () => {
  const RISING = bars('2024-01-01 09:15', 5, Array.from({ length: 20 }, (_, i) => [100 + i, 100.5 + i, 99.8 + i, 100.4 + i] as [number, number, number, number]));

  it('max_trades_per_day stops new entries for the rest of the day', async () => {
    const src = strategy('qty 1  stop_loss 5%', 'max_trades_per_day 2', 'close > 0') + '';
    const r = await backtest(src.replace('\n}', '\n  exit after 1 bars\n}'), { [TEST]: RISING });
    expect(r.trades).toHaveLength(2);
    expect(r.summary.signals.refused.max_trades_per_day).toBeGreaterThan(0);
  });

  it('max_daily_loss closes what is open and stops trading for the day', async () => {
    const FALLING = [
      ...bars('2024-01-01 09:15', 5, Array.from({ length: 10 }, (_, i) => [110 - i, 110.2 - i, 108.9 - i, 109 - i] as [number, number, number, number])),
      ...bars('2024-01-02 09:15', 5, [[100, 100.5, 99.5, 100], [100, 100.5, 99.5, 100.2]]),
    ];
    const src = strategy('qty 100  stop_loss 20%', 'max_daily_loss 250', 'close > 0');
    const r = await backtest(src, { [TEST]: FALLING });
    const first = r.trades[0]!;
    // in at 109 (09:20 open); closes 108, 107, 106: the loss is 300 ≥ 250 at the 09:30 bar's close → out at the 09:35 open
    expect([hhmm(first.entry.time), hhmm(first.exit.time), first.exit.reason]).toEqual(['09:20', '09:35', 'max_daily_loss']);
    const day1 = r.trades.filter((t) => new Date(t.entry.time).toISOString().startsWith('2024-01-01'));
    expect(day1).toHaveLength(1);
    expect(r.summary.signals.refused.max_daily_loss).toBeGreaterThan(0);
    // a new day trades again
    expect(r.trades.some((t) => new Date(t.entry.time).toISOString().startsWith('2024-01-02'))).toBe(true);
  });
});

describe('parallel positions on a stock set', () => {
  it('opens up to max_positions, in symbol order, and refuses the rest', async () => {
    const keys = ['NSE_EQ|AAA', 'NSE_EQ|BBB', 'NSE_EQ|CCC'];
    const src = `strategy "Set" {
      asset stocks
      symbols ${keys.map((k) => `"${k}"`).join(', ')}
      timeframe 5m
      max_positions 2
      entry long when close > 101 { qty 1  stop_loss 5% }
    }`;
    const data = Object.fromEntries(keys.map((k) => [k, SIGNAL]));
    const r = await backtest(src, data);
    expect(r.trades.map((t) => t.instrument)).toEqual(['NSE_EQ|AAA', 'NSE_EQ|BBB']);
    expect(r.summary.signals.refused.max_positions).toBeGreaterThan(0);
    expect(r.summary.exposure).toBeGreaterThan(0);
    expect(r.run_parameters.data.map((d) => d.instrument)).toEqual(keys);
  });
});
