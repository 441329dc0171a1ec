import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ChartCandles, checkWritable, renderReportHtml, writeWhole, type BacktestResult, type ExchangeSession, type InstrumentData } from '@algo/runtime';

/**
 * `algo backtest --report out.html`: the path is checked before the run (a folder that does
 * not exist fails at once, not after the backtest), the run's bars are collected for the
 * chart on their way through (`ChartCandles`, downsampled as needed — no second read of the
 * data), and the page is written whole at the end.
 */
export class ReportOutput {
  private chart: ChartCandles | undefined;

  private constructor(readonly path: string) {}

  /** A report output for `path`, or the message saying why it cannot be written. */
  static async open(path: string): Promise<ReportOutput | string> {
    const why = await checkWritable('--report', path);
    return why ?? new ReportOutput(path);
  }

  /** The run's data, each source passing its bars to the chart collector. */
  tap(data: readonly InstrumentData[], timeframe: string, session: ExchangeSession, window: { from?: number; to?: number }): InstrumentData[] {
    const chart = new ChartCandles(timeframe, session, window);
    this.chart = chart;
    return data.map((d) => ({ ...d, source: chart.tap(d.instrument, d.source) }));
  }

  /** Renders and writes the page; resolves to the line to print, or an error message. */
  async write(result: BacktestResult): Promise<{ line: string; error?: undefined } | { line?: undefined; error: string }> {
    const html = renderReportHtml(result, this.chart);
    const error = await writeWhole('--report', this.path, html);
    if (error) return { error };
    const mb = Buffer.byteLength(html) / 1024 / 1024;
    return { line: `Report: ${resolve(this.path)} (${mb < 0.1 ? '<0.1' : mb.toFixed(1)} MB) — open ${pathToFileURL(resolve(this.path)).href}` };
  }
}
