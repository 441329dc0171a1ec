import { z } from 'zod';
import type { Trade } from '../strategy/trade.js';

/**
 * The summary figures of a run, as a trader knows them from TradingView's Strategy Tester,
 * computed on every bar while the run streams (memory does not grow with bars). Each is
 * defined in docs/LANGUAGE.md, "Backtest semantics → Metrics"; ratios that have no value
 * (a profit factor without losing trades, a Sharpe ratio of fewer than two days) are null.
 */
export const MetricsSchema = z.strictObject({
  initial_capital: z.number(),
  final_equity: z.number(),
  net_profit: z.number(),
  net_profit_pct: z.number(),
  gross_profit: z.number(),
  gross_loss: z.number(),
  profit_factor: z.number().nullable(),
  total_costs: z.number(),
  max_drawdown: z.number(),
  max_drawdown_pct: z.number(),
  trades: z.int(),
  winning_trades: z.int(),
  losing_trades: z.int(),
  win_rate: z.number().nullable(),
  avg_trade: z.number().nullable(),
  avg_win: z.number().nullable(),
  avg_loss: z.number().nullable(),
  win_loss_ratio: z.number().nullable(),
  largest_win: z.number().nullable(),
  largest_loss: z.number().nullable(),
  avg_bars_in_trade: z.number().nullable(),
  sharpe: z.number().nullable(),
  sortino: z.number().nullable(),
  cagr: z.number().nullable(),
  exposure: z.number(),
  buy_and_hold_return: z.number().nullable(),
  /** bars on which a stop and a target were both reachable */
  ambiguous_bars: z.int(),
  /** net profit with every ambiguous bar read the trader's way / against the trader */
  net_profit_optimistic: z.number(),
  net_profit_pessimistic: z.number(),
  /** base bars, session days and the first/last bar's time (UTC ms) the run covered */
  bars: z.int(),
  days: z.int(),
  first_bar: z.number().nullable(),
  last_bar: z.number().nullable(),
});
export type Metrics = z.infer<typeof MetricsSchema>;

const TRADING_DAYS = 252;
const YEAR_MS = 365.25 * 86_400_000;

/**
 * One bar's marks, passed by reference: the per-bar path hands numbers over in fields
 * rather than as arguments or return values, which V8 would box on every bar.
 */
export class BarMark {
  /** open and close time of the bar (UTC ms), its session day */
  // Initialised with NaN so V8 stores these fields as unboxed doubles from the start.
  t = NaN;
  closeT = NaN;
  day = NaN;
  equity = NaN;
  positions = 0;
  /** written by `MetricsAccumulator.onMark`: drawdown from the running peak */
  drawdown = NaN;
}

/** Accumulates equity per bar and trades as they close; `result()` gives the metrics. */
export class MetricsAccumulator {
  // Every number field starts as a number (NaN until the constructor sets it): a field
  // declared bare starts as `undefined`, and V8 then stores it tagged — each write of a
  // fraction allocates a heap number. `equity` and `peak` are written on every bar.
  private peak = NaN;
  private maxDd = 0;
  private maxDdPct = 0;
  /** the drawdown and peak whose fraction was last compared with `maxDdPct` */
  private lastDd = NaN;
  private lastPeak = NaN;
  private bars = 0;
  private inMarket = 0;
  private day = NaN;
  private dayClose = NaN;
  private prevDayClose = NaN;
  private days = 0;
  // daily returns: running sums for mean, variance and downside deviation
  private n = 0;
  private sum = 0;
  private sumSq = 0;
  private downSq = 0;
  // NaN until the first bar (not null: a field that may hold null boxes every number stored in it)
  private first = NaN;
  private last = NaN;
  private equity = NaN;
  private readonly trades = { n: 0, wins: 0, losses: 0, gp: 0, gl: 0, costs: 0, bigWin: -Infinity, bigLoss: Infinity, bars: 0, opt: 0, pess: 0 };

  constructor(private readonly capital: number) {
    this.peak = capital;
    this.equity = capital;
    this.prevDayClose = capital;
  }

  /** Equity at a base bar's close; writes the drawdown from the peak into `m.drawdown`. */
  onMark(m: BarMark): void {
    if (this.first !== this.first) this.first = m.t;
    this.last = m.closeT;
    this.bars++;
    if (m.positions > 0) this.inMarket++;
    if (m.day !== this.day) {
      if (this.days > 0) this.closeDay();
      this.day = m.day;
      this.days++;
    }
    const equity = m.equity;
    this.dayClose = equity;
    this.equity = equity;
    if (equity > this.peak) this.peak = equity;
    const dd = this.peak - equity;
    if (dd > this.maxDd) this.maxDd = dd;
    // No division at a new peak (dd 0) or when nothing moved since the last bar (flat, same
    // drawdown from the same peak: that fraction was already compared).
    if (dd > 0 && (dd !== this.lastDd || this.peak !== this.lastPeak)) {
      this.lastDd = dd;
      this.lastPeak = this.peak;
      if (this.peak > 0 && dd / this.peak > this.maxDdPct) this.maxDdPct = dd / this.peak;
    }
    m.drawdown = dd;
  }

