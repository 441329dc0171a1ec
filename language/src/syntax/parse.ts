import type { IToken } from 'chevrotain';
import type { Comment, SourceFile } from '../ast.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { ItemBuilder } from './build-items.js';
import { BuildState } from './build-state.js';
import { tokenize } from './lexer.js';
import { LineIndex } from './line-index.js';
import { MAX_SYNTAX_ERRORS, parseTokens } from './parser.js';
import { skippedNames, syntaxDiagnostics } from './syntax-diagnostics.js';

/** The result of parsing one file: its tree and everything an editor needs besides. */
export interface ParseResult {
  readonly ast: SourceFile;
  /** Lexer and parser problems (codes ALG1xx), in source order. */
  readonly diagnostics: readonly Diagnostic[];
  /** Names in text the parser skipped while recovering from errors (see `skippedNames`). */
  readonly skippedNames: ReadonlySet<string>;
  /** Significant tokens (chevrotain tokens; `startOffset` is 0-based; a token ends at `startOffset + image.length`). */
  readonly tokens: readonly IToken[];
  readonly lines: LineIndex;
}

/**
 * Parses `.algo` text into an AST. Never throws on any input: problems are diagnostics and
 * the tree covers whatever could be recovered. Linear in the size of the text.
 */
export function parseText(text: string, uri = 'untitled.algo'): ParseResult {
  const lines = new LineIndex(text);
  const lexed = tokenize(text, lines);
  const { cst, root, errors, truncatedAt } = parseTokens(lexed.tokens);
  const parseDiagnostics = syntaxDiagnostics(errors, lines, lexed.tokens);
  if (truncatedAt !== undefined) {
    parseDiagnostics.push(diagnostic('ALG101', lines.range(truncatedAt, truncatedAt), `too many syntax errors (${MAX_SYNTAX_ERRORS}): the rest of the file was not read`));
  }
  const state = new BuildState(cst, lines, []);
  const comments: Comment[] = lexed.comments.map((t) => ({
    kind: 'Comment',
    text: t.image,
    block: t.image.startsWith('/*'),
    range: lines.range(t.startOffset, t.startOffset + t.image.length),
  }));
  const ast = new ItemBuilder(state).sourceFile(root, uri, comments, text.length);
  const diagnostics = [...lexed.diagnostics, ...parseDiagnostics, ...state.diagnostics].sort((a, b) => a.range.start.offset - b.range.start.offset);
  const skipped = skippedNames(errors);
  for (const n of state.skippedNames) skipped.add(n);
  return { ast, diagnostics, tokens: lexed.tokens, lines, skippedNames: skipped };
}
