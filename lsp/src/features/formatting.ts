import { format } from '@algo/language';
import type { DocumentFormattingParams, TextEdit } from 'vscode-languageserver';
import type { DocumentState } from '../workspace/documents.js';

/**
 * Formatting with the language's formatter (one canonical layout, so editor options such as
 * tab size are not consulted). The answer is one edit covering only the span that changed,
 * which keeps the cursor and undo history steady. A file with syntax errors is left as it
 * is (no edits): the formatter never rewrites what it could not fully read.
 */
export function formatting({ document }: DocumentState, _params: DocumentFormattingParams): TextEdit[] {
  const before = document.getText();
  const result = format(before);
  if (!result.changed || result.diagnostics.length) return [];
  return [minimalEdit(before, result.text, document)];
}

/** One edit replacing only what differs between `a` and `b` (common prefix and suffix kept). */
export function minimalEdit(a: string, b: string, document: { positionAt(offset: number): { line: number; character: number } }): TextEdit {
  let start = 0;
  const max = Math.min(a.length, b.length);
  while (start < max && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  // never split a \r\n pair or a surrogate pair
  while (start > 0 && (isLow(a.charCodeAt(start)) || (a.charCodeAt(start) === 10 && a.charCodeAt(start - 1) === 13))) start--;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  while (endA < a.length && (isLow(a.charCodeAt(endA)) || (a.charCodeAt(endA) === 10 && a.charCodeAt(endA - 1) === 13))) {
    endA++;
    endB++;
  }
  return { range: { start: document.positionAt(start), end: document.positionAt(endA) }, newText: b.slice(start, endB) };
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
