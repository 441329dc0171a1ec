import { createConnection, Message, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { startServer } from './server.js';

/**
 * Runs the language server on this process's stdin and stdout — what `algo lsp --stdio`
 * and the VS Code extension's bundled server do. Nothing else may write to stdout: it
 * carries the protocol. A request cancelled while still queued (the user typed on) is
 * answered "cancelled" at once, without running.
 */
export function runStdioServer(): void {
  const connection = createConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout), {
    cancelUndispatched: (message) => (Message.isRequest(message) ? { jsonrpc: '2.0', id: message.id, error: { code: -32800, message: 'request cancelled' } } : undefined),
  });
  startServer(connection);
}
