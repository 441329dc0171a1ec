import type { Settings } from './settings.js';

/**
 * The few editor services the commands use, behind one interface: the VS Code
 * implementation (`vscode-host.ts`) is a thin wrapper, and tests drive the commands with
 * a recording host — VS Code itself cannot run where the tests run.
 */
export interface Host {
  settings(): Settings;
  /** The workspace folder holding `uri` (relative data paths are read from there), if any. */
  folderOf(uri: string): string | undefined;
  /** The text of an open or saved `.algo` document. */
  readDocument(uri: string): Promise<string>;
  /** Secret storage (the API token lives only there). */
  readonly secrets: {
    get(key: string): Promise<string | undefined>;
    store(key: string, value: string): Promise<void>;
    delete(key: string): Promise<void>;
  };
  /** Asks for a secret value (the API token); undefined when the user cancels. */
  askSecret(prompt: string): Promise<string | undefined>;
  info(message: string): void;
  error(message: string): void;
  /** Runs `task` with a cancellable progress notification; `report` updates its message and percentage. */
  withProgress<T>(title: string, task: (report: (message: string, fraction?: number) => void, cancelled: AbortSignal) => Promise<T>): Promise<T>;
  /**
   * Opens the backtest report panel (or reuses the open one) with a "running" message, and
   * says what a page shown in it needs: its CSP source, a fresh nonce, and the URI the page
   * loads the chart library from.
   */
  openReport(title: string): ReportPanel;
  /** Diagnostics from the server (push), shown in the Problems panel like local ones; `[]` clears them. */
  setRemoteDiagnostics(uri: string, diagnostics: readonly RemoteDiagnostic[]): void;
  /** The status-bar item. */
  status(state: StatusState): void;
}

/** The report panel of one backtest. */
export interface ReportPanel {
  readonly cspSource: string;
  readonly nonce: string;
  readonly chartLibrary: string;
  /** Replaces the panel's page. */
  show(html: string): void;
}

/** A diagnostic the API reported (1-based line and column, as `algo check` prints them). */
export interface RemoteDiagnostic {
  readonly severity: 'error' | 'warning' | 'info';
  readonly code: string;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** What the status-bar item shows (see `status.ts`). */
export type StatusState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'problems'; readonly errors: number; readonly warnings: number }
  | { readonly kind: 'backtesting'; readonly percent?: number }
  | { readonly kind: 'pushing' }
  | { readonly kind: 'done'; readonly text: string };
