import type { Diagnostic } from './diagnostic.js';

/**
 * The one-line form every tool prints a diagnostic in — `algo check`, `algo fmt`, the
 * golden files of `examples/broken/` — so editors' problem matchers and people read the
 * same thing: `file:line:col: severity CODE: message` (1-based line and column).
 */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  return `${file}:${d.range.start.line}:${d.range.start.column}: ${d.severity} ${d.code}: ${d.message}`;
}

/** Counts by severity. */
export function countDiagnostics(list: readonly Diagnostic[]): { errors: number; warnings: number; infos: number } {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const d of list) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
    else infos++;
  }
  return { errors, warnings, infos };
}

/** `1 error`, `3 warnings`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
