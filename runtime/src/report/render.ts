import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { sha256 } from '../backtest/data-hash.js';
import type { BacktestResult } from '../backtest/result.js';
import type { Candle } from '../market/candle.js';
import { ChartCandles } from './chart-candles.js';
import { CLIENT_SCRIPT } from './client-script.js';
import { count, esc, symbolOf, wallTime } from './format.js';
import { buildPayload, payloadJson, type ChartSeries } from './payload.js';
import { REPORT_CSS } from './styles.js';
import { ambiguity, dependsOn, header, kpis, signals } from './summary.js';
import { tradesTable } from './trades-table.js';

/** Most trades a report lists (and marks on the chart) unless told otherwise. */
export const REPORT_MAX_TRADES = 5_000;

/** How the page is rendered and where it will be shown. */
export interface ReportOptions {
  /**
   * Nonce of the page's inline `<style>` and `<script>` elements, which its Content Security
   * Policy allows (and nothing else). Default: derived from the result's fingerprint, so the
   * same result renders the same bytes. A webview passes a fresh one.
   */
  readonly nonce?: string;
  /** extra CSP source allowed for scripts, styles, images and fonts (a VS Code webview's `cspSource`) */
  readonly cspSource?: string;
  /**
   * lightweight-charts' standalone build: its text to inline (default: read from the
   * installed package), or a URL for a `<script src>` (a webview serving it from its
   * extension folder).
   */
  readonly chartLibrary?: { readonly inline: string } | { readonly src: string };
  /** most trades listed and marked (default 5,000) */
  readonly maxTrades?: number;
  /** page title (default: the strategy's name) */
  readonly title?: string;
}

/** Bars to draw: collected by `ChartCandles` while the run streamed, or plain arrays per instrument (downsampled here). */
export type ReportCandles = ChartCandles | ReadonlyMap<string, readonly Candle[]>;

let library: string | undefined;

/** lightweight-charts' standalone build, read once from the installed package. */
export function chartLibraryText(): string {
  if (library === undefined) {
    const pkg = createRequire(import.meta.url).resolve('lightweight-charts/package.json');
    library = readFileSync(join(dirname(pkg), 'dist', 'lightweight-charts.standalone.production.js'), 'utf8');
  }
  return library;
}

/**
 * The backtest report as ONE self-contained HTML page — no network, no external files:
 * the summary a trader knows from TradingView's Strategy Tester (plus ambiguous bars with
 * their optimistic and pessimistic P&L, and what the result depends on), the price chart
 * with every entry and exit, the equity curve over the starting capital with its drawdown,
 * and the trade table with the rules (and the values they compared) that opened and closed
 * each trade. Charts are TradingView's lightweight-charts, inlined. Light or dark with the
 * system (or VS Code's theme), readable from a laptop screen up.
 *
 * Size stays bounded whatever the run: candles are downsampled to a few thousand per
 * instrument (`ChartCandles`; the page says when and to what), the equity curve is the
 * result's (≤ 2,000 points), and at most `maxTrades` trades are listed — a 10-million-bar run
 * gives a page of a few MB. It runs under a strict Content Security Policy: only the
 * nonce'd inline style and scripts (and `cspSource`, when given) are allowed.
 */
