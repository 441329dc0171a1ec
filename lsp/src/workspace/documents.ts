import { analyze, type Analysis } from '@algo/language';
import { TextDocuments, type Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** One open document and its analysis, computed at most once per version. */
export interface DocumentState {
  readonly document: TextDocument;
  /** Parse + check of exactly `document.version`. */
  readonly analysis: Analysis;
}

/**
 * The open documents (kept in sync incrementally by `TextDocuments`) and a cache of one
 * analysis per document. The analysis is computed lazily, the first time a request or the
 * diagnostics timer needs the current version, so a burst of keystrokes costs one parse
 * and check, not one per keystroke.
 */
export class DocumentStore {
  readonly documents = new TextDocuments(TextDocument);
  private readonly cache = new Map<string, { version: number; analysis: Analysis }>();

  constructor() {
    this.documents.onDidClose((e) => this.cache.delete(e.document.uri));
  }

  /** Starts receiving open/change/close notifications on `connection`. */
  listen(connection: Connection): void {
    this.documents.listen(connection);
  }

  /** The document and its current analysis, or undefined when `uri` is not open. */
  get(uri: string): DocumentState | undefined {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const cached = this.cache.get(uri);
    if (cached && cached.version === document.version) return { document, analysis: cached.analysis };
    const analysis = analyze(document.getText(), uri);
    this.cache.set(uri, { version: document.version, analysis });
    return { document, analysis };
  }

  /** Whether the current version of `uri` has been analysed already (for the benchmarks' and tests' sake). */
  isFresh(uri: string): boolean {
    const document = this.documents.get(uri);
    return !!document && this.cache.get(uri)?.version === document.version;
  }
}
