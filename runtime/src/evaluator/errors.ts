/**
 * Exceptions of the evaluator, strategy core and backtester. Expected failures — a graph
 * that does not validate, data that cannot drive a strategy, an options strategy without
 * option candles — are values (`{ errors }`) or `DataError`s with a message for the user;
 * these are for misuse and bugs, each with a stable `code`.
 */
export const RUNTIME_ERROR_CODES = {
  /** a graph handed to `loadGraph` after validation still names something the runtime lacks (a bug in the compiler or runtime) */
  graph: 'ALGO_EVALUATOR_GRAPH',
  /** bars fed out of time order, or to an instrument the core does not trade */
  feed: 'ALGO_EVALUATOR_FEED',
  /** a snapshot that does not match the state schema */
  snapshot: 'ALGO_CORE_SNAPSHOT',
  /** the broker was told about an order or position it does not hold */
  broker: 'ALGO_BROKER_STATE',
} as const;

export type RuntimeErrorCode = (typeof RUNTIME_ERROR_CODES)[keyof typeof RUNTIME_ERROR_CODES];

/** An exception of the evaluation/backtest layer, carrying one of `RUNTIME_ERROR_CODES`. */
export class RuntimeError extends Error {
  constructor(
    readonly code: RuntimeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RuntimeError';
  }
}
