import { RuleGraphSchema } from '@algo/compiler';
import { formatClock, hoursOf } from '@algo/language';
import { DataError, ExchangeSessionSchema, loadProgram, openData, parseDataSpecs, runBacktest, warmupBars, type HistoricalCandlesRepository } from '@algo/runtime';
import type { BacktestJob } from './job.js';

/** Progress as a worker reports it: fraction of the trading window done, and bars read. */
export type ProgressFn = (progress: number, bars: number) => void;

export type ExecuteOutcome = { result: Record<string, unknown>; error?: undefined } | { result?: undefined; error: string };

/**
 * Runs one backtest job with the backtester's own pieces — the same `openData` and
 * `runBacktest`, exchange hours and warm-up that `algo backtest` uses, so a remote run of a
 * strategy on the same data gives the same result (and fingerprint) as a local one — and
 * returns its result object, or the reason it
 * could not run as a message for the user. Runs inside a worker process; never throws for
 * bad input (a bug still throws, and the parent records the run as FAILED).
 */
export async function executeBacktest(job: BacktestJob, onProgress: ProgressFn, candles?: () => Promise<HistoricalCandlesRepository>): Promise<ExecuteOutcome> {
  const checked = RuleGraphSchema.safeParse(job.graph);
  if (!checked.success) return { error: `the stored strategy graph is not valid: ${checked.error.issues[0]?.path.join('.')}: ${checked.error.issues[0]?.message}` };
  const graph = checked.data;
  const s = graph.settings;
  const instruments = s.asset === 'options' ? [s.underlying ?? ''] : [...s.symbols];
  // The exchange's hours, as `algo backtest` takes them: from the first instrument's exchange.
  const hours = hoursOf(instruments[0] ?? '');
  const exchange = { open: formatClock(hours?.open ?? 555), close: formatClock(hours?.close ?? 930) };
  const loaded = loadProgram(graph, { exchange });
  if (!loaded.program) return { error: loaded.errors.join('; ') };
  const program = loaded.program;
  const session = ExchangeSessionSchema.parse({ timeZone: s.timezone, ...exchange });
  const specs = parseDataSpecs(job.data, instruments);
  if ('error' in specs) return { error: specs.error.replace(/--data/g, 'data') };
  try {
    const opened = await openData(specs.specs, {
      timeframe: s.timeframe,
      session,
      asset: s.asset,
      ...(job.from ? { from: job.from } : {}),
      ...(job.to ? { to: job.to } : {}),
      ...(job.seed !== undefined ? { seed: job.seed } : {}),
      warmupBars: warmupBars(graph, session),
      ...(candles ? { candles } : {}),
    });
    const from = opened.from;
    const to = opened.to;
    const fraction = (t: number): number => (from !== undefined && to !== undefined && to > from ? Math.min(1, Math.max(0, (t - from) / (to - from))) : 0);
    const outcome = await runBacktest(program, opened.data, {
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
      ...(opened.startDate ? { startDate: opened.startDate } : {}),
      ...(opened.endDate ? { endDate: opened.endDate } : {}),
      ...(opened.optionChain ? { optionChain: opened.optionChain } : {}),
      ...(opened.spec ? { spec: opened.spec } : {}),
      ...(job.source ? { source: job.source } : {}),
      progressEvery: 2_000,
      onProgress: (bars, t) => onProgress(fraction(t), bars),
    });
    if (!outcome.result) return { error: outcome.errors.join('; ').replace(/--data/g, 'data') };
    return { result: outcome.result as unknown as Record<string, unknown> };
  } catch (err) {
    if (err instanceof DataError) return { error: err.message.replace(/--(from|to|data)/g, '$1') };
    throw err;
  }
}
