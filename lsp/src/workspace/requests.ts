import { LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver';
import type { DocumentState, DocumentStore } from './documents.js';

/**
 * Wraps a feature as a request handler with the behaviour every request shares:
 * - a request for a document that is not open answers `empty` (clients ask about files
 *   they just closed);
 * - a request cancelled before it ran (the user typed on) answers RequestCancelled
 *   without doing the work;
 * - with `allowStale`, the newest analysis there is serves at once (see
 *   `DocumentStore.latest`) and `onStale` hears of it;
 * - a bug in a feature is logged to the client (window/logMessage, type Error) with the
 *   request name, and the request answers `empty` — one bad feature never takes the
 *   server, or the other features, down.
 */
export function documentRequest<P extends { textDocument: { uri: string } }, R, E>(
  connection: Connection,
  store: DocumentStore,
  name: string,
  empty: E,
  feature: (state: DocumentState, params: P, token: CancellationToken) => R,
  options: { allowStale?: boolean; onStale?: (uri: string) => void } = {},
): (params: P, token: CancellationToken) => R | E | ResponseError<void> {
  return (params, token) => {
    if (token.isCancellationRequested) return cancelled();
    try {
      const uri = params.textDocument.uri;
      const state = options.allowStale ? store.latest(uri) : store.get(uri);
      if (state?.stale) options.onStale?.(uri);
      if (!state) return empty;
      if (token.isCancellationRequested) return cancelled();
      return feature(state, params, token);
    } catch (err) {
      reportBug(connection, name, err);
      return empty;
    }
  };
}

/** The answer to a request the client no longer wants. */
export function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
}

/** Logs an unexpected exception in a feature, with its stack, as an error message to the client. */
export function reportBug(connection: Connection, where: string, err: unknown): void {
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  connection.console.error(`algo-lsp: internal error in ${where}: ${detail}`);
}
