import { ApiClient, type ApiDiagnostic } from '@algo/api/client';
import type { RemoteDiagnostic } from '../host.js';

/** What a push came to, in the terms the command reports it. */
export type PushOutcome =
  | { readonly ok: true; readonly name: string; readonly id: string; readonly version: number; readonly created: boolean; readonly unchanged: boolean; readonly diagnostics: RemoteDiagnostic[]; readonly warnings: string[] }
  | { readonly ok: false; readonly status: number; readonly code: string; readonly message: string; readonly diagnostics: RemoteDiagnostic[] };

const toRemote = (d: ApiDiagnostic): RemoteDiagnostic => ({
  severity: d.severity,
  code: d.code,
  message: d.message,
  line: d.line,
  column: d.column,
  endLine: d.end_line,
  endColumn: d.end_column,
});

/**
 * `POST /strategies/push` through the API's own typed client (`@algo/api/client`, which
 * parses answers with the server's schemas). Never throws: a bad URL, an unreachable
 * server, a refusal and a malformed answer all come back as `{ ok: false }` with a readable
 * message, plus the compiler's diagnostics when the server found errors (422).
 */
export async function pushStrategy(server: string, token: string, source: string, params: Record<string, number | boolean> = {}): Promise<PushOutcome> {
  try {
    new URL(server);
  } catch {
    return { ok: false, status: 0, code: 'BAD_URL', message: `algo.api.url "${server}" is not a URL`, diagnostics: [] };
  }
  const r = await new ApiClient(server, token).push(source, params);
  if (!r.ok) {
    const hint = r.status === 401 ? ' — run "Algo: Set API Token"' : r.status === 0 ? ' (setting algo.api.url)' : '';
    return { ok: false, status: r.status, code: r.error.code, message: `${r.error.message}${hint}`, diagnostics: (r.error.diagnostics ?? []).map(toRemote) };
  }
  const v = r.value;
  return { ok: true, name: v.strategy.name, id: v.strategy.id, version: v.strategy.version, created: v.created, unchanged: v.unchanged, diagnostics: v.diagnostics.map(toRemote), warnings: v.warnings.map((w) => w.message) };
}