export function renderReportHtml(result: BacktestResult, candles?: ReportCandles, options: ReportOptions = {}): string {
  const settings = (result.strategy_snapshot.config as { settings?: { name?: string; timezone?: string } }).settings ?? {};
  const timeZone = settings.timezone ?? 'Asia/Kolkata';
  const p = result.run_parameters;
  const daily = /^\d+[dw]$/.test(p.timeframe);
  const when = wallTime(timeZone, daily);
  const title = options.title ?? (p.strategy || settings.name || 'Backtest');
  const nonce = esc(options.nonce ?? sha256(`report:${p.fingerprint}`).slice(0, 32));
  const cap = options.maxTrades ?? REPORT_MAX_TRADES;
  const trades = result.trades.slice(0, cap);
  const series = chartSeries(result, candles);
  const chartTf = series.map((s) => s.timeframe);
  const downsampled = series.some((s) => s.timeframe !== p.timeframe);
  const payload = buildPayload(result, series, trades, timeZone, !daily);
  const instruments = new Set(result.trades.map((t) => t.contract));
  const multi = instruments.size > 1 || result.run_parameters.data.length > 1 || result.trades.some((t) => t.contract !== t.instrument);

  const tradeCount = (key: string) => result.trades.filter((t) => t.contract === key || t.instrument === key).length;
  const tabs =
    series.length > 1
      ? `<div class="tabs" role="tablist">${series.map((s, i) => `<button class="tab" type="button" role="tab" data-tab="${i}" aria-selected="${i === 0}">${esc(symbolOf(s.key))}<small>${count(tradeCount(s.key))}</small></button>`).join('')}</div>`
      : `<span class="muted">${esc(series[0] ? symbolOf(series[0].key) : '')}</span>`;
  const notes = series.map((s, i) => {
    const bars = candles instanceof ChartCandles ? candles.barsOf(s.key) : s.candles.length;
    return `data-note-${i}="${esc(s.timeframe !== p.timeframe ? `drawn on ${s.timeframe} candles from ${count(bars)} ${p.timeframe} bars (downsampled to keep the page small)` : `${count(s.candles.length)} ${p.timeframe} candles`)}"`;
  });
  const listed = trades.length < result.summary.trades
    ? `<span class="note">showing ${count(trades.length)} of ${count(result.summary.trades)} trades — the summary counts them all${result.trades.length > trades.length ? '' : ' (raise --max-trades to list more)'}</span>`
    : `<span class="note">click a trade for the rules and values behind it</span>`;
  const lib = options.chartLibrary ?? { inline: chartLibraryText() };
  const src = options.cspSource ? ` ${esc(options.cspSource)}` : '';
  const csp = `default-src 'none'; img-src data:${src}; font-src${src || " 'none'"}; style-src 'nonce-${nonce}'${src}; script-src 'nonce-${nonce}'${src}`;

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="${esc(`${p.engine.name} ${p.engine.version}`)}">
<title>${esc(title)} — backtest report</title>
<style nonce="${nonce}">${REPORT_CSS}</style>
</head>
<body>
<div class="page">
${header(result, title, when)}
${kpis(result)}
${ambiguity(result)}
<section class="panel" id="price" aria-label="Price chart">
  <div class="panel-head"><h2>Price</h2>${tabs}<span class="note" id="price-note" ${notes.join(' ')}></span></div>
  ${series.length ? '<div id="price-chart" class="chart"></div>' : '<div class="empty">No candles were given to this report, so only the equity curve and trades are shown.</div>'}
  <div class="legend"><span><i class="tri-up"></i>long entry</span><span><i class="tri-down"></i>short entry</span><span><i class="dot-win"></i>exit with a profit</span><span><i class="dot-loss"></i>exit with a loss</span>${downsampled ? `<span>${esc(`candles drawn on ${[...new Set(chartTf)].join(', ')}`)}: markers sit on the candle holding the fill</span>` : ''}</div>
</section>
<section class="panel" aria-label="Equity">
  <div class="panel-head"><h2>Equity and drawdown</h2><span class="note">equity at each close over the starting capital · drawdown from the running peak, %</span></div>
  <div id="equity-chart" class="chart equity"></div>
</section>
<section class="panel" aria-label="Trades">
  <div class="panel-head"><h2>Trades</h2>${listed}</div>
  <div class="table-wrap">${tradesTable(trades, { when: (t) => when(t), multi, signals: p.data.length, params: new Map(Object.entries(p.params)) })}</div>
</section>
<div class="grid2">
${signals(result)}
${dependsOn(result, when)}
</div>
<footer><span>${esc(`${p.engine.name} ${p.engine.version}`)} · times in ${esc(timeZone)}</span><span>Charts: <a href="https://www.tradingview.com/" rel="noopener noreferrer">TradingView</a> Lightweight Charts™ (Apache-2.0)</span></footer>
</div>
<script type="application/json" id="algo-report-data">${payloadJson(payload)}</script>
${'inline' in lib ? `<script nonce="${nonce}">${lib.inline.replace(/<\/script/gi, '<\\/script')}</script>` : `<script nonce="${nonce}" src="${esc(lib.src)}"></script>`}
<script nonce="${nonce}">${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}

/** The series to draw, in the result's instrument order. */
function chartSeries(result: BacktestResult, candles: ReportCandles | undefined): ChartSeries[] {
  if (!candles) return [];
  const keys = result.run_parameters.data.map((d) => d.instrument);
  if (candles instanceof ChartCandles) {
    return keys.filter((k) => candles.candlesOf(k).length > 0).map((k) => ({ key: k, timeframe: candles.timeframeOf(k), candles: candles.candlesOf(k) }));
  }
  const settings = (result.strategy_snapshot.config as { settings?: { timezone?: string } }).settings;
  const collector = new ChartCandles(result.run_parameters.timeframe, { timeZone: settings?.timezone ?? 'Asia/Kolkata', open: '09:15', close: '15:30' });
  for (const k of keys) for (const c of candles.get(k) ?? []) collector.add(k, c);
  return chartSeries(result, collector);
}
