import { Worker } from 'node:worker_threads';
import type { Connection } from 'vscode-languageserver';
import { diagnosticsOf } from '../features/diagnostics.js';
import { Debouncer } from './debouncer.js';
import { WORKER_FLAG, type CheckRequest, type CheckResult } from './diagnostics-worker.js';
import type { DocumentStore } from './documents.js';
import { reportBug } from './requests.js';

/** How long a due version may wait for the worker before the main thread checks it itself. */
const OVERDUE_MS = 10_000;

/** Where the worker script is, and how to start Node in it; `undefined`: check on the main thread. */
export interface WorkerScript {
  readonly path: string | URL;
  readonly execArgv?: string[];
  /** How long a due version may wait for the worker before the main thread checks it (default 10 s). */
  readonly patienceMs?: number;
}

/**
 * Publishes diagnostics `delay` ms after a document's last change, for exactly the version
 * it is at. Checking starts at once in the diagnostics worker (see `diagnostics-worker.ts`)
 * and publishing waits for the debounce: when the user pauses, the result is usually
 * there already. A version that a newer change made stale is never published. Without a
 * worker (it could not start, or crashed) the check runs on the main thread when due.
 */
export class DiagnosticsService {
  private readonly debouncer: Debouncer;
  /** Publishes from the main thread if the worker has not answered a due version by then. */
  private readonly overdue: Debouncer;
  private readonly due = new Map<string, number>();
  private readonly results = new Map<string, CheckResult>();
  private worker: Worker | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly store: DocumentStore,
    script: WorkerScript | undefined,
  ) {
    this.debouncer = new Debouncer(0, (uri) => this.becameDue(uri));
    this.overdue = new Debouncer(script?.patienceMs ?? OVERDUE_MS, (uri) => {
      if (this.due.has(uri)) {
        this.due.delete(uri);
        this.publishFromStore(uri);
      }
    });
    if (script) this.startWorker(script);
  }

  /** A document was opened or changed: check it now, publish after `delayMs`. */
  changed(uri: string, delayMs: number): void {
    const doc = this.store.documents.get(uri);
    if (!doc) return;
    this.due.delete(uri);
    this.post({ kind: 'check', uri, version: doc.version, text: doc.getText() });
    this.debouncer.schedule(uri, delayMs);
  }

  /** A document was closed: drop its pending work and clear its diagnostics. */
  closed(uri: string): void {
    this.debouncer.cancel(uri);
    this.overdue.cancel(uri);
    this.due.delete(uri);
    this.results.delete(uri);
    this.post({ kind: 'forget', uri });
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  async dispose(): Promise<void> {
    this.debouncer.dispose();
    this.overdue.dispose();
    const w = this.worker;
    this.worker = undefined;
    await w?.terminate();
  }

  /** Whether checks run in the worker thread (false after a fallback to the main thread). */
  get usesWorker(): boolean {
    return this.worker !== undefined;
  }

  private becameDue(uri: string): void {
    const doc = this.store.documents.get(uri);
    if (!doc) return;
    if (!this.worker) return this.publishFromStore(uri);
    this.due.set(uri, doc.version);
    this.tryPublish(uri);
    if (this.due.has(uri)) this.overdue.schedule(uri);
  }

  private tryPublish(uri: string): void {
    const version = this.due.get(uri);
    const r = this.results.get(uri);
    if (version === undefined || !r || r.version !== version) return;
    this.due.delete(uri);
    this.overdue.cancel(uri);
    if ('error' in r) {
      reportBug(this.connection, 'diagnostics worker', r.error);
      return this.publishFromStore(uri);
    }
    void this.connection.sendDiagnostics({ uri, version, diagnostics: r.diagnostics });
  }

  private publishFromStore(uri: string): void {
    try {
      const state = this.store.get(uri);
      if (state) void this.connection.sendDiagnostics({ uri, version: state.document.version, diagnostics: diagnosticsOf(state.analysis, uri) });
    } catch (err) {
      reportBug(this.connection, 'diagnostics', err);
    }
  }

  private post(m: CheckRequest): void {
    this.worker?.postMessage(m);
  }

  private startWorker(script: WorkerScript): void {
    try {
      const w = new Worker(script.path, { workerData: { [WORKER_FLAG]: true }, ...(script.execArgv ? { execArgv: script.execArgv } : {}) });
      w.on('message', (r: CheckResult) => {
        this.results.set(r.uri, r);
        this.tryPublish(r.uri);
      });
      const fallBack = (why: string): void => {
        if (this.worker !== w) return;
        this.worker = undefined;
        this.connection.console.warn(`algo-lsp: diagnostics worker ${why}; checking on the main thread from now on`);
        for (const uri of this.due.keys()) this.publishFromStore(uri);
        this.due.clear();
      };
      w.on('error', (err) => fallBack(`failed: ${err.message}`));
      w.on('exit', (code) => fallBack(`exited (code ${code})`));
      w.unref();
      this.worker = w;
    } catch (err) {
      this.connection.console.warn(`algo-lsp: could not start the diagnostics worker (${err instanceof Error ? err.message : String(err)}); checking on the main thread`);
    }
  }
}
