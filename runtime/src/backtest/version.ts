/**
 * The backtest engine's identity, written into every result's `run_parameters.engine`:
 * bump `ENGINE_VERSION` whenever a change to the evaluator, the core, the fill model, costs
 * or metrics could change a result, so fingerprints of old and new runs differ.
 */
export const ENGINE_NAME = '@algo/runtime';
export const ENGINE_VERSION = '0.1.0';
