import { analyze, type Analysis } from '@algo/language';
import { TextDocuments, type Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** One open document and its analysis, computed at most once per version. */
export interface DocumentState {
  readonly document: TextDocument;
  /** Parse + check of `document.version` — or, when `stale`, of an earlier version. */
  readonly analysis: Analysis;
  /** Set when `analysis` is of an earlier version (see `DocumentStore.latest`). */
  readonly stale?: true;
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

  /**
   * The document with the newest analysis there is, without analysing: the current
   * version's when it is cached, else an earlier one (`stale`), else — nothing analysed
   * yet — the current one after all. For completion, which reads only names and types
   * from the analysis and must not wait for a check of a large file on every keystroke.
   */
  latest(uri: string): DocumentState | undefined {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const cached = this.cache.get(uri);
    if (!cached) return this.get(uri);
    return cached.version === document.version ? { document, analysis: cached.analysis } : { document, analysis: cached.analysis, stale: true };
  }

  /** Analyses the current version of `uri` unless that is done already (or it is closed). */
  refresh(uri: string): void {
    if (this.documents.get(uri) && !this.isFresh(uri)) this.get(uri);
  }

  /** Whether the current version of `uri` has been analysed already (for the benchmarks' and tests' sake). */
  isFresh(uri: string): boolean {
    const document = this.documents.get(uri);
    return !!document && this.cache.get(uri)?.version === document.version;
  }
}
