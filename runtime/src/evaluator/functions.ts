import { applyMath, MATH_FUNCTIONS } from '@algo/language';
import { RUNTIME_ERROR_CODES, RuntimeError } from './errors.js';

/**
 * The pure built-in functions of `.algo` (catalogue entries with `category: 'function'`).
 * The math is the language's own (`applyMath`, the one definition the checker folds
 * constants with); the evaluator applies the value semantics around it (a missing argument,
 * no value, or a non-finite result is missing).
 */
export type PureFunction = (args: number[]) => number;

const NAMES = new Set(MATH_FUNCTIONS.map((f) => f.name));

/** The implementation of pure function `name`; throws `ALGO_EVALUATOR_GRAPH` for a name the catalogue lacks. */
export function pureFunction(name: string): PureFunction {
  if (!NAMES.has(name)) throw new RuntimeError(RUNTIME_ERROR_CODES.graph, `the graph calls function ${name}() which is not in the catalogue`);
  return (args) => applyMath(name, args) ?? NaN;
}
