import { FIELDS } from './fields.js';
import { MATH_FUNCTIONS } from './functions.js';
import { INDICATORS } from './indicators.js';
import type { BuiltinField, BuiltinFunction } from './types.js';

/**
 * Look-ups into the built-in catalogue — the one place the checker, compiler, runtime and
 * editor learn what a name means.
 */

/** Every callable built-in: the indicators, then the math functions. */
export const FUNCTIONS: readonly BuiltinFunction[] = [...INDICATORS, ...MATH_FUNCTIONS];

const FUNCTION_BY_NAME = new Map(FUNCTIONS.map((f) => [f.name, f]));
const FIELD_BY_NAME = new Map(FIELDS.map((f) => [f.name, f]));

/** The indicator or math function called `name`, if any. */
export function lookupFunction(name: string): BuiltinFunction | undefined {
  return FUNCTION_BY_NAME.get(name);
}

/** The field called `name` (`close`, `position.qty`), if any. */
export function lookupField(name: string): BuiltinField | undefined {
  return FIELD_BY_NAME.get(name);
}

/** The fields under `position.` (without the prefix): `qty`, `entry_price`, … */
export const POSITION_MEMBERS: readonly string[] = FIELDS.filter((f) => f.group === 'position').map((f) => f.name.slice('position.'.length));

/** Names a bare identifier may resolve to among built-ins (bar fields and `position`). */
export const BAR_FIELD_NAMES: readonly string[] = FIELDS.filter((f) => f.group === 'bar').map((f) => f.name);

/** Every built-in name a user could mean when a name is unknown: fields, functions, `position`. */
export const BUILTIN_NAMES: readonly string[] = [...BAR_FIELD_NAMES, 'position', ...FUNCTIONS.map((f) => f.name)];

/** Call signature as shown in docs and hovers: `rsi(source = close, length = 14)`. */
export function signatureOf(f: BuiltinFunction): string {
  const params = f.params.map((p) => (p.default === undefined ? p.name : `${p.name} = ${p.default}`));
  const outputs = f.outputs.length ? ` → .${f.outputs.join(' .')}` : '';
  return `${f.name}(${params.join(', ')})${outputs}`;
}
