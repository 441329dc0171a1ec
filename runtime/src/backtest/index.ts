/**
 * Backtesting: the simulated broker and fill model, costs, metrics, the result object (the
 * `backtest_results` document), and `runBacktest`, which streams bars through the strategy
 * core.
 */
export { runBacktest, type BacktestOptions, type BacktestOutcome, type InstrumentData } from './run.js';
export { SimulatedBroker, type BrokerConfig } from './broker.js';
export { costModelFor, indiaPreset, indiaRatesAt, addCosts, NO_COSTS, CostBreakdownSchema, type CostModel, type CostBreakdown, type PricedOrder } from './costs.js';
export { INDIA_CHARGE_TABLES, type IndiaChargeTable, type IndiaRates, type IndiaSegment } from './india-charges.js';
export { MetricsAccumulator, MetricsSchema, BarMark, type Metrics } from './metrics.js';
export { EquityCurve, EquityPointSchema, type EquityPoint } from './equity-curve.js';
export {
  BacktestResultSchema,
  RunParametersSchema,
  SummarySchema,
  DataDescriptorSchema,
  BACKTEST_FORMAT,
  BACKTEST_RESULT_SCHEMAS,
  DEFAULT_MAX_TRADES,
  type BacktestResult,
  type RunParameters,
  type Summary,
  type DataDescriptor,
} from './result.js';
export { detectTimeframe, toStrategyTimeframe, checkTimeframe } from './inputs.js';
export type { OptionChain } from './option-chain.js';
export { OptionChainResolver } from './option-resolver.js';
export { SyntheticOptionChain, blackScholes, type SyntheticChainOptions } from './synthetic-chain.js';
export { DataHasher, sha256 } from './data-hash.js';
export { ENGINE_NAME, ENGINE_VERSION } from './version.js';
export { parseDataSpecs, openData, warmupBars, type DataSpec, type OpenDataOptions, type OpenedData } from './data-specs.js';
