import { lookupFunction, type BuiltinFunction } from '@algo/language';
import { CompilerError, ERROR_CODES } from '../errors.js';

/**
 * The compiler's view of the language's built-in catalogue (the single source of truth for
 * every indicator and function): a look-up that treats a miss as a compiler bug, since the
 * checker has already rejected unknown names.
 */

/** The catalogue entry for a name the checker has accepted. */
export function requireBuiltin(name: string): BuiltinFunction {
  const f = lookupFunction(name);
  if (!f) throw new CompilerError(ERROR_CODES.internal, `no catalogue entry for "${name}"`);
  return f;
}

/** Built-ins whose call the compiler lowers to a crossing operator instead of a series. */
export const CROSSING_BUILTINS: Readonly<Record<string, 'crossesAbove' | 'crossesBelow'>> = {
  crossover: 'crossesAbove',
  crossunder: 'crossesBelow',
};
