import type { Range } from '../ast.js';
import { CODES, type DiagnosticCode, type Severity } from './codes.js';

/** A concrete edit that fixes a diagnostic: replace the text of `range` with `text`. */
export interface Fix {
  /** Shown in the editor's quick-fix menu, e.g. "Change to `rsi`". */
  readonly title: string;
  readonly range: Range;
  readonly text: string;
}

/** Another place that explains a diagnostic (the first definition of a duplicate, …). */
export interface Related {
  readonly message: string;
  readonly range: Range;
}

/**
 * A problem found in a source file. Expected failures of user input are always values
 * of this type, never exceptions.
 */
export interface Diagnostic {
  readonly severity: Severity;
  readonly code: DiagnosticCode;
  /** Plain English, naming what is wrong and, when it can, what to write instead. */
  readonly message: string;
  readonly range: Range;
  /** Quick fixes, best first (a "did you mean" is one). */
  readonly fixes: readonly Fix[];
  readonly related: readonly Related[];
}

/** Builds a diagnostic with the severity its code carries. */
export function diagnostic(
  code: DiagnosticCode,
  range: Range,
  message: string,
  extra: { fixes?: readonly Fix[]; related?: readonly Related[] } = {},
): Diagnostic {
  return { severity: CODES[code].severity, code, message, range, fixes: extra.fixes ?? [], related: extra.related ?? [] };
}

/** Orders diagnostics by position, then code, so output is stable across runs. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) => a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset || a.code.localeCompare(b.code) || a.message.localeCompare(b.message),
  );
}
