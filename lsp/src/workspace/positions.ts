import type { Position as AlgoPosition, Range as AlgoRange } from '@algo/language';
import type { Position, Range } from 'vscode-languageserver';

/**
 * Conversions between the language's positions (1-based line and column, 0-based offset,
 * UTF-16 columns) and LSP positions (0-based line and character, UTF-16). Both count the
 * same code units and break lines at `\n`, `\r\n` and a lone `\r`, so the mapping is a
 * shift by one and never needs the text.
 */

/** An LSP position from a language position. */
export function toLspPosition(p: AlgoPosition): Position {
  return { line: p.line - 1, character: p.column - 1 };
}

/** An LSP range from a language range. */
export function toLspRange(r: AlgoRange): Range {
  return { start: toLspPosition(r.start), end: toLspPosition(r.end) };
}

/** Whether `offset` lies in `r` (both ends included, as a cursor just after a name is on it). */
export function rangeContains(r: AlgoRange, offset: number): boolean {
  return r.start.offset <= offset && offset <= r.end.offset;
}

/** Whether two LSP ranges overlap or touch. */
export function lspRangesTouch(a: Range, b: Range): boolean {
  return !(before(a.end, b.start) || before(b.end, a.start));
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
