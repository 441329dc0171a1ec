import { describe, expect, it } from 'vitest';
import { backtest, bars, brief, hhmm, round } from './helpers.js';

// One trading day of 5-minute bars, chosen so every fill can be checked by hand.
// Tick 0.05, slippage 1 tick against every market/stop fill, ₹20 per order.
const SOURCE = `strategy "Hand-checked" {
  asset stocks
  symbols "NSE_EQ|TEST"
  timeframe 5m
  capital 100000
  commission 20 per_order
  slippage 1 ticks
  entry long when close > 101 {
    qty 10
    stop_loss 2%
    take_profit 3%
  }
  exit when close < 101
}`;

const DAY = bars('2024-01-01 09:15', 5, [
  /* 0 09:15 */ [100, 100.5, 99.5, 100.2],
  /* 1 09:20 */ [100.2, 100.8, 100, 100.6],
  /* 2 09:25 */ [100.6, 101.6, 100.5, 101.5], // close > 101: entry signal
  /* 3 09:30 */ [102, 102.5, 101.8, 102.3], // filled at the open 102 + 0.05; stop 100.00, target 105.10
  /* 4 09:35 */ [102.3, 105.3, 102.2, 105], // high reaches the target: 105.10; close > 101: signal again
  /* 5 09:40 */ [104.8, 105, 104.5, 104.6], // filled at 104.85; stop 102.75, target 108.00
  /* 6 09:45 */ [101, 101.2, 100.5, 100.8], // opens below the stop: gap fill at 101 - 0.05
  /* 7 09:50 */ [100.8, 101.5, 100.7, 101.4], // signal
  /* 8 09:55 */ [101.5, 101.9, 101.3, 101.6], // filled at 101.55; stop 99.50, target 104.60
  /* 9 10:00 */ [101.6, 104.8, 99.4, 102], // reaches both: the stop first (adverse); signal again
  /* 10 10:05 */ [102, 102.4, 101.8, 102.2], // filled at 102.05; stop 100.00, target 105.10
  /* 11 10:10 */ [102.2, 102.3, 100.2, 100.3], // close < 101: exit signal
  /* 12 10:15 */ [100.5, 100.9, 100.4, 100.8], // exit filled at the open 100.5 - 0.05
  /* 13 10:20 */ [100.8, 101.3, 100.7, 101.2], // signal
  /* 14 10:25 */ [101.2, 101.5, 101, 101.4], // filled at 101.25; the data ends: closed at 101.4 - 0.05
]);

describe('a hand-checked backtest', () => {
  it('fills, stops, targets, gaps, the ambiguous bar and the end of data exactly', async () => {
    const r = await backtest(SOURCE, { 'NSE_EQ|TEST': DAY });
    expect(brief(r)).toEqual([
      { side: 'long', qty: 10, entry: '09:30 102.05', exit: '09:35 105.1 take_profit', gross: 30.5, costs: 40, net: -9.5 },
      { side: 'long', qty: 10, entry: '09:40 104.85', exit: '09:45 100.95 stop_loss', gross: -39, costs: 40, net: -79 },
      { side: 'long', qty: 10, entry: '09:55 101.55', exit: '10:00 99.45 stop_loss', gross: -21, costs: 40, net: -61 },
      { side: 'long', qty: 10, entry: '10:05 102.05', exit: '10:15 100.45 signal', gross: -16, costs: 40, net: -56 },
      { side: 'long', qty: 10, entry: '10:25 101.25', exit: '10:30 101.35 end_of_data', gross: 1, costs: 40, net: -39 },
    ]);
    const [t1, t2, t3, t4, t5] = r.trades;
    expect([t1!.stop_loss, t1!.take_profit]).toEqual([100, 105.1]);
    expect([t2!.stop_loss, t2!.take_profit, t2!.exit.at]).toEqual([102.75, 108, 'gap']);
    expect([t3!.stop_loss, t3!.take_profit, t3!.exit.at]).toEqual([99.5, 104.6, 'level']);
    expect(t3!.ambiguous).toEqual({ exit_price: 104.6, reason: 'take_profit', net_pnl: expect.closeTo(-9.5, 9) });
    expect(t4!.exit.signal.rule).toBe('exit.1');
    expect(hhmm(t4!.exit.signal.time)).toBe('10:10');
    expect(t5!.exit.at).toBe('close');
    // Entry signal: the rule and its operand values on the signal bar (09:25).
    expect(t1!.entry.signal).toMatchObject({ rule: 'entry.1', conditions: { all: [{ fact: 'close', operator: 'gt', left: 101.5, right: 101, result: true }], result: true } });
    expect(hhmm(t1!.entry.signal.time)).toBe('09:25');

    const s = r.summary;
    expect(s.trades).toBe(5);
    expect(round(s.net_profit)).toBe(-244.5);
    expect(round(s.final_equity)).toBe(99_755.5);
    expect(round(s.total_costs)).toBe(200);
    expect(s.ambiguous_bars).toBe(1);
    expect(round(s.net_profit_pessimistic)).toBe(-244.5);
    expect(round(s.net_profit_optimistic)).toBe(-193);
    expect(s.winning_trades).toBe(0);
    expect(s.losing_trades).toBe(5);
    expect(s.profit_factor).toBe(0);
    expect(round(s.largest_loss!)).toBe(-79);
    expect(s.signals.refused).toMatchObject({ in_position: expect.any(Number) });
    expect(r.run_parameters.costs).toEqual({ commission: '20 per order', slippage: '1 ticks' });
  });

  it('reads a favourable intrabar order when asked, and reports the adverse one as the other reading', async () => {
    const r = await backtest(SOURCE, { 'NSE_EQ|TEST': DAY }, { intrabar: 'favourable' });
    const t3 = r.trades[2]!;
    expect([t3.exit.price, t3.exit.reason, round(t3.net_pnl)]).toEqual([104.6, 'take_profit', -9.5]);
    expect(round(r.summary.net_profit_optimistic)).toBe(round(r.summary.net_profit));
    expect(r.run_parameters.intrabar).toBe('favourable');
  });

  it('fills on the signal bar close with `fill on_close`', async () => {
    const r = await backtest(SOURCE.replace('slippage 1 ticks', 'slippage 1 ticks\n  fill on_close'), { 'NSE_EQ|TEST': DAY });
    const t1 = r.trades[0]!;
    // signal at 09:25 (close 101.5): filled at 101.5 + 0.05 at 09:30 (the bar's close)
    expect([hhmm(t1.entry.time), t1.entry.price, t1.entry.fill]).toEqual(['09:30', 101.55, 'on_close']);
    expect([t1.stop_loss, t1.take_profit]).toEqual([99.5, 104.6]);
    // next bar (09:30) does not reach either; 09:35 reaches 104.60
    expect([hhmm(t1.exit.time), t1.exit.price, t1.exit.reason]).toEqual(['09:35', 104.6, 'take_profit']);
  });
});
