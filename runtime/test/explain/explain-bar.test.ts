import { describe, expect, it } from 'vitest';
import { explainBar, type BarReport, type InstrumentReport } from '../../src/explain/explain-bar.js';
import { parseAt } from '../../src/explain/at-time.js';
import { renderExplanation } from '../../src/explain/render.js';
import { bars, ist } from '../backtest/helpers.js';
import { CROSS, fixtureRun } from './helpers.js';

// Bars a reader can check by eye (5m from 09:15 IST). The close crosses above its 3-bar SMA
// at 09:30 (103 > 101): an entry, filled at 09:35's open. At 09:35 it fires again and is
// refused (in position); at 09:40 the exit fires; at 09:50 the entry fires after the session.
const FIXTURE = bars('2024-01-03 09:15', 5, [
  [100, 100.5, 99.5, 100],
  [100, 100.5, 99.5, 100],
  [100, 100.5, 99.5, 100],
  [100, 103.5, 99.8, 103],
  [103, 104, 102.5, 103.5],
  [103.5, 104, 101, 101.5],
  [101.5, 102, 101, 101.8],
  [101.8, 106, 101.8, 105.9],
  [105.9, 106, 105, 105.5],
]);

async function explain(at: string): Promise<{ report: BarReport; one: InstrumentReport }> {
  const r = await explainBar(fixtureRun(CROSS, { 'NSE_EQ|TCS': FIXTURE }), ist(at));
  if (!r.report) throw new Error(r.errors.join('\n'));
  return { report: r.report, one: r.report.instruments[0]! };
}

