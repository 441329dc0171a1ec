import { compile, type RuleGraph } from '@algo/compiler';
import { formatDiagnostic } from '@algo/language';
import { fromCandles } from '../../src/data/candle-source.js';
import { runBacktest, type BacktestOptions } from '../../src/backtest/run.js';
import type { BacktestResult } from '../../src/backtest/result.js';
import type { Candle } from '../../src/market/candle.js';

/** IST is UTC+05:30. */
const IST = 330 * 60_000;

/** UTC ms of a local (IST) time `YYYY-MM-DD HH:MM`. */
export function ist(text: string): number {
  const [d, hm] = text.split(' ') as [string, string];
  return Date.parse(`${d}T${hm}:00Z`) - IST;
}

/** `HH:MM` (IST) of a UTC ms. */
export function hhmm(t: number): string {
  return new Date(t + IST).toISOString().slice(11, 16);
}

/**
 * Consecutive bars of `minutes` from `start` (IST), one per row `[o, h, l, c, v?]` — a
 * fixture a reader can check by eye. A row may be `null` to leave a gap (a missing bar).
 */
export function bars(start: string, minutes: number, rows: ([number, number, number, number, number?] | null)[]): Candle[] {
  const t0 = ist(start);
  const out: Candle[] = [];
  rows.forEach((r, i) => {
    if (r) out.push({ t: t0 + i * minutes * 60_000, o: r[0], h: r[1], l: r[2], c: r[3], v: r[4] ?? 1000 });
  });
  return out;
}

/** Compiles `.algo` text, failing the test with the diagnostics when it has errors. */
export function compileOk(source: string, params?: Record<string, number | boolean>): RuleGraph {
  const r = compile(source, params ? { params } : {});
  if (!r.graph) throw new Error(r.diagnostics.map((d) => formatDiagnostic('test.algo', d)).join('\n'));
  return r.graph;
}

/** Backtests `source` on in-memory bars (one array per instrument), failing on setup errors. */
export async function backtest(source: string, data: Record<string, Candle[]>, options: BacktestOptions & { params?: Record<string, number | boolean> } = {}): Promise<BacktestResult> {
  const graph = compileOk(source, options.params);
  const r = await runBacktest(
    graph,
    Object.entries(data).map(([instrument, candles]) => ({ instrument, source: fromCandles(candles), label: 'fixture', timeframe: graph.settings.timeframe })),
    { ...options, source },
  );
  if (!r.result) throw new Error(r.errors.join('\n'));
  return r.result;
}

/** A trade reduced to what a trader checks by hand. */
export function brief(r: BacktestResult) {
  return r.trades.map((t) => ({
    side: t.side,
    qty: t.qty,
    entry: `${hhmm(t.entry.time)} ${t.entry.price}`,
    exit: `${hhmm(t.exit.time)} ${t.exit.price} ${t.exit.reason}`,
    gross: round(t.gross_pnl),
    costs: round(t.costs),
    net: round(t.net_pnl),
  }));
}

export function round(x: number, d = 6): number {
  const f = 10 ** d;
  return Math.round(x * f) / f;
}
