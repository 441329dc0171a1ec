import type { BacktestResult } from '../backtest/result.js';
import { zoneClock } from '../data/zone-clock.js';
import type { Candle } from '../market/candle.js';
import type { Trade } from '../strategy/trade.js';

/**
 * The data the report's script draws, as compact JSON inside the page: per instrument the
 * candles (`[time, open, high, low, close, volume]`), the equity curve and its drawdown,
 * and per listed trade what a chart marker and a click-to-focus need. Times are the
 * exchange's wall clock as seconds (lightweight-charts shows timestamps as UTC, so wall
 * time shifted into UTC reads as exchange time), prices rounded to 4 decimals.
 */
export interface ReportPayload {
  /** draw times with hours and minutes (intraday) or dates only */
  readonly intraday: boolean;
  readonly capital: number;
  readonly instruments: readonly PayloadInstrument[];
  /** `[time, equity, drawdown %]`, drawdown ≤ 0 */
  readonly equity: readonly (readonly [number, number, number])[];
  /** `[instrument index, side (1 long, -1 short), entry bar time, entry price, exit bar time, exit price, stop, target (or null), net P&L, qty]` */
  readonly trades: readonly PayloadTrade[];
}

export interface PayloadInstrument {
  readonly key: string;
  readonly symbol: string;
  /** timeframe the candles are drawn in */
  readonly timeframe: string;
  readonly candles: readonly (readonly [number, number, number, number, number, number])[];
}

export type PayloadTrade = readonly [number, 1 | -1, number, number, number, number, number, number | null, number, number];

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
const r2 = (x: number) => Math.round(x * 100) / 100;

/** Candles of one instrument, as the chart takes them. */
export interface ChartSeries {
  readonly key: string;
  readonly timeframe: string;
  readonly candles: readonly Candle[];
}

/**
 * Builds the payload. `trades` are the trades the report lists (already capped); a trade's
 * markers go on the instrument it traded (`contract` when that instrument is drawn — a stock
 * or future — else its signal instrument, e.g. the underlying of an option).
 */
export function buildPayload(result: BacktestResult, series: readonly ChartSeries[], trades: readonly Trade[], timeZone: string, intraday: boolean): ReportPayload {
  const zone = zoneClock(timeZone);
  const wall = (t: number) => Math.round(zone.toWall(t) / 1000);
  const instruments: PayloadInstrument[] = series.map((s) => ({
    key: s.key,
    symbol: s.key.includes('|') ? s.key.slice(s.key.indexOf('|') + 1) : s.key,
    timeframe: s.timeframe,
    candles: s.candles.map((c) => [wall(c.t), r4(c.o), r4(c.h), r4(c.l), r4(c.c), Math.round(c.v)] as const),
  }));
  const index = new Map(series.map((s, i) => [s.key, i]));
  const equity: [number, number, number][] = [];
  for (const p of result.equity) {
    const t = wall(p.t);
    const peak = p.equity + p.drawdown;
    const dd = peak > 0 ? -r2((p.drawdown / peak) * 100) : 0;
    const row: [number, number, number] = [t, r2(p.equity), dd];
    if (equity.length && equity[equity.length - 1]![0] >= t) equity[equity.length - 1] = row;
    else equity.push(row);
  }
  const out: PayloadTrade[] = trades.map((t) => [
    index.get(t.contract) ?? index.get(t.instrument) ?? -1,
    t.side === 'long' ? 1 : -1,
    wall(t.entry.bar_time),
    r4(t.entry.price),
    wall(t.exit.bar_time),
    r4(t.exit.price),
    r4(t.stop_loss),
    t.take_profit === null ? null : r4(t.take_profit),
    r2(t.net_pnl),
    t.qty,
  ]);
  return { intraday, capital: result.summary.initial_capital, instruments, equity, trades: out };
}

/** The payload as a JSON text safe inside `<script type="application/json">` (no `<` can close the element). */
export function payloadJson(p: ReportPayload): string {
  return JSON.stringify(p).replace(/</g, '\\u003c');
}
