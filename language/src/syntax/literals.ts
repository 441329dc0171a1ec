/**
 * Values of literal tokens, exactly as the language defines them: `_` separates digits,
 * a percentage is its fraction (`2%` → 0.02, computed in decimal so `1.1%` is 0.011),
 * strings take `\x` as `x`.
 */

/** `200_000` → 200000 */
export function parseNumber(text: string): number {
  return Number(text.replace(/_/g, ''));
}

/** `2%` → 0.02; `1.1%` → 0.011 (the nearest double, not 1.1 / 100). */
export function parsePercent(text: string): number {
  return Number(`${text.slice(0, -1).replace(/_/g, '')}e-2`);
}

/** `"a\"b"` → `a"b`; an unterminated string runs to its line's end. */
export function unescapeString(text: string, terminated = true): string {
  const body = terminated ? text.slice(1, -1) : text.slice(1);
  return body.replace(/\\(.)/g, '$1');
}

/** `09:30` → {hour: 9, minute: 30}, as written (validity is checked later). */
export function parseClock(text: string): { hour: number; minute: number } {
  const [h, m] = text.split(':');
  return { hour: Number(h), minute: Number(m) };
}
