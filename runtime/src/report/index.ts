/**
 * The backtest report: one self-contained HTML page (summary, price chart with entries and
 * exits, equity and drawdown, the trade table with the rules behind each trade, and what the
 * result depends on), drawn with TradingView's lightweight-charts inlined. `algo backtest
 * --report` writes it; the VS Code extension's webview can show the same page (pass its
 * nonce and `cspSource`).
 */
export { renderReportHtml, chartLibraryText, REPORT_MAX_TRADES, type ReportOptions, type ReportCandles } from './render.js';
export { ChartCandles, CHART_CANDLES_PER_INSTRUMENT } from './chart-candles.js';
export { checkWritable, writeWhole, cannotWrite, partialName } from './output-file.js';
