import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Host, RemoteDiagnostic, ReportPanel, StatusState } from '../../src/host.js';
import { CHART_LIBRARY } from '../../src/report/chart-library.js';
import { readSettings, type Settings } from '../../src/settings.js';

/** The chart library as a page opened from a file (in Chromium) loads it. */
export const LIBRARY_URL = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('lightweight-charts/package.json')), 'dist', CHART_LIBRARY)).href;

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
  /** Every report panel opened, with each page shown in it (the "running" page is not recorded). */
  reports: Array<{ title: string; pages: string[] }> = [];
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
  openReport(title: string): ReportPanel {
    const entry = { title, pages: [] as string[] };
    this.reports.push(entry);
    return { cspSource: 'file:', nonce: 'cmVwb3J0LW5vbmNlLTE2', chartLibrary: LIBRARY_URL, show: (html) => void entry.pages.push(html) };
  }
  setRemoteDiagnostics(uri: string, diagnostics: readonly RemoteDiagnostic[]): void {
    this.remote.set(uri, diagnostics);
  }
  status(state: StatusState): void {
    this.statuses.push(state);
  }
}