  /** The equity after the last bar (end-of-data exits paid their costs): the final figure. */
  settle(equity: number): void {
    this.equity = equity;
    this.dayClose = equity;
    if (equity > this.peak) this.peak = equity;
    const dd = this.peak - equity;
    if (dd > this.maxDd) this.maxDd = dd;
    if (this.peak > 0 && dd / this.peak > this.maxDdPct) this.maxDdPct = dd / this.peak;
  }

  private closeDay(): void {
    const r = this.prevDayClose > 0 ? this.dayClose / this.prevDayClose - 1 : 0;
    this.n++;
    this.sum += r;
    this.sumSq += r * r;
    if (r < 0) this.downSq += r * r;
    this.prevDayClose = this.dayClose;
  }

  onTrade(t: Trade): void {
    const s = this.trades;
    s.n++;
    s.costs += t.costs;
    s.bars += t.bars;
    if (t.net_pnl > 0) {
      s.wins++;
      s.gp += t.net_pnl;
    } else if (t.net_pnl < 0) {
      s.losses++;
      s.gl += t.net_pnl;
    }
    if (t.net_pnl > s.bigWin) s.bigWin = t.net_pnl;
    if (t.net_pnl < s.bigLoss) s.bigLoss = t.net_pnl;
    const alt = t.ambiguous?.net_pnl ?? t.net_pnl;
    s.opt += Math.max(t.net_pnl, alt);
    s.pess += Math.min(t.net_pnl, alt);
  }

  /** The metrics; `buyAndHold` is the instruments' average return over the run, `ambiguousBars` the broker's count. */
  result(buyAndHold: number | null, ambiguousBars: number): Metrics {
    if (this.days > 0) this.closeDay();
    const s = this.trades;
    const net = this.equity - this.capital;
    const mean = this.n > 0 ? this.sum / this.n : 0;
    const variance = this.n > 1 ? (this.sumSq - this.n * mean * mean) / (this.n - 1) : NaN;
    const sd = Math.sqrt(variance);
    const down = this.n > 0 ? Math.sqrt(this.downSq / this.n) : NaN;
    const years = this.bars > 0 ? (this.last - this.first) / YEAR_MS : 0;
    const ratio = (a: number, b: number) => (b !== 0 && Number.isFinite(a / b) ? a / b : null);
    // Trades still open at the end were closed as `end_of_data` trades, so realised P&L
    // equals equity; the optimistic/pessimistic figures shift net profit by the ambiguous trades.
    const realised = s.gp + s.gl;
    return {
      initial_capital: this.capital,
      final_equity: this.equity,
      net_profit: net,
      net_profit_pct: net / this.capital,
      gross_profit: s.gp,
      gross_loss: s.gl,
      profit_factor: s.gl < 0 ? s.gp / -s.gl : null,
      total_costs: s.costs,
      max_drawdown: this.maxDd,
      max_drawdown_pct: this.maxDdPct,
      trades: s.n,
      winning_trades: s.wins,
      losing_trades: s.losses,
      win_rate: ratio(s.wins, s.n),
      avg_trade: ratio(realised, s.n),
      avg_win: ratio(s.gp, s.wins),
      avg_loss: ratio(s.gl, s.losses),
      win_loss_ratio: s.wins > 0 && s.losses > 0 ? s.gp / s.wins / (-s.gl / s.losses) : null,
      largest_win: s.n > 0 && s.bigWin > 0 ? s.bigWin : null,
      largest_loss: s.n > 0 && s.bigLoss < 0 ? s.bigLoss : null,
      avg_bars_in_trade: ratio(s.bars, s.n),
      sharpe: this.n > 1 && sd > 0 ? (mean / sd) * Math.sqrt(TRADING_DAYS) : null,
      sortino: this.n > 1 && down > 0 ? (mean / down) * Math.sqrt(TRADING_DAYS) : null,
      cagr: years > 0 ? (this.equity > 0 ? Math.pow(this.equity / this.capital, 1 / years) - 1 : -1) : null,
      exposure: this.bars > 0 ? this.inMarket / this.bars : 0,
      buy_and_hold_return: buyAndHold,
      ambiguous_bars: ambiguousBars,
      net_profit_optimistic: net + (s.opt - realised),
      net_profit_pessimistic: net + (s.pess - realised),
      bars: this.bars,
      days: this.days,
      first_bar: this.bars > 0 ? this.first : null,
      last_bar: this.bars > 0 ? this.last : null,
    };
  }
}
