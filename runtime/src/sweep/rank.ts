import { z } from 'zod';
import type { Summary } from '../backtest/result.js';

/**
 * What one sweep run keeps (the summary figures a ranking and a table need, and the
 * fingerprint — the same one `algo backtest --param …` prints for these params), and how
 * runs are ranked: by one metric, best first, ties broken by the params in declaration order
 * (ascending), so the same sweep always prints the same order.
 */
export const SweepFiguresSchema = z.strictObject({
  net_profit: z.number(),
  net_profit_pct: z.number(),
  gross_profit: z.number(),
  trades: z.int(),
  win_rate: z.number().nullable(),
  profit_factor: z.number().nullable(),
  max_drawdown: z.number(),
  max_drawdown_pct: z.number(),
  sharpe: z.number().nullable(),
  sortino: z.number().nullable(),
  cagr: z.number().nullable(),
  avg_trade: z.number().nullable(),
  ambiguous_bars: z.int(),
  net_profit_optimistic: z.number(),
  net_profit_pessimistic: z.number(),
});
export type SweepFigures = z.infer<typeof SweepFiguresSchema>;

/** One combination's outcome: its figures, or why it could not run. */
export const SweepRowSchema = z.strictObject({
  params: z.record(z.string(), z.union([z.number(), z.boolean()])),
  figures: SweepFiguresSchema.optional(),
  fingerprint: z.string().optional(),
  error: z.string().optional(),
});
export type SweepRow = z.infer<typeof SweepRowSchema>;

/** The figures of a summary. */
export function figuresOf(s: Summary): SweepFigures {
  return {
    net_profit: s.net_profit,
    net_profit_pct: s.net_profit_pct,
    gross_profit: s.gross_profit,
    trades: s.trades,
    win_rate: s.win_rate,
    profit_factor: s.profit_factor,
    max_drawdown: s.max_drawdown,
    max_drawdown_pct: s.max_drawdown_pct,
    sharpe: s.sharpe,
    sortino: s.sortino,
    cagr: s.cagr,
    avg_trade: s.avg_trade,
    ambiguous_bars: s.ambiguous_bars,
    net_profit_optimistic: s.net_profit_optimistic,
    net_profit_pessimistic: s.net_profit_pessimistic,
  };
}

/** Metrics a sweep ranks by: the label a table shows, and which way is better. */
export const RANK_METRICS = {
  net_profit: { label: 'net profit', higher: true },
  net_profit_pct: { label: 'net profit %', higher: true },
  sharpe: { label: 'Sharpe', higher: true },
  sortino: { label: 'Sortino', higher: true },
  profit_factor: { label: 'profit factor', higher: true },
  max_drawdown: { label: 'max drawdown', higher: false },
  max_drawdown_pct: { label: 'max drawdown %', higher: false },
  win_rate: { label: 'win rate', higher: true },
  cagr: { label: 'CAGR', higher: true },
  avg_trade: { label: 'avg trade', higher: true },
  trades: { label: 'trades', higher: true },
  net_profit_pessimistic: { label: 'pessimistic net profit', higher: true },
} as const satisfies Record<string, { label: string; higher: boolean }>;
export type RankMetric = keyof typeof RANK_METRICS;

const ALIASES: Readonly<Record<string, RankMetric>> = {
  net: 'net_profit',
  profit: 'net_profit',
  pf: 'profit_factor',
  drawdown: 'max_drawdown_pct',
  dd: 'max_drawdown_pct',
  max_dd: 'max_drawdown_pct',
  winrate: 'win_rate',
  return: 'net_profit_pct',
};

/** The metric a user named (`net-profit`, `Sharpe`, `pf`, `drawdown`), or undefined. */
export function parseRankMetric(text: string): RankMetric | undefined {
  const k = text.trim().toLowerCase().replace(/[\s-]+/g, '_');
  if (k in RANK_METRICS) return k as RankMetric;
  return ALIASES[k];
}

/** A row's value of `metric` for ranking: null (no value) ranks last; a profit factor without losing trades is infinite. */
function valueOf(f: SweepFigures, metric: RankMetric): number | null {
  if (metric === 'profit_factor' && f.profit_factor === null) return f.gross_profit > 0 ? Infinity : null;
  return f[metric];
}

/**
 * Sorts rows best first by `metric`; failed runs go last; equal values are ordered by the
 * params, in `order`, ascending.
 */
export function rankRows(rows: readonly SweepRow[], metric: RankMetric, order: readonly string[]): SweepRow[] {
  const higher = RANK_METRICS[metric].higher;
  const byParams = (a: SweepRow, b: SweepRow) => {
    for (const k of order) {
      const x = Number(a.params[k]);
      const y = Number(b.params[k]);
      if (x !== y) return x - y;
    }
    return 0;
  };
  return [...rows].sort((a, b) => {
    if (!a.figures || !b.figures) return a.figures ? -1 : b.figures ? 1 : byParams(a, b);
    const x = valueOf(a.figures, metric);
    const y = valueOf(b.figures, metric);
    if (x === null || y === null) return x === null && y === null ? byParams(a, b) : x === null ? 1 : -1;
    if (x !== y) return higher ? y - x : x - y;
    return byParams(a, b);
  });
}
