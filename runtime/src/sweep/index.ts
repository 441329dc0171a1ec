/**
 * Parameter sweeps — every combination of the declared param ranges, run in worker threads
 * and ranked by a metric — and `RunSpec`/`prepareRun`, the JSON description of one backtest
 * as a user types it, shared by sweeps, `algo explain` and `algo series`.
 */
export { RunSpecSchema, prepareRun, exchangeSession, type RunSpec, type PreparedRun, type PrepareOptions } from './run-spec.js';
export { sweepGrid, combination, rangeValues, DEFAULT_MAX_RUNS, type SweepGrid, type SweepAxis, type GridRequest } from './grid.js';
export { RANK_METRICS, parseRankMetric, rankRows, figuresOf, SweepRowSchema, SweepFiguresSchema, type RankMetric, type SweepRow, type SweepFigures } from './rank.js';
export { runSweep, type SweepOptions, type SweepOutcome } from './sweep.js';
