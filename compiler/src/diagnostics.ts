import { CODES, type Diagnostic, type DiagnosticCode, type Range } from '@algo/language';

/**
 * Diagnostics the compiler adds to the language's: bad parameter overrides and shapes only
 * lowering reveals. They are the language's `Diagnostic` with the language's codes, so
 * `algo check`'s printer and the editor show them alike.
 */
export type CompileDiagnostic = Diagnostic;

/** A diagnostic with the severity its code carries. */
export function compileError(code: DiagnosticCode, range: Range, message: string): Diagnostic {
  return { severity: CODES[code].severity, code, message, range, fixes: [], related: [] };
}
