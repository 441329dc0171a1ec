import { pathAt, type Analysis, type Diagnostic as AlgoDiagnostic, type EntryRule, type Item, type LetDecl, type ParamDecl, type Strategy } from '@algo/language';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentState } from '../workspace/documents.js';
import { lspRangesTouch, toLspRange } from '../workspace/positions.js';
import { toLspDiagnostic } from './diagnostics.js';

/** The stop-loss the quick fix writes; a placeholder the user is expected to tune. */
const DEFAULT_STOP = 'stop_loss 2%';

/**
 * Quick fixes for the diagnostics under the cursor: every fix the language attached (the
 * "did you mean" replacements, `close(1)` → `close[1]`, …), plus two the editor writes
 * itself: add a missing stop-loss (to the entry, or as a strategy default) and remove an
 * unused `let` or `param`.
 */
export function codeActions({ document, analysis }: DocumentState, params: CodeActionParams): CodeAction[] {
  const only = params.context.only;
  if (only && !only.some((k) => k === CodeActionKind.QuickFix || k.startsWith(`${CodeActionKind.QuickFix}.`) || k === CodeActionKind.Empty)) return [];
  const uri = document.uri;
  const out: CodeAction[] = [];
  for (const d of analysis.diagnostics) {
    const lsp = toLspDiagnostic(d, uri);
    if (!lspRangesTouch(lsp.range, params.range)) continue;
    const action = (title: string, edits: TextEdit[], preferred = false): CodeAction => ({
      title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [matching(lsp, params.context.diagnostics)],
      edit: { changes: { [uri]: edits } },
      ...(preferred ? { isPreferred: true } : {}),
    });
    d.fixes.forEach((f, i) => out.push(action(f.title, [{ range: toLspRange(f.range), newText: f.text }], i === 0)));
    if (d.code === 'ALG400') out.push(...stopLossFixes(d, analysis, document).map(([t, e], i) => action(t, e, i === 0)));
    if (d.code === 'ALG209') {
      const decl = declarationAt(d, analysis);
      if (decl?.name) out.push(action(`Remove unused ${decl.kind === 'Let' ? 'let' : 'param'} \`${decl.name.name}\``, [removeLines(decl, document)], true));
    }
  }
  return out;
}

/** The client's copy of a diagnostic when it sent one (same code and range), else ours. */
function matching(ours: Diagnostic, theirs: readonly Diagnostic[]): Diagnostic {
  return theirs.find((t) => t.code === ours.code && sameRange(t.range, ours.range)) ?? ours;
}

function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function stopLossFixes(d: AlgoDiagnostic, analysis: Analysis, document: TextDocument): Array<[string, TextEdit[]]> {
  const path = pathAt(analysis.ast, d.range.start.offset);
  const entry = path.find((n): n is EntryRule => n.kind === 'Entry');
  const strategy = path.find((n): n is Strategy => n.kind === 'Strategy');
  const out: Array<[string, TextEdit[]]> = [];
  if (entry) out.push([`Add \`${DEFAULT_STOP}\` to this entry`, [addToEntry(entry, document)]]);
  if (strategy) {
    const edit = addDefault(strategy, document);
    if (edit) out.push([`Add \`default ${DEFAULT_STOP}\` to the strategy`, [edit]]);
  }
  return out;
}

/** Inserts the stop into the entry's block, or gives the entry a block. */
function addToEntry(entry: EntryRule, document: TextDocument): TextEdit {
  const text = document.getText();
  const indent = indentOf(text, entry.range.start.offset);
  const end = entry.range.end.offset;
  if (!entry.hasBlock || text[end - 1] !== '}') {
    const at = document.positionAt(end);
    return { range: { start: at, end: at }, newText: ` {\n${indent}  ${DEFAULT_STOP}\n${indent}}` };
  }
  const close = end - 1;
  const open = text.lastIndexOf('{', close);
  const closeLine = document.positionAt(close).line;
  if (open >= entry.range.start.offset && document.positionAt(open).line === closeLine) {
    const inner = text.slice(open + 1, close);
    const at = document.positionAt(close);
    const newText = inner.trim() === '' ? ` ${DEFAULT_STOP} ` : `${inner.endsWith(' ') ? '' : ' '}${DEFAULT_STOP} `;
    return { range: { start: document.positionAt(inner.trim() === '' ? open + 1 : close), end: at }, newText };
  }
  const lineStart = { line: closeLine, character: 0 };
  return { range: { start: lineStart, end: lineStart }, newText: `${indent}  ${DEFAULT_STOP}\n` };
}

/** Inserts `default stop_loss 2%` after the last setting or default, or first in the block. */
function addDefault(strategy: Strategy, document: TextDocument): TextEdit | undefined {
  const text = document.getText();
  const settings = strategy.items.filter((i: Item) => i.kind === 'Setting' || i.kind === 'Default');
  const anchor = settings[settings.length - 1];
  const first = strategy.items[0];
  const indent = first ? indentOf(text, first.range.start.offset) : '  ';
  let line: number;
  if (anchor) line = document.positionAt(anchor.range.end.offset).line + 1;
  else {
    const brace = text.indexOf('{', strategy.range.start.offset);
    if (brace < 0 || brace >= strategy.range.end.offset) return undefined;
    line = document.positionAt(brace).line + 1;
  }
  const at = { line, character: 0 };
  const atEnd = document.offsetAt(at) >= text.length && !/[\r\n]$/.test(text);
  return { range: { start: at, end: at }, newText: `${atEnd ? '\n' : ''}${indent}default ${DEFAULT_STOP}\n` };
}

function declarationAt(d: AlgoDiagnostic, analysis: Analysis): LetDecl | ParamDecl | undefined {
  return pathAt(analysis.ast, d.range.start.offset).find((n): n is LetDecl | ParamDecl => n.kind === 'Let' || n.kind === 'Param');
}

/** Deletes a declaration: its whole lines when nothing else is on them, else just its text. */
function removeLines(decl: LetDecl | ParamDecl, document: TextDocument): TextEdit {
  const text = document.getText();
  const start = decl.range.start.offset;
  const end = decl.range.end.offset;
  let lineStart = start;
  while (lineStart > 0 && (text[lineStart - 1] === ' ' || text[lineStart - 1] === '\t')) lineStart--;
  let lineEnd = end;
  while (lineEnd < text.length && (text[lineEnd] === ' ' || text[lineEnd] === '\t')) lineEnd++;
  const aloneBefore = lineStart === 0 || text[lineStart - 1] === '\n' || text[lineStart - 1] === '\r';
  const aloneAfter = lineEnd === text.length || text[lineEnd] === '\n' || text[lineEnd] === '\r';
  if (aloneBefore && aloneAfter) {
    if (text[lineEnd] === '\r' && text[lineEnd + 1] === '\n') lineEnd += 2;
    else if (lineEnd < text.length) lineEnd += 1;
    return { range: { start: document.positionAt(lineStart), end: document.positionAt(lineEnd) }, newText: '' };
  }
  return { range: { start: document.positionAt(start), end: document.positionAt(end) }, newText: '' };
}

/** The whitespace that starts the line holding `offset`. */
function indentOf(text: string, offset: number): string {
  let s = offset;
  while (s > 0 && text[s - 1] !== '\n' && text[s - 1] !== '\r') s--;
  const m = /^[ \t]*/.exec(text.slice(s, offset));
  return m ? m[0] : '';
}