describe('explainBar', () => {
  it('explains a bar where the entry fired and was taken: conditions with values, gates, the order and its fill', async () => {
    const { report, one } = await explain('2024-01-03 09:30');
    expect(report.at).toBe(ist('2024-01-03 09:30'));
    expect(one.bar).toMatchObject({ o: 100, h: 103.5, l: 99.8, c: 103 });
    expect(one.close_minute).toBe(9 * 60 + 35);
    expect(one.warm).toBe(true);
    const [entry, exit] = one.rules;
    expect(entry).toMatchObject({ rule: 'entry.1', type: 'entry', fired: true, outcome: 'taken' });
    expect(entry!.conditions).toMatchObject({ all: [{ label: 'close', operator: 'gt', compare_label: 'sma(close, 3)', left: 103, right: 101, result: true }] });
    expect(exit).toMatchObject({ rule: 'exit.1', fired: false, outcome: 'not_fired' });
    expect(one.gates.filter((g) => g.open === false)).toEqual([]);
    expect(one.positions).toEqual([]);
    expect(one.orders).toHaveLength(1);
    expect(one.orders[0]!.intent).toMatchObject({ type: 'entry', side: 'buy', qty: 10, fill: 'next_open' });
    // filled at the next bar's open; stop 2% below rounded down to the tick, target 4% above to the nearest tick
    expect(one.orders[0]!.fill).toMatchObject({ price: 103, time: ist('2024-01-03 09:35'), at: 'open', stop: 100.9, target: 107.1 });
    expect(one.series).toEqual([expect.objectContaining({ name: 'sma(close, 3)', value: 101, warmup: 2 })]);
    const text = renderExplanation(report);
    expect(text).toContain('✓ entry.1 — fired: entry order sent');
    expect(text).toContain('✓ close 103 > sma(close, 3) 101');
    expect(text).toContain('buy 10 NSE_EQ|TCS to open a long position, at the next bar’s open → filled at the open, 2024-01-03 09:35 at 103');
  });

  it('says an entry that fired was refused because the instrument already held a position, and what filled inside the bar', async () => {
    const { one } = await explain('2024-01-03 09:35');
    expect(one.rules[0]).toMatchObject({ fired: true, outcome: 'refused', detail: 'in_position' });
    expect(one.gates.find((g) => g.reason === 'in_position')).toMatchObject({ open: false });
    expect(one.filled_before_close).toEqual([expect.objectContaining({ side: 'buy', qty: 10, price: 103, at: 'open', stop: 100.9, target: 107.1 })]);
    expect(one.positions).toEqual([expect.objectContaining({ side: 'long', qty: 10, entry_price: 103, mark: 103.5, open_pnl: 5, bars: 1 })]);
  });

  it('follows an exit to its fill and the trade it closed', async () => {
    const { one } = await explain('2024-01-03 09:40');
    expect(one.rules[1]).toMatchObject({ rule: 'exit.1', fired: true, outcome: 'closes' });
    expect(one.orders[0]!.intent).toMatchObject({ type: 'exit', side: 'sell', qty: 10 });
    expect(one.orders[0]!.fill).toMatchObject({ price: 101.5, at: 'open', net_pnl: -15 });
    const after = await explain('2024-01-03 09:45');
    expect(after.one.rules[1]).toMatchObject({ fired: true, outcome: 'nothing_to_close' });
  });

  it('names the session as what blocked an entry after the window', async () => {
    const { report, one } = await explain('2024-01-03 09:50');
    expect(one.rules[0]).toMatchObject({ fired: true, outcome: 'refused', detail: 'outside_session' });
    expect(one.gates.find((g) => g.reason === 'outside_session')).toMatchObject({ open: false, detail: 'the bar closes at 09:55; entries are taken 09:20–09:40' });
    expect(renderExplanation(report)).toContain('fired, but not taken: the bar closed outside the session window');
  });

  it('shows warm-up: no rule runs and the SMA has no value yet', async () => {
    const { one } = await explain('2024-01-03 09:20');
    expect(one.warm).toBe(false);
    expect(one.timeframes).toEqual([{ timeframe: '5m', completed: 2, needed: 3 }]);
    expect(one.rules.every((r) => r.outcome === 'not_evaluated')).toBe(true);
    expect(one.series[0]).toMatchObject({ value: null, completed: 2, warmup: 2 });
  });

  it('refuses a time with no bar, naming the bars around it, the start and the end of the data', async () => {
    const run = () => fixtureRun(CROSS, { 'NSE_EQ|TCS': FIXTURE });
    const between = await explainBar(run(), ist('2024-01-03 09:32'));
    expect(between.errors).toEqual(['--at 2024-01-03 09:32: no 5m bar opens then (Asia/Kolkata); the nearest bars open at 2024-01-03 09:30 and 2024-01-03 09:35. Bars are named by their open time.']);
    expect((await explainBar(run(), ist('2024-01-02 10:00'))).errors[0]).toContain('the data starts at 2024-01-03 09:15');
    expect((await explainBar(run(), ist('2024-01-04 10:00'))).errors[0]).toContain('the data ends at 2024-01-03 09:55');
    expect((await explainBar(run(), ist('2024-01-03 09:30'), { instrument: 'INFY' })).errors[0]).toBe('--symbol INFY: the strategy does not trade it (it trades NSE_EQ|TCS)');
  });

  it('refuses a bar of the warm-up window before --from', async () => {
    const run = fixtureRun(CROSS, { 'NSE_EQ|TCS': FIXTURE });
    const r = await explainBar({ ...run, options: { ...run.options, from: ist('2024-01-03 09:40'), startDate: '2024-01-03' } }, ist('2024-01-03 09:30'));
    expect(r.errors[0]).toMatch(/comes before the trading window/);
  });
});

describe('parseAt', () => {
  it('reads exchange time, instants with an offset, and dates for daily bars', () => {
    expect(parseAt('2024-01-03 09:30', 'Asia/Kolkata', true)).toEqual({ t: ist('2024-01-03 09:30') });
    expect(parseAt('2024-01-03T09:30', 'Asia/Kolkata', true)).toEqual({ t: ist('2024-01-03 09:30') });
    expect(parseAt('2024-01-03T04:00Z', 'Asia/Kolkata', true)).toEqual({ t: ist('2024-01-03 09:30') });
    expect(parseAt('2024-01-03', 'Asia/Kolkata', false)).toEqual({ t: ist('2024-01-03 00:00') });
  });

  it('says how to write it when it cannot', () => {
    expect(parseAt('yesterday', 'Asia/Kolkata', true).error).toBe('--at yesterday: write the bar\'s open time as YYYY-MM-DD HH:MM in exchange time (Asia/Kolkata), e.g. 2024-02-05 10:15');
    expect(parseAt('2024-02-30 10:00', 'Asia/Kolkata', true).error).toBe('--at 2024-02-30 10:00: not a real date and time');
    expect(parseAt('2024-02-05', 'Asia/Kolkata', true).error).toMatch(/give the bar's time too, e\.g\. 2024-02-05 10:15/);
  });
});
