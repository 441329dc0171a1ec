import type { IToken } from 'chevrotain';
import type { SourceFile } from './ast.js';
import { diagnostic, sortDiagnostics, type Diagnostic } from './diagnostics/diagnostic.js';
import { check } from './semantic/checker.js';
import type { SemanticModel } from './semantic/model.js';
import { LineIndex } from './syntax/line-index.js';
import { parseText } from './syntax/parse.js';

/** Everything known about one file: its tree, its meaning, and its problems. */
export interface Analysis {
  readonly ast: SourceFile;
  readonly model: SemanticModel;
  /** Syntax and semantic diagnostics, sorted by position. */
  readonly diagnostics: readonly Diagnostic[];
  /** Significant tokens, for editors (see `tokensOf` for a friendlier form). */
  readonly tokens: readonly IToken[];
  readonly lines: LineIndex;
}

/**
 * Parses and checks `.algo` text. Never throws, whatever the input: problems come back as
 * diagnostics, and the tree and model hold whatever could be understood (so an editor
 * keeps working on a broken file). A failure of the checker itself — a bug — is reported
 * as one ALG999 diagnostic with the syntax tree still returned.
 */
export function analyze(text: string, uri = 'untitled.algo'): Analysis {
  const parsed = parseText(text, uri);
  try {
    const syntaxErrors = parsed.diagnostics.map((d) => d.range.start.offset);
    const { model, diagnostics } = check(parsed.ast, text, syntaxErrors, parsed.skippedNames);
    return { ast: parsed.ast, model, diagnostics: sortDiagnostics([...parsed.diagnostics, ...diagnostics]), tokens: parsed.tokens, lines: parsed.lines };
  } catch (err) {
    const where = err instanceof Error ? (err.stack ?? err.message).split('\n').slice(0, 3).join(' ') : String(err);
    const bug = diagnostic('ALG999', parsed.ast.range, `internal error while checking this file (please report it): ${where}`);
    const { model } = check({ ...parsed.ast, strategies: [] }, '');
    return { ast: parsed.ast, model, diagnostics: sortDiagnostics([...parsed.diagnostics, bug]), tokens: parsed.tokens, lines: parsed.lines };
  }
}
