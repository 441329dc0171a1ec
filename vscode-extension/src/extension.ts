import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { runInWorker } from './backtest/spawn.js';
import { createClient } from './client.js';
import { backtestCommand } from './commands/backtest.js';
import { COMMAND_IDS, type CommandId } from './commands/ids.js';
import { clearTokenCommand, pushCommand, setTokenCommand } from './commands/push.js';
import { targetUri } from './commands/target.js';
import type { Host } from './host.js';
import { serverOptions } from './settings.js';
import { vscodeHost } from './vscode-host.js';

let client: LanguageClient | undefined;

/**
 * Activation: starts the bundled language server, registers the commands (Backtest, Push,
 * the API token, restart), and keeps the status bar in step with the active `.algo` file's
 * problems. All behaviour lives in the modules it wires together.
 */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const host = vscodeHost(context);
  client = createClient(context.asAbsolutePath('dist/server.cjs'), host.settings());
  const worker = { modulePath: context.asAbsolutePath('dist/backtest.mjs') };
  const active = (): { uri: string; languageId: string } | undefined => {
    const d = vscode.window.activeTextEditor?.document;
    return d ? { uri: d.uri.toString(), languageId: d.languageId } : undefined;
  };
  const withTarget = (run: (host: Host, uri: string) => Promise<unknown>) => async (arg?: unknown) => {
    const uri = targetUri(arg, active());
    if (!uri) return void vscode.window.showWarningMessage('Algo: open a .algo strategy first.');
    await run(host, uri);
  };
  const handlers: Record<CommandId, (arg?: unknown) => unknown> = {
    'algo.backtest': withTarget((h, uri) => backtestCommand(h, uri, (req, progress, signal) => runInWorker(worker, req, progress, signal))),
    'algo.push': withTarget(pushCommand),
    'algo.setApiToken': () => setTokenCommand(host),
    'algo.clearApiToken': () => clearTokenCommand(host),
    'algo.restartServer': () => client?.restart(),
  };
  context.subscriptions.push(
    ...COMMAND_IDS.map((id) => vscode.commands.registerCommand(id, handlers[id])),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('algo') && client?.isRunning()) void client.sendNotification('workspace/didChangeConfiguration', { settings: { algo: serverOptions(host.settings()) } });
    }),
    vscode.languages.onDidChangeDiagnostics(() => updateStatus(host)),
    vscode.window.onDidChangeActiveTextEditor(() => updateStatus(host)),
  );
  updateStatus(host);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

function updateStatus(host: Host): void {
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc || doc.languageId !== 'algo') return;
  const all = vscode.languages.getDiagnostics(doc.uri);
  host.status({
    kind: 'problems',
    errors: all.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length,
    warnings: all.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length,
  });
}
