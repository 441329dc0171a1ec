import type { Host } from '../host.js';
import { pushStrategy } from '../push/client.js';
import { paramOverrides } from '../settings.js';

/** Where the API token is kept in VS Code's secret storage. */
export const TOKEN_KEY = 'algo.api.token';

/**
 * `Algo: Push`: sends the strategy to the server (`algo.api.url`) with the token from secret
 * storage (asking for one the first time), and says what happened: created, new version,
 * or unchanged. The server's diagnostics — errors that refused the push, or warnings — are
 * shown in the Problems panel next to the local ones, and cleared on the next good push.
 */
export async function pushCommand(host: Host, uri: string): Promise<void> {
  const settings = host.settings();
  let token = await host.secrets.get(TOKEN_KEY);
  if (!token) {
    token = await host.askSecret(`API token for ${settings.api.url} (from \`algo login\` or the server's /auth/login)`);
    if (!token) return;
    await host.secrets.store(TOKEN_KEY, token);
  }
  const params = paramOverrides(settings.backtest.params);
  if ('error' in params) return host.error(params.error);
  const source = await host.readDocument(uri);
  host.status({ kind: 'pushing' });
  const outcome = await pushStrategy(settings.api.url, token, source, params.params);
  host.setRemoteDiagnostics(uri, outcome.diagnostics);
  if (!outcome.ok) {
    host.status({ kind: 'done', text: 'push refused' });
    if (outcome.status === 401) await host.secrets.delete(TOKEN_KEY);
    const n = outcome.diagnostics.filter((d) => d.severity === 'error').length;
    return host.error(`Algo: push failed: ${outcome.message}${n ? ` (${n === 1 ? 'the error the server found is' : `the ${n} errors the server found are`} in Problems)` : ''}`);
  }
  host.status({ kind: 'done', text: `pushed v${outcome.version}` });
  const what = outcome.unchanged ? `"${outcome.name}" is unchanged (version ${outcome.version})` : outcome.created ? `"${outcome.name}" created (version ${outcome.version})` : `"${outcome.name}" is now version ${outcome.version}`;
  host.info(`Algo: ${what}.${outcome.warnings.length ? ` ${outcome.warnings.join(' ')}` : ''}`);
}

/** `Algo: Set API Token` and `Algo: Forget API Token`. */
export async function setTokenCommand(host: Host): Promise<void> {
  const token = await host.askSecret(`API token for ${host.settings().api.url}`);
  if (!token) return;
  await host.secrets.store(TOKEN_KEY, token);
  host.info('Algo: API token saved in VS Code secret storage.');
}

export async function clearTokenCommand(host: Host): Promise<void> {
  await host.secrets.delete(TOKEN_KEY);
  host.info('Algo: API token forgotten.');
}
