import { compile, type RuleGraph } from '@algo/compiler';
import { formatClock, formatDiagnostic, hoursOf } from '@algo/language';
import { z } from 'zod';
import { openData, warmupBars, type OpenedData } from '../backtest/data-specs.js';
import { parseDataSpecs } from '../backtest/data-specs.js';
import type { BacktestOptions } from '../backtest/run.js';
import { DataError } from '../data/candle-source.js';
import { CsvReadOptionsSchema } from '../data/csv/options.js';
import { ExchangeSessionSchema, type ExchangeSession } from '../data/session.js';
import type { HistoricalCandlesRepository } from '../storage/repositories/historical-candles.js';
import type { InstrumentSpec } from '../strategy/instrument.js';

/**
 * One backtest described by what a user types — the `.algo` text, `--param`, `--data`,
 * `--from/--to`, … — as plain JSON, so the same description runs in the CLI process (`algo
 * explain`, `algo series`) and in a sweep's worker threads (it crosses `postMessage` and is
 * checked with zod on the other side). `prepareRun` turns it into a compiled graph, opened
 * data and the options `runBacktest` takes, exactly as `algo backtest` would: a run prepared
 * here gives the same result (and fingerprint) as `algo backtest` with the same flags.
 */
export const RunSpecSchema = z.strictObject({
  /** the strategy file as the user named it (messages say `file:line:col`) */
  file: z.string(),
  /** its text */
  source: z.string(),
  /** `--param` overrides, stored values (a percent as a fraction) */
  params: z.record(z.string(), z.union([z.number(), z.boolean()])),
  /** `--data` arguments (see `parseDataSpecs`) */
  data: z.array(z.string()),
  from: z.string().optional(),
  to: z.string().optional(),
  /** timeframe of the data's bars (detected when left out) */
  tf: z.string().optional(),
  seed: z.int(),
  fill: z.enum(['next_open', 'on_close']).optional(),
  intrabar: z.enum(['adverse', 'favourable']).optional(),
  lotSize: z.int().min(1).optional(),
  tickSize: z.number().positive().optional(),
  csv: CsvReadOptionsSchema.optional(),
  /** trades the result lists (default: the backtester's) */
  maxTrades: z.int().min(0).optional(),
});
export type RunSpec = z.infer<typeof RunSpecSchema>;

/** A run ready for `runBacktest(run.graph, run.opened.data, run.options)`. */
export interface PreparedRun {
  readonly graph: RuleGraph;
  readonly session: ExchangeSession;
  readonly opened: OpenedData;
  /** the instruments the strategy's rules run on, in settings order */
  readonly instruments: readonly string[];
  readonly options: BacktestOptions;
}

/** What `prepareRun` needs besides the spec. */
export interface PrepareOptions {
  /** opens `historical_candles` (only called for `--data mongo…`) */
  readonly candles?: () => Promise<HistoricalCandlesRepository>;
}

/**
 * Compiles the strategy with its params, assigns and opens its data, and builds the
 * backtest options. Expected failures come back as `{ errors }`, each one line a user can
 * act on (compile diagnostics as `file:line:col: error …`, flagged `diagnostics`; a `--data` that names nothing the
 * strategy trades, a bad date). Data problems found while streaming later reject
 * `runBacktest` with a `DataError`, as in `algo backtest`.
 */
export async function prepareRun(spec: RunSpec, o: PrepareOptions = {}): Promise<{ run: PreparedRun; errors: [] } | { run?: undefined; errors: string[]; diagnostics?: true }> {
  const compiled = compile(spec.source, { params: spec.params, uri: spec.file });
  const bad = compiled.diagnostics.filter((d) => d.severity === 'error');
  if (!compiled.graph || bad.length) return { errors: (bad.length ? bad : compiled.diagnostics).map((d) => formatDiagnostic(spec.file, d)), diagnostics: true };
  const graph = compiled.graph;
  const s = graph.settings;
  const instruments = s.asset === 'options' ? [s.underlying ?? ''] : s.symbols;
  if (spec.data.length === 0) return { errors: [`--data is required: a CSV file, synth or mongo for ${instruments.join(', ')}`] };
  const parsed = parseDataSpecs(spec.data, instruments);
  if ('error' in parsed) return { errors: [parsed.error] };
  const session = exchangeSession(graph);
  let opened: OpenedData;
  try {
    opened = await openData(parsed.specs, {
      timeframe: s.timeframe,
      session,
      asset: s.asset,
      seed: spec.seed,
      warmupBars: warmupBars(graph, session),
      ...(spec.from ? { from: spec.from } : {}),
      ...(spec.to ? { to: spec.to } : {}),
      ...(spec.tf ? { dataTimeframe: spec.tf } : {}),
      ...(spec.csv ? { csv: spec.csv } : {}),
      ...(o.candles ? { candles: o.candles } : {}),
    });
  } catch (e) {
    if (e instanceof DataError) return { errors: [e.message] };
    throw e;
  }
  const master = instrumentMaster(spec, opened.spec);
  const options: BacktestOptions = {
    exchange: { open: session.open, close: session.close },
    source: spec.source,
    ...(master ? { spec: master } : {}),
    ...(opened.optionChain ? { optionChain: opened.optionChain } : {}),
    ...(opened.from !== undefined ? { from: opened.from } : {}),
    ...(opened.to !== undefined ? { to: opened.to } : {}),
    ...(opened.startDate ? { startDate: opened.startDate } : {}),
    ...(opened.endDate ? { endDate: opened.endDate } : {}),
    ...(spec.fill ? { fill: spec.fill } : {}),
    ...(spec.intrabar ? { intrabar: spec.intrabar } : {}),
    ...(spec.maxTrades !== undefined ? { maxTrades: spec.maxTrades } : {}),
  };
  return { run: { graph, session, opened, instruments, options }, errors: [] };
}

/**
 * The exchange hours of a strategy's instruments (NSE's 09:15–15:30 unless its first
 * instrument key names a segment with other hours), in the graph's time zone — what
 * `algo backtest` gives the evaluator, the data layer and the synthetic generator.
 */
export function exchangeSession(graph: RuleGraph): ExchangeSession {
  const s = graph.settings;
  const hours = hoursOf((s.asset === 'options' ? s.underlying : s.symbols[0]) ?? '');
  return ExchangeSessionSchema.parse({ timeZone: s.timezone, open: formatClock(hours?.open ?? 555), close: formatClock(hours?.close ?? 930) });
}

/** The instrument master from `--lot-size`/`--tick-size`, over what the data supplies. */
function instrumentMaster(spec: RunSpec, base?: (key: string) => InstrumentSpec | undefined): ((key: string) => InstrumentSpec | undefined) | undefined {
  if (spec.lotSize === undefined && spec.tickSize === undefined) return base;
  const lot = spec.lotSize ?? 1;
  const tick = spec.tickSize ?? 0.05;
  return (key) => base?.(key) ?? { key, kind: key.split('|')[0]?.endsWith('_FO') ? 'future' : 'equity', lot_size: lot, tick_size: tick };
}
