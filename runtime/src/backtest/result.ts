import { z } from 'zod';
import { SignalStatsSchema } from '../strategy/state.js';
import { TradeSchema } from '../strategy/trade.js';
import { EquityPointSchema } from './equity-curve.js';
import { MetricsSchema } from './metrics.js';

/**
 * The result of a backtest: ONE zod-validated object, the same shape as a Mongo
 * `backtest_results` document (seed 000) minus the ids and timestamps storage adds —
 * `status`, `run_parameters`, `strategy_snapshot`, `summary`, `trades`, `equity`. `--json`
 * prints it; the API stores it; a report draws it (candles come from the same data, markers
 * from `trades`, the curve from `equity`).
 *
 * `run_parameters` names everything the numbers depend on — source hash, compiler version,
 * engine version, data hashes, cost model, fill and intrabar assumptions, params — and
 * `fingerprint` hashes them, so two results with equal fingerprints must be equal.
 */
export const BACKTEST_FORMAT = 'algo.backtest/v1';

/** How many trades a result lists unless told otherwise (about 7 MB of JSON with their traces). */
export const DEFAULT_MAX_TRADES = 5_000;

export const DataDescriptorSchema = z.strictObject({
  instrument: z.string(),
  /** where the bars came from: a file path, `synth:SYMBOL` (with seed), `mongo` */
  source: z.string(),
  /** timeframe of the bars as read, and the strategy timeframe they were resampled to */
  timeframe: z.string(),
  bars: z.int(),
  /** 128-bit digest of the bars the run consumed (t, o, h, l, c, v as float64; see `DataHasher`) */
  hash: z.string(),
  first_bar: z.number().nullable(),
  last_bar: z.number().nullable(),
});
export type DataDescriptor = z.infer<typeof DataDescriptorSchema>;

export const RunParametersSchema = z.strictObject({
  format: z.literal(BACKTEST_FORMAT),
  strategy: z.string(),
  source_hash: z.string(),
  compiler: z.strictObject({ name: z.string(), version: z.string() }),
  engine: z.strictObject({ name: z.string(), version: z.string() }),
  params: z.record(z.string(), z.union([z.number(), z.boolean()])),
  timeframe: z.string(),
  /** trading window asked for (ISO dates, both included); bars before `start_date` only warm up */
  start_date: z.string().optional(),
  end_date: z.string().optional(),
  capital: z.number(),
  fill: z.enum(['next_open', 'on_close']),
  intrabar: z.enum(['adverse', 'favourable']),
  /** most trades the result lists (0: all); every trade counts in the summary */
  max_trades: z.int(),
  costs: z.strictObject({ commission: z.string(), slippage: z.string() }),
  data: z.array(DataDescriptorSchema),
  /** sha256 over every instrument's data hash, in instrument order */
  data_hash: z.string(),
  /** sha256 over everything above except `strategy`: equal fingerprints → equal results */
  fingerprint: z.string(),
});
export type RunParameters = z.infer<typeof RunParametersSchema>;

export const SummarySchema = MetricsSchema.extend({
  /** trades listed in `trades` (all of them unless the run capped the list; `trades` counts every one) */
  trades_listed: z.int(),
  signals: SignalStatsSchema,
  /** things the trader should know about this run (skipped late bars, refused entries, data oddities) */
  warnings: z.array(z.string()),
});
export type Summary = z.infer<typeof SummarySchema>;

export const BacktestResultSchema = z.strictObject({
  status: z.literal('COMPLETED'),
  run_parameters: RunParametersSchema,
  strategy_snapshot: z.strictObject({
    /** the rule graph the run used (`strategies.config`) */
    config: z.record(z.string(), z.unknown()),
    indicators_config: z.record(z.string(), z.unknown()),
    source_hash: z.string(),
    source: z.string().optional(),
  }),
  summary: SummarySchema,
  trades: z.array(TradeSchema),
  equity: z.array(EquityPointSchema),
});
export type BacktestResult = z.infer<typeof BacktestResultSchema>;

/** The schemas `BacktestResultsRepository` checks a completed run's parts with. */
export const BACKTEST_RESULT_SCHEMAS = { summary: SummarySchema, trade: TradeSchema, equityPoint: EquityPointSchema } as const;
