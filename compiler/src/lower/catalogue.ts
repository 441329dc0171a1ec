import { INDICATORS, type BuiltinFunction } from '@algo/language';
import { CompilerError, ERROR_CODES } from '../errors.js';

/**
 * The compiler's view of the language's built-in catalogue (the single source of truth):
 * names to entries, and the argument list of a call completed with the catalogue's
 * defaults so that `rsi(close)` and `rsi(close, 14)` lower to the same series.
 */

const BY_NAME = new Map<string, BuiltinFunction>(INDICATORS.map((f) => [f.name, f]));

/** The catalogue entry for `name`, or undefined. */
export function builtin(name: string): BuiltinFunction | undefined {
  return BY_NAME.get(name);
}

/** The catalogue entry for a name the checker has accepted; a miss is a compiler bug. */
export function requireBuiltin(name: string): BuiltinFunction {
  const f = BY_NAME.get(name);
  if (!f) throw new CompilerError(ERROR_CODES.internal, `no catalogue entry for "${name}"`);
  return f;
}

/** Built-ins whose call the compiler lowers to a crossing operator instead of a series. */
export const CROSSING_BUILTINS: Readonly<Record<string, 'crossesAbove' | 'crossesBelow'>> = {
  crossover: 'crossesAbove',
  crossunder: 'crossesBelow',
};
