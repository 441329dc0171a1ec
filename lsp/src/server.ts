import {
  CodeActionKind,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { completion, resolveCompletion, type CompletionOptions } from './completion/completion.js';
import { codeActions } from './features/code-actions.js';
import { codeLenses } from './features/code-lens.js';
import { foldingRanges } from './features/folding.js';
import { formatting } from './features/formatting.js';
import { hover } from './features/hover.js';
import { inlayHints } from './features/inlay-hints.js';
import { definition, documentHighlight, references } from './features/navigation.js';
import { prepareRename, rename } from './features/rename.js';
import { SEMANTIC_LEGEND, semanticTokens, semanticTokensRange } from './features/semantic-tokens.js';
import { signatureHelp } from './features/signature-help.js';
import { documentSymbols } from './features/symbols.js';
import { readOptions, type ServerOptions } from './options.js';
import { Debouncer } from './workspace/debouncer.js';
import { DiagnosticsService, type WorkerScript } from './workspace/diagnostics-service.js';
import { DocumentStore } from './workspace/documents.js';
import { documentRequest, reportBug } from './workspace/requests.js';

/** The server's name and version, as sent in `initialize`. */
export const SERVER_INFO = { name: 'algo-lsp', version: '0.1.0' } as const;

/** Everything the server offers (see the features in `./features/` and `./completion/`). */
export const CAPABILITIES: ServerCapabilities = {
  textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
  completionProvider: { triggerCharacters: ['.', '(', ',', ' '], resolveProvider: true },
  hoverProvider: true,
  signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [','] },
  definitionProvider: true,
  referencesProvider: true,
  documentHighlightProvider: true,
  renameProvider: { prepareProvider: true },
  documentSymbolProvider: { label: 'Algo' },
  foldingRangeProvider: true,
  documentFormattingProvider: true,
  semanticTokensProvider: { legend: SEMANTIC_LEGEND, full: true, range: true },
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
  inlayHintProvider: true,
  codeLensProvider: { resolveProvider: false },
};

/** How the server runs besides its connection. */
export interface StartOptions {
  /** The diagnostics worker thread's script; `undefined` checks on the main thread. */
  readonly diagnosticsWorker?: WorkerScript;
}

/**
 * Wires the language features to a connection: the document store (incremental sync),
 * diagnostics checked at once in a worker thread and published `diagnosticsDelayMs` after
 * the last change for exactly that version (stale versions are dropped), and one guarded
 * request handler per feature. The server is a thin adapter: meaning comes from
 * `@algo/language`.
 */
export function startServer(connection: Connection, start: StartOptions = {}): void {
  const store = new DocumentStore();
  let options: ServerOptions = readOptions(undefined);
  const justOpened = new Set<string>();
  let completionOptions: CompletionOptions = { editRangeDefault: false };
  const diagnostics = new DiagnosticsService(connection, store, start.diagnosticsWorker);
  // After completion served names from an earlier version, the current one is analysed on
  // the main thread once typing pauses (each change postpones it), not between keystrokes.
  const refresher = new Debouncer(0, (uri) => store.refresh(uri));
  const staleServed = (uri: string): void => {
    if (!refresher.pending(uri)) refresher.schedule(uri, options.diagnosticsDelayMs);
  };

  connection.onInitialize((params): InitializeResult => {
    options = readOptions(params.initializationOptions);
    const defaults = params.capabilities.textDocument?.completion?.completionList?.itemDefaults ?? [];
    completionOptions = { editRangeDefault: defaults.includes('editRange') };
    return { capabilities: CAPABILITIES, serverInfo: SERVER_INFO };
  });
  connection.onDidChangeConfiguration((change) => {
    const settings = (change.settings as { algo?: unknown } | null | undefined)?.algo;
    if (settings !== undefined) options = readOptions(settings, options);
  });

  store.documents.onDidOpen((e) => {
    justOpened.add(e.document.uri);
    diagnostics.changed(e.document.uri, 0);
  });
  store.documents.onDidChangeContent((e) => {
    if (justOpened.delete(e.document.uri)) return;
    diagnostics.changed(e.document.uri, options.diagnosticsDelayMs);
    if (refresher.pending(e.document.uri)) refresher.schedule(e.document.uri, options.diagnosticsDelayMs);
  });
  store.documents.onDidClose((e) => {
    justOpened.delete(e.document.uri);
    refresher.cancel(e.document.uri);
    diagnostics.closed(e.document.uri);
  });

  const request = <P extends { textDocument: { uri: string } }, R, E>(name: string, empty: E, f: Parameters<typeof documentRequest<P, R, E>>[4], o?: Parameters<typeof documentRequest<P, R, E>>[5]) =>
    documentRequest<P, R, E>(connection, store, name, empty, f, o);

  connection.onCompletion(request('completion', null, (state, params) => completion(state, params, completionOptions), { allowStale: true, onStale: staleServed }));
  connection.onCompletionResolve((item) => {
    try {
      return resolveCompletion(item);
    } catch (err) {
      reportBug(connection, 'completionItem/resolve', err);
      return item;
    }
  });
  connection.onHover(request('hover', null, hover));
  connection.onSignatureHelp(request('signatureHelp', null, signatureHelp));
  connection.onDefinition(request('definition', null, definition));
  connection.onReferences(request('references', null, references));
  connection.onDocumentHighlight(request('documentHighlight', null, documentHighlight));
  connection.onPrepareRename(request('prepareRename', null, prepareRename));
  connection.onRenameRequest(request('rename', null, rename));
  connection.onDocumentSymbol(request('documentSymbol', [], documentSymbols));
  connection.onFoldingRanges(request('foldingRange', [], foldingRanges));
  connection.onDocumentFormatting(request('formatting', [], formatting));
  connection.languages.semanticTokens.on(request('semanticTokens', { data: [] }, semanticTokens));
  connection.languages.semanticTokens.onRange(request('semanticTokensRange', { data: [] }, semanticTokensRange));
  connection.onCodeAction(request('codeAction', [], codeActions));
  connection.languages.inlayHint.on(request('inlayHint', [], (state, params) => inlayHints(state, params, options.inlayHints)));
  connection.onCodeLens(request('codeLens', [], (state, params) => (options.codeLens ? codeLenses(state, params) : [])));

  connection.onShutdown(() => {
    refresher.dispose();
    return diagnostics.dispose();
  });
  store.listen(connection);
  connection.listen();
}
