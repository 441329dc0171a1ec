import { z } from 'zod';
import type { RemoteDiagnostic } from '../host.js';

/**
 * The one API call `Algo: Push` makes — `POST /strategies/push` — with the answers parsed
 * by zod (the subset of the API's own schemas the editor reads; the push tests run against
 * the real API so the two cannot drift apart). Never throws: an unreachable server, a
 * refusal and a malformed answer all come back as `{ ok: false }` with a readable message,
 * plus the compiler's diagnostics when the server found errors (422).
 */
const ApiDiagnosticSchema = z.object({
  severity: z.enum(['error', 'warning', 'info']),
  code: z.string(),
  message: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  end_line: z.number().int(),
  end_column: z.number().int(),
});

const ErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), diagnostics: z.array(ApiDiagnosticSchema).optional() }),
});

const PushResponseSchema = z.object({
  strategy: z.object({ id: z.string(), name: z.string(), version: z.number().int(), status: z.string() }),
  created: z.boolean(),
  unchanged: z.boolean(),
  diagnostics: z.array(ApiDiagnosticSchema),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
});

export type PushOutcome =
  | { readonly ok: true; readonly name: string; readonly id: string; readonly version: number; readonly created: boolean; readonly unchanged: boolean; readonly diagnostics: RemoteDiagnostic[]; readonly warnings: string[] }
  | { readonly ok: false; readonly status: number; readonly code: string; readonly message: string; readonly diagnostics: RemoteDiagnostic[] };

const toRemote = (d: z.infer<typeof ApiDiagnosticSchema>): RemoteDiagnostic => ({
  severity: d.severity,
  code: d.code,
  message: d.message,
  line: d.line,
  column: d.column,
  endLine: d.end_line,
  endColumn: d.end_column,
});

export async function pushStrategy(server: string, token: string, source: string, params: Record<string, number | boolean> = {}, timeoutMs = 30_000): Promise<PushOutcome> {
  let url: URL;
  try {
    url = new URL('/strategies/push', server);
  } catch {
    return { ok: false, status: 0, code: 'BAD_URL', message: `algo.api.url "${server}" is not a URL`, diagnostics: [] };
  }
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ source, ...(Object.keys(params).length ? { params } : {}) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const c = (err as { cause?: { code?: string; message?: string; errors?: Array<{ code?: string }> } }).cause;
    const cause = c?.code ?? c?.errors?.[0]?.code ?? c?.message ?? (err as Error).message;
    return { ok: false, status: 0, code: 'UNREACHABLE', message: `cannot reach ${server} (${cause}): is \`algo serve\` running there? (setting algo.api.url)`, diagnostics: [] };
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const e = ErrorBodySchema.safeParse(body);
    if (!e.success) return { ok: false, status: res.status, code: `HTTP_${res.status}`, message: `${server} answered ${res.status} ${res.statusText}`, diagnostics: [] };
    const hint = res.status === 401 ? ' — run "Algo: Set API Token"' : '';
    return { ok: false, status: res.status, code: e.data.error.code, message: `${e.data.error.message}${hint}`, diagnostics: (e.data.error.diagnostics ?? []).map(toRemote) };
  }
  const ok = PushResponseSchema.safeParse(body);
  if (!ok.success) {
    const i = ok.error.issues[0];
    return { ok: false, status: res.status, code: 'BAD_RESPONSE', message: `unexpected answer from ${server} at ${i?.path.join('.') || 'body'}: ${i?.message} (is it an Algo server?)`, diagnostics: [] };
  }
  const v = ok.data;
  return { ok: true, name: v.strategy.name, id: v.strategy.id, version: v.strategy.version, created: v.created, unchanged: v.unchanged, diagnostics: v.diagnostics.map(toRemote), warnings: v.warnings.map((w) => w.message) };
}
