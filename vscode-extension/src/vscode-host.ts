import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { Host, RemoteDiagnostic, StatusState } from './host.js';
import { readSettings } from './settings.js';
import { CHART_LIBRARY } from './report/chart-library.js';
import { messagePage } from './report/message-page.js';
import { statusView } from './status.js';

const SEVERITY: Record<RemoteDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** The `Host` of the commands, on the VS Code API. Thin on purpose: the logic is in the commands. */
export function vscodeHost(context: vscode.ExtensionContext): Host {
  const remote = vscode.languages.createDiagnosticCollection('algo-server');
  const item = vscode.window.createStatusBarItem('algo.status', vscode.StatusBarAlignment.Left, 100);
  item.name = 'Algo';
  let panel: vscode.WebviewPanel | undefined;
  context.subscriptions.push(remote, item);
  return {
    settings: () => readSettings((key) => vscode.workspace.getConfiguration('algo').get(key)),
    folderOf: (uri) => {
      const u = vscode.Uri.parse(uri);
      return vscode.workspace.getWorkspaceFolder(u)?.uri.fsPath ?? (u.scheme === 'file' ? dirname(u.fsPath) : undefined);
    },
    readDocument: async (uri) => {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
      return (open ?? (await vscode.workspace.openTextDocument(vscode.Uri.parse(uri)))).getText();
    },
    secrets: {
      get: (key) => Promise.resolve(context.secrets.get(key)),
      store: (key, value) => Promise.resolve(context.secrets.store(key, value)),
      delete: (key) => Promise.resolve(context.secrets.delete(key)),
    },
    askSecret: (prompt) => Promise.resolve(vscode.window.showInputBox({ prompt, password: true, ignoreFocusOut: true })),
    info: (message) => void vscode.window.showInformationMessage(message),
    error: (message) => void vscode.window.showErrorMessage(message),
    withProgress: (title, task) =>
      Promise.resolve(
        vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          let done = 0;
          return task((message, fraction) => {
            const increment = fraction === undefined ? undefined : Math.max(0, fraction * 100 - done);
            if (fraction !== undefined) done = Math.max(done, fraction * 100);
            progress.report({ message, ...(increment !== undefined ? { increment } : {}) });
          }, abort.signal);
        }),
      ),
    openReport: (title) => {
      const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
      if (!panel) {
        panel = vscode.window.createWebviewPanel('algo.report', title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, localResourceRoots: [dist], retainContextWhenHidden: true });
        panel.onDidDispose(() => (panel = undefined));
      }
      const p = panel;
      p.title = title;
      const webview = { cspSource: p.webview.cspSource, nonce: randomBytes(16).toString('base64url'), chartLibrary: p.webview.asWebviewUri(vscode.Uri.joinPath(dist, CHART_LIBRARY)).toString() };
      p.webview.html = messagePage(title, 'Running the backtest…', webview);
      p.reveal(vscode.ViewColumn.Beside, true);
      return { ...webview, show: (html) => void (p.webview.html = html) };
    },
    setRemoteDiagnostics: (uri, diagnostics) => {
      remote.set(
        vscode.Uri.parse(uri),
        diagnostics.map((d) => {
          const range = new vscode.Range(d.line - 1, d.column - 1, d.endLine - 1, d.endColumn - 1);
          const out = new vscode.Diagnostic(range, d.message, SEVERITY[d.severity]);
          out.code = d.code;
          out.source = 'algo (server)';
          return out;
        }),
      );
    },
    status: (state: StatusState) => {
      const view = statusView(state);
      item.text = view.text;
      item.tooltip = view.tooltip;
      item.command = view.command;
      item.show();
    },
  };
}
