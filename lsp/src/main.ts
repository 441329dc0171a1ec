import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConnection, Message, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { startServer, type StartOptions } from './server.js';
import type { WorkerScript } from './workspace/diagnostics-service.js';

/**
 * Runs the language server on this process's stdin and stdout — what `algo lsp --stdio`
 * and the VS Code extension's bundled server do. Nothing else may write to stdout: it
 * carries the protocol. A request cancelled while still queued (the user typed on) is
 * answered "cancelled" at once, without running. The diagnostics worker is this package's
 * `workspace/diagnostics-worker` module unless `options` names another script (a bundle
 * names itself: it serves checks when started as a worker, see `serveChecks`).
 */
export function runStdioServer(options: StartOptions = { diagnosticsWorker: defaultWorkerScript() }): void {
  const connection = createConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout), {
    cancelUndispatched: (message) => (Message.isRequest(message) ? { jsonrpc: '2.0', id: message.id, error: { code: -32800, message: 'request cancelled' } } : undefined),
  });
  startServer(connection, options);
}

/**
 * The worker module next to this one (`.js` when built, `.ts` when run from sources under
 * tsx), started with the loader flags this process has (`--import tsx`, `--conditions`)
 * and nothing else. Undefined where modules have no URL (a CommonJS bundle).
 */
export function defaultWorkerScript(): WorkerScript | undefined {
  const here = (import.meta as { url?: string }).url;
  if (!here) return undefined;
  const path = new URL(`./workspace/diagnostics-worker${extname(fileURLToPath(here))}`, here);
  return { path, execArgv: loaderFlags(process.execArgv) };
}

/** The flags that decide how modules load (`--import x`, `--conditions=y`, `--require z`), from a process's `execArgv`. */
export function loaderFlags(execArgv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const a = execArgv[i]!;
    if (/^--(conditions|import|require|loader|experimental-loader)=/.test(a) || /^-C.+/.test(a)) out.push(a);
    else if (['--conditions', '-C', '--import', '--require', '-r', '--loader', '--experimental-loader'].includes(a) && execArgv[i + 1] !== undefined) out.push(a, execArgv[++i]!);
  }
  return out;
}
