import type { Range } from '@algo/language';

/**
 * A diagnostic the compiler adds to the language's (same shape as the language's
 * `Diagnostic`, so `algo check`'s printer and the editor show both alike). The compiler
 * only reports what the checker cannot know: bad parameter overrides and shapes that only
 * lowering reveals.
 */
export interface CompileDiagnostic {
  readonly severity: 'error' | 'warning' | 'info';
  readonly code: string;
  readonly message: string;
  readonly range: Range;
  readonly fixes: readonly never[];
  readonly related: readonly never[];
}

/** Builds an error diagnostic. */
export function compileError(code: string, range: Range, message: string): CompileDiagnostic {
  return { severity: 'error', code, message, range, fixes: [], related: [] };
}
