import type { Host, RemoteDiagnostic, StatusState } from '../../src/host.js';
import { readSettings, type Settings } from '../../src/settings.js';

/**
 * A host that records what the commands do, for tests: VS Code cannot run here, so this
 * stands in for the editor (never for our own services — the commands still run the real
 * backtester and talk to the real API).
 */
export class RecordingHost implements Host {
  readonly infos: string[] = [];
  readonly errors: string[] = [];
  readonly statuses: StatusState[] = [];
  readonly progress: Array<{ message: string; fraction?: number }> = [];
  readonly remote = new Map<string, readonly RemoteDiagnostic[]>();
  readonly secretStore = new Map<string, string>();
  reports: Array<{ title: string; html: string }> = [];
  /** What `askSecret` answers (undefined: the user cancels). */
  answer: string | undefined;
  asked = 0;
  /** Abort the running progress task when this is set. */
  readonly abort = new AbortController();

  constructor(
    private readonly config: Record<string, unknown> = {},
    private readonly documents: Record<string, string> = {},
    private readonly folder: string | undefined = undefined,
  ) {}

  settings(): Settings {
    return readSettings((key) => this.config[key]);
  }
  folderOf(): string | undefined {
    return this.folder;
  }
  async readDocument(uri: string): Promise<string> {
    const text = this.documents[uri];
    if (text === undefined) throw new Error(`no document ${uri}`);
    return text;
  }
  readonly secrets = {
    get: async (key: string) => this.secretStore.get(key),
    store: async (key: string, value: string) => void this.secretStore.set(key, value),
    delete: async (key: string) => void this.secretStore.delete(key),
  };
  async askSecret(): Promise<string | undefined> {
    this.asked++;
    return this.answer;
  }
  info(message: string): void {
    this.infos.push(message);
  }
  error(message: string): void {
    this.errors.push(message);
  }
  withProgress<T>(_title: string, task: (report: (message: string, fraction?: number) => void, cancelled: AbortSignal) => Promise<T>): Promise<T> {
    return task((message, fraction) => this.progress.push({ message, ...(fraction !== undefined ? { fraction } : {}) }), this.abort.signal);
  }
  showReport(title: string, html: (webview: { cspSource: string; nonce: string }) => string): void {
    this.reports.push({ title, html: html({ cspSource: 'vscode-webview://test', nonce: 'dGVzdG5vbmNl' }) });
  }
  setRemoteDiagnostics(uri: string, diagnostics: readonly RemoteDiagnostic[]): void {
    this.remote.set(uri, diagnostics);
  }
  status(state: StatusState): void {
    this.statuses.push(state);
  }
}
