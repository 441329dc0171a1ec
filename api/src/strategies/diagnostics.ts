import type { Diagnostic } from '@algo/language';
import type { ApiDiagnostic } from '../errors.js';

/** A language/compiler diagnostic as the API reports it: 1-based line and column, as `algo check` prints them. */
export function toApiDiagnostic(d: Diagnostic): ApiDiagnostic {
  return {
    severity: d.severity,
    code: d.code,
    message: d.message,
    line: d.range.start.line,
    column: d.range.start.column,
    end_line: d.range.end.line,
    end_column: d.range.end.column,
  };
}
