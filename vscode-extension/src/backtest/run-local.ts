import { compile } from '@algo/compiler';
import { formatClock, hoursOf } from '@algo/language';
import {
  ChartCandles,
  DataError,
  ExchangeSessionSchema,
  openData,
  openStorage,
  parseDataSpecs,
  renderReportHtml,
  runBacktest,
  warmupBars,
  type BacktestResult,
  type HistoricalCandlesRepository,
} from '@algo/runtime';
import type { BacktestRequest } from './request.js';

/** The outcome of a local backtest: the result object, or one message saying why it could not run. */
export type BacktestReply =
  | { readonly ok: true; readonly result: BacktestResult; readonly notes: readonly string[]; readonly html?: string }
  | { readonly ok: false; readonly message: string };

/** The database named in a MongoDB URL's path (`mongodb://host/my_db`), else the system's (`trading_platform`). */
function databaseOf(url: string): { dbName?: string } {
  try {
    const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
    return name ? { dbName: name } : {};
  } catch {
    return {};
  }
}

/** Flags of `algo backtest` as the settings that stand for them in the editor. */
const FLAG_TO_SETTING: ReadonlyArray<readonly [RegExp, string]> = [
  [/--data/g, 'algo.backtest.data'],
  [/--from/g, 'algo.backtest.from'],
  [/--to/g, 'algo.backtest.to'],
  [/--param/g, 'algo.backtest.params'],
];

function inSettingsTerms(message: string): string {
  return FLAG_TO_SETTING.reduce((m, [flag, setting]) => m.replace(flag, setting), message);
}

/**
 * Runs a backtest in this process exactly as `algo backtest` does — compile with the
 * param overrides, open the data the specs name (CSV, `synth`, `mongo`), stream it
 * through `runBacktest` with the exchange's hours and the strategy's warm-up — and returns
 * the result or a message. Expected failures (errors in the strategy, bad data, no
 * database) are values; `onProgress` gets the fraction of the trading window done. With
 * `req.report`, the bars are also collected for the price chart and the runtime's report
 * page (`renderReportHtml`) is rendered for the webview named there.
 */
export async function runLocalBacktest(req: BacktestRequest, onProgress: (fraction: number, bars: number) => void = () => {}): Promise<BacktestReply> {
  const compiled = compile(req.source, { params: req.params, uri: req.uri });
  const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
  if (!compiled.graph || errors.length) {
    const first = errors[0] ?? compiled.diagnostics[0];
    const where = first ? ` (line ${first.range.start.line}: ${first.message})` : '';
    return { ok: false, message: `the strategy has ${errors.length || 'some'} error${errors.length === 1 ? '' : 's'}; fix them first${where}` };
  }
  const graph = compiled.graph;
  const s = graph.settings;
  const instruments = s.asset === 'options' ? [s.underlying ?? ''] : [...s.symbols];
  const specs = parseDataSpecs(req.data, instruments);
  if ('error' in specs) return { ok: false, message: inSettingsTerms(specs.error) };
  const hours = hoursOf(instruments[0] ?? '');
  const exchange = { open: formatClock(hours?.open ?? 555), close: formatClock(hours?.close ?? 930) };
  const session = ExchangeSessionSchema.parse({ timeZone: s.timezone, ...exchange });
  let close = async (): Promise<void> => {};
  try {
    const opened = await openData(specs.specs, {
      timeframe: s.timeframe,
      session,
      asset: s.asset,
      seed: req.seed,
      warmupBars: warmupBars(graph, session),
      ...(req.from ? { from: req.from } : {}),
      ...(req.to ? { to: req.to } : {}),
      candles: async (): Promise<HistoricalCandlesRepository> => {
        const url = req.mongoUrl || process.env.MONGO_URL;
        if (!url) throw new DataError('BAD_OPTION', 'mongo data needs a database: set algo.backtest.mongoUrl (or MONGO_URL)');
        const storage = await openStorage({ url, ensureIndexes: false, ...databaseOf(url) });
        if (!storage.ok) throw new DataError('BAD_OPTION', storage.message);
        close = () => storage.value.close();
        return storage.value.historicalCandles;
      },
    });
    const { from, to } = opened;
    // the report's price chart: the run's own bars, collected on their way through (downsampled as needed)
    const chart = req.report ? new ChartCandles(s.timeframe, session, { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) }) : undefined;
    const data = chart ? opened.data.map((d) => ({ ...d, source: chart.tap(d.instrument, d.source) })) : opened.data;
    const fraction = (t: number): number => (from !== undefined && to !== undefined && to > from ? Math.min(1, Math.max(0, (t - from) / (to - from))) : 0);
    const outcome = await runBacktest(graph, data, {
      exchange,
      source: req.source,
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
      ...(opened.startDate ? { startDate: opened.startDate } : {}),
      ...(opened.endDate ? { endDate: opened.endDate } : {}),
      ...(opened.optionChain ? { optionChain: opened.optionChain } : {}),
      ...(opened.spec ? { spec: opened.spec } : {}),
      progressEvery: 4_096,
      onProgress: (bars, t) => onProgress(fraction(t), bars),
    });
    if (!outcome.result) return { ok: false, message: inSettingsTerms(outcome.errors.join('; ')) };
    const notes = opened.notes.map(inSettingsTerms);
    if (!req.report) return { ok: true, result: outcome.result, notes };
    const html = renderReportHtml(outcome.result, chart, { nonce: req.report.nonce, cspSource: req.report.cspSource, chartLibrary: { src: req.report.chartLibrary } });
    return { ok: true, result: outcome.result, notes, html };
  } catch (err) {
    if (err instanceof DataError) return { ok: false, message: inSettingsTerms(err.message) };
    throw err;
  } finally {
    await close();
  }
}
