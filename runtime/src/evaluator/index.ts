/**
 * The fast evaluator of `algo.rulegraph/v1`: a graph loaded once (`loadProgram`), one
 * `StrategyEvaluator` per instrument, fed base-timeframe bars.
 */
export { loadProgram, GraphProgram, type LoadResult, type ProgramOptions, type SeriesPlan, type TimeframePlan } from './program.js';
export { StrategyEvaluator, type BarExplanation } from './evaluator.js';
export type { ConditionTrace, LeafTrace, TraceValue } from './compile-rules.js';
export { BarClock } from './bar-clock.js';
export { SeriesBuffer } from './series-buffer.js';
export { RuntimeError, RUNTIME_ERROR_CODES, type RuntimeErrorCode } from './errors.js';
