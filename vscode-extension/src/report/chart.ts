import type { BacktestResult } from '@algo/runtime';
import { escapeHtml, money } from './format.js';

const W = 960;
const H = 260;
const DD_H = 90;
const PAD = { left: 84, right: 16, top: 12, bottom: 24 };

/**
 * The equity curve and the drawdown under it, as inline SVG (no script, so the webview's
 * content security policy can forbid scripts entirely). Each closed trade is a dot on the
 * curve at its exit: green for a win, red for a loss.
 */
export function equityChart(r: BacktestResult, when: (t: number) => string): string {
  const pts = r.equity;
  if (pts.length < 2) return '<p class="muted">Not enough bars to draw the equity curve.</p>';
  const t0 = pts[0]!.t;
  const t1 = pts[pts.length - 1]!.t;
  const lo = Math.min(...pts.map((p) => p.equity), r.summary.initial_capital);
  const hi = Math.max(...pts.map((p) => p.equity), r.summary.initial_capital);
  const span = hi - lo || 1;
  const maxDd = Math.max(...pts.map((p) => p.drawdown)) || 1;
  const x = (t: number): number => PAD.left + ((t - t0) / (t1 - t0 || 1)) * (W - PAD.left - PAD.right);
  const y = (e: number): number => PAD.top + (1 - (e - lo) / span) * (H - PAD.top - PAD.bottom);
  const yd = (d: number): number => (d / maxDd) * (DD_H - 16);
  const line = pts.map((p) => `${x(p.t).toFixed(1)},${y(p.equity).toFixed(1)}`).join(' ');
  const dd = `${x(t0).toFixed(1)},0 ${pts.map((p) => `${x(p.t).toFixed(1)},${yd(p.drawdown).toFixed(1)}`).join(' ')} ${x(t1).toFixed(1)},0`;
  const equityAt = (t: number): number => {
    let lo2 = 0;
    let hi2 = pts.length - 1;
    while (lo2 < hi2) {
      const mid = (lo2 + hi2 + 1) >> 1;
      if (pts[mid]!.t <= t) lo2 = mid;
      else hi2 = mid - 1;
    }
    return pts[lo2]!.equity;
  };
  const dots = r.trades
    .map((tr) => {
      const t = Math.min(Math.max(tr.exit.time, t0), t1);
      const cls = tr.net_pnl >= 0 ? 'win' : 'loss';
      return `<circle class="${cls}" cx="${x(t).toFixed(1)}" cy="${y(equityAt(t)).toFixed(1)}" r="3"><title>${escapeHtml(`${tr.side} ${tr.contract}: ${money(tr.net_pnl)} (${tr.exit.reason})`)}</title></circle>`;
    })
    .join('');
  const base = y(r.summary.initial_capital).toFixed(1);
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="Equity curve">
  <line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${base}" y2="${base}"/>
  <text class="axis" x="${PAD.left - 6}" y="${(PAD.top + 4).toFixed(1)}" text-anchor="end">${money(hi)}</text>
  <text class="axis" x="${PAD.left - 6}" y="${(H - PAD.bottom).toFixed(1)}" text-anchor="end">${money(lo)}</text>
  <text class="axis" x="${PAD.left}" y="${H - 6}">${escapeHtml(when(t0))}</text>
  <text class="axis" x="${W - PAD.right}" y="${H - 6}" text-anchor="end">${escapeHtml(when(t1))}</text>
  <polyline class="equity" points="${line}"/>
  ${dots}
</svg>
<svg class="chart dd" viewBox="0 0 ${W} ${DD_H}" role="img" aria-label="Drawdown">
  <polygon class="drawdown" points="${dd}"/>
  <text class="axis" x="${PAD.left - 6}" y="${DD_H - 12}" text-anchor="end">−${money(maxDd)}</text>
  <text class="axis" x="${PAD.left - 6}" y="12" text-anchor="end">drawdown</text>
</svg>`;
}
