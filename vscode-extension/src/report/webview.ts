import type { BacktestResult } from '@algo/runtime';
import { equityChart } from './chart.js';
import { escapeHtml, money, num, pct, wallTime } from './format.js';

/** What the webview host supplies: its CSP source and a fresh nonce for the style block. */
export interface WebviewContext {
  readonly cspSource: string;
  readonly nonce: string;
}

const MAX_TRADES = 500;

/**
 * The backtest report as one self-contained HTML page for a VS Code webview: the summary
 * a trader knows from TradingView's Strategy Tester, the equity curve and drawdown (inline
 * SVG), and the trades. No scripts (the CSP forbids them), no network; colours follow the
 * editor theme through VS Code's CSS variables, with fallbacks for a plain browser.
 */
export function reportHtml(r: BacktestResult, ctx: WebviewContext): string {
  const s = r.summary;
  const p = r.run_parameters;
  const settings = (r.strategy_snapshot.config as { settings?: { timezone?: string; name?: string } }).settings;
  const daily = /^\d+[dw]$/.test(p.timeframe);
  const when = wallTime(settings?.timezone ?? 'Asia/Kolkata', daily);
  const title = p.strategy || settings?.name || 'Backtest';
  const cards: Array<[string, string, string?]> = [
    ['Net profit', `${money(s.net_profit)} <small>${pct(s.net_profit_pct)}</small>`, s.net_profit >= 0 ? 'pos' : 'neg'],
    ['Trades', `${s.trades} <small>${s.winning_trades} won · ${s.losing_trades} lost</small>`],
    ['Win rate', pct(s.win_rate)],
    ['Profit factor', num(s.profit_factor)],
    ['Max drawdown', `${money(s.max_drawdown)} <small>${pct(s.max_drawdown_pct)}</small>`, 'neg'],
    ['Sharpe · Sortino', `${num(s.sharpe)} · ${num(s.sortino)}`],
    ['CAGR', pct(s.cagr)],
    ['Buy & hold', pct(s.buy_and_hold_return)],
    ['Avg trade', money(s.avg_trade)],
    ['Avg win · loss', `${money(s.avg_win)} · ${money(s.avg_loss)}`],
    ['Largest win · loss', `${money(s.largest_win)} · ${money(s.largest_loss)}`],
    ['Exposure', pct(s.exposure)],
    ['Costs paid', money(s.total_costs)],
    ['Final equity', money(s.final_equity)],
  ];
  const rows = r.trades
    .slice(0, MAX_TRADES)
    .map(
      (t, i) => `<tr class="${t.net_pnl >= 0 ? 'pos' : 'neg'}">
  <td>${i + 1}</td><td>${escapeHtml(t.side)}</td><td>${escapeHtml(t.contract)}</td><td class="n">${num(t.qty, 0)}</td>
  <td>${escapeHtml(when(t.entry.time))}</td><td class="n">${money(t.entry.price)}</td>
  <td>${escapeHtml(when(t.exit.time))}</td><td class="n">${money(t.exit.price)}</td><td>${escapeHtml(t.exit.reason.replace(/_/g, ' '))}</td>
  <td class="n">${money(t.net_pnl)}</td><td class="n">${pct(t.return_pct)}</td><td class="n">${t.bars}</td>
</tr>`,
    )
    .join('\n');
  const listed = Math.min(r.trades.length, MAX_TRADES);
  const more = s.trades > listed ? `<p class="muted">Showing the first ${listed.toLocaleString('en-US')} of ${s.trades.toLocaleString('en-US')} trades (the summary counts them all).</p>` : '';
  const warnings = s.warnings.length ? `<section class="warnings"><h2>Notes</h2><ul>${s.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul></section>` : '';
  const data = p.data.map((d) => `${escapeHtml(d.instrument)} (${escapeHtml(d.source)}, ${d.bars.toLocaleString('en-US')} bars)`).join(', ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${ctx.cspSource} data:; style-src ${ctx.cspSource} 'nonce-${ctx.nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — backtest</title>
<style nonce="${ctx.nonce}">
  body { font-family: var(--vscode-font-family, system-ui, sans-serif); font-size: 13px; color: var(--vscode-foreground, #1f2328); background: var(--vscode-editor-background, #ffffff); margin: 16px 20px; }
  h1 { font-size: 18px; margin: 0 0 4px; } h2 { font-size: 14px; margin: 20px 0 8px; }
  .muted, small { color: var(--vscode-descriptionForeground, #656d76); font-weight: normal; }
  .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 8px; margin-top: 12px; }
  .card { border: 1px solid var(--vscode-panel-border, #d0d7de); border-radius: 6px; padding: 8px 10px; }
  .card .label { color: var(--vscode-descriptionForeground, #656d76); font-size: 11px; text-transform: uppercase; letter-spacing: .04em; }
  .card .value { font-size: 16px; margin-top: 2px; font-variant-numeric: tabular-nums; }
  .pos .value, tr.pos td:nth-child(10) { color: var(--vscode-testing-iconPassed, #1a7f37); }
  .neg .value, tr.neg td:nth-child(10) { color: var(--vscode-testing-iconFailed, #cf222e); }
  .chart { width: 100%; height: auto; display: block; }
  .chart .equity { fill: none; stroke: var(--vscode-charts-blue, #0969da); stroke-width: 1.5; }
  .chart .drawdown { fill: var(--vscode-charts-red, #cf222e); opacity: .35; }
  .chart .grid { stroke: var(--vscode-panel-border, #d0d7de); stroke-dasharray: 3 3; }
  .chart .axis { fill: var(--vscode-descriptionForeground, #656d76); font-size: 11px; }
  .chart .win { fill: var(--vscode-charts-green, #1a7f37); } .chart .loss { fill: var(--vscode-charts-red, #cf222e); }
  table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
  th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--vscode-panel-border, #d0d7de); white-space: nowrap; }
  th { font-weight: 600; } td.n, th.n { text-align: right; }
</style>
</head>
<body>
<header>
  <h1>${escapeHtml(title)}</h1>
  <div class="muted">${data} · ${escapeHtml(p.timeframe)} bars · ${escapeHtml(when(s.first_bar))} – ${escapeHtml(when(s.last_bar))} · fill ${escapeHtml(p.fill.replace('_', ' '))} · capital ${money(p.capital)}</div>
</header>
<section class="cards">
${cards.map(([label, value, cls]) => `  <div class="card${cls ? ` ${cls}` : ''}"><div class="label">${label}</div><div class="value">${value}</div></div>`).join('\n')}
</section>
<h2>Equity</h2>
${equityChart(r, (t) => when(t))}
${warnings}
<h2>Trades</h2>
${r.trades.length === 0 ? '<p class="muted">No trades: the entry conditions never held in this window.</p>' : `<table>
<thead><tr><th>#</th><th>Side</th><th>Contract</th><th class="n">Qty</th><th>Entry</th><th class="n">Price</th><th>Exit</th><th class="n">Price</th><th>Reason</th><th class="n">Net P&amp;L</th><th class="n">Return</th><th class="n">Bars</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`}
${more}
<footer class="muted"><p>Fingerprint ${escapeHtml(p.fingerprint.slice(0, 16))} · engine ${escapeHtml(p.engine.version)} · compiler ${escapeHtml(p.compiler.version)}</p></footer>
</body>
</html>
`;
}
