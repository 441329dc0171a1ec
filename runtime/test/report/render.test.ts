import { describe, expect, it } from 'vitest';
import { NSE_SESSION } from '../../src/data/session.js';
import { synthCandles } from '../../src/data/synth/synth.js';
import { collectCandles } from '../../src/data/candle-source.js';
import { ChartCandles } from '../../src/report/chart-candles.js';
import { renderReportHtml } from '../../src/report/render.js';
import type { ReportPayload } from '../../src/report/payload.js';
import { backtest } from '../backtest/helpers.js';

const NAME = 'Cross <script>alert("x")</script> & co';
const SOURCE = `strategy "${NAME.replace(/"/g, "'")}" {
  asset stocks
  symbols "NSE_EQ|TCS"
  timeframe 15m
  entry long when ema(close, 5) crosses above sma(close, 20) { qty 10  stop_loss 1%  take_profit 2R }
  exit when ema(close, 5) crosses below sma(close, 20)
}`;

async function run() {
  const candles = await collectCandles(synthCandles({ symbol: 'NSE_EQ|TCS', from: '2024-01-01', to: '2024-02-29', timeframe: '15m', seed: 5 }));
  const result = await backtest(SOURCE, { 'NSE_EQ|TCS': candles });
  return { result, candles };
}

const payloadOf = (html: string): ReportPayload => JSON.parse(/<script type="application\/json" id="algo-report-data">(.*?)<\/script>/s.exec(html)![1]!) as ReportPayload;

describe('renderReportHtml', () => {
  it('is one page: every trade a row, every style and script nonce’d under a CSP that allows nothing else, the data inline', async () => {
    const { result, candles } = await run();
    expect(result.trades.length).toBeGreaterThan(3);
    const html = renderReportHtml(result, new Map([['NSE_EQ|TCS', candles]]), { nonce: 'abc123' });
    expect(html.match(/<tr class="trade"/g)).toHaveLength(result.trades.length);
    expect(html.match(/<tr class="why"/g)).toHaveLength(result.trades.length);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; font-src 'none'; style-src 'nonce-abc123'; script-src 'nonce-abc123'">`);
    const tags = html.match(/<(script|style)\b[^>]*>/g)!;
    expect(tags.filter((t) => !t.includes('nonce="abc123"'))).toEqual(['<script type="application/json" id="algo-report-data">']);
    expect(html).not.toMatch(/\s(src|href)="(?!#|https:\/\/www\.tradingview\.com\/)/);
    expect(html).toContain('window.LightweightCharts');
    const data = payloadOf(html);
    expect(data.instruments).toHaveLength(1);
    expect(data.instruments[0]!.candles).toHaveLength(candles.length);
    expect(data.trades).toHaveLength(result.trades.length);
    expect(data.equity.length).toBe(result.equity.length);
    // what the result depends on, and the ambiguous bars, are on the page
    for (const s of [result.run_parameters.fingerprint, result.run_parameters.source_hash, result.run_parameters.data_hash, 'Ambiguous bars', 'Opened by entry.1']) expect(html).toContain(s);
  });

  it('escapes everything the strategy author wrote', async () => {
    const { result } = await run();
    const html = renderReportHtml(result);
    expect(html).not.toContain("<script>alert('x')");
    expect(html).toContain('<title>Cross &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co — backtest report</title>');
    expect(html).toContain('No candles were given to this report');
  });

  it('renders the same bytes for the same result, and serves the chart library from a URL when asked (a webview)', async () => {
    const { result, candles } = await run();
    const c = new Map([['NSE_EQ|TCS', candles]]);
    expect(renderReportHtml(result, c)).toBe(renderReportHtml(result, c));
    const web = renderReportHtml(result, c, { nonce: 'n1', cspSource: 'https://webview.test', chartLibrary: { src: 'https://webview.test/lwc.js' } });
    expect(web).toContain('<script nonce="n1" src="https://webview.test/lwc.js"></script>');
    expect(web).toContain("script-src 'nonce-n1' https://webview.test");
    expect(web).not.toContain('window.LightweightCharts=');
  });

  it('stays small for a long run: candles downsampled (and said so), trades capped (and said so)', async () => {
    const { result } = await run();
    const chart = new ChartCandles('1m', NSE_SESSION);
    let bars = 0;
    for await (const batch of synthCandles({ symbol: 'NSE_EQ|TCS', from: '2020-01-01', to: '2024-12-31', timeframe: '1m' })) for (const b of batch) (chart.add('NSE_EQ|TCS', b), bars++);
    expect(bars).toBeGreaterThan(450_000);
    const html = renderReportHtml({ ...result, run_parameters: { ...result.run_parameters, timeframe: '1m' } }, chart, { maxTrades: 2 });
    expect(html.length).toBeLessThan(1_500_000);
    expect(payloadOf(html).instruments[0]!.candles.length).toBeLessThanOrEqual(8_000);
    expect(html).toMatch(/drawn on 1d candles from 4\d\d,\d{3} 1m bars \(downsampled to keep the page small\)/);
    expect(html.match(/<tr class="trade"/g)).toHaveLength(2);
    expect(html).toContain(`showing 2 of ${result.summary.trades} trades`);
  }, 60_000);
});
