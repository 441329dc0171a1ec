import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { analyze } from '@algo/language';
import type { Diagnostic } from 'vscode-languageserver';
import { diagnosticsOf } from '../features/diagnostics.js';

/**
 * The diagnostics worker: a thread that checks documents as soon as they change, so their
 * diagnostics are usually ready when the debounce ends, and the server's main thread never
 * waits behind a check to answer hover or completion. It keeps only the latest text of
 * each document: while it checks one version, newer ones replace each other in its queue,
 * so a burst of keystrokes costs one check for the last version (stale work is dropped).
 */

/** Main thread → worker. */
export type CheckRequest = { readonly kind: 'check'; readonly uri: string; readonly version: number; readonly text: string } | { readonly kind: 'forget'; readonly uri: string };

/** Worker → main thread: the diagnostics of one version, or the bug that prevented them. */
export type CheckResult =
  | { readonly uri: string; readonly version: number; readonly diagnostics: Diagnostic[] }
  | { readonly uri: string; readonly version: number; readonly error: string };

/** Marks the thread as a diagnostics worker (the server bundle is also its own worker script). */
export const WORKER_FLAG = 'algoDiagnosticsWorker';

interface Port {
  on(event: 'message', listener: (m: CheckRequest) => void): unknown;
  postMessage(m: CheckResult): void;
}

const serving = new WeakSet<object>();

/** Serves check requests on `port` (the worker's side); serving one port twice is a no-op. */
export function serveChecks(port: Port): void {
  if (serving.has(port)) return;
  serving.add(port);
  const pending = new Map<string, Extract<CheckRequest, { kind: 'check' }>>();
  let scheduled = false;
  const drain = (): void => {
    scheduled = false;
    const next = pending.values().next();
    if (next.done) return;
    const req = next.value;
    pending.delete(req.uri);
    try {
      port.postMessage({ uri: req.uri, version: req.version, diagnostics: diagnosticsOf(analyze(req.text, req.uri), req.uri) });
    } catch (err) {
      port.postMessage({ uri: req.uri, version: req.version, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
    if (pending.size && !scheduled) {
      scheduled = true;
      setImmediate(drain);
    }
  };
  port.on('message', (m) => {
    if (m.kind === 'forget') pending.delete(m.uri);
    else pending.set(m.uri, m);
    if (!scheduled && pending.size) {
      scheduled = true;
      // after every message already queued has been read, so only the latest text is checked
      setImmediate(drain);
    }
  });
}

if (!isMainThread && parentPort && (workerData as Record<string, unknown> | undefined)?.[WORKER_FLAG]) serveChecks(parentPort as unknown as Port);
