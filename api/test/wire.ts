/** Requests over the wire (a real socket, Node's fetch) for the security suites. */
export interface WireResponse {
  readonly status: number;
  readonly text: string;
  readonly json: any;
  readonly headers: Headers;
}

export async function wire(
  base: string,
  method: string,
  path: string,
  o: { token?: string; body?: unknown; raw?: string | Uint8Array; contentType?: string; headers?: Record<string, string> } = {},
): Promise<WireResponse> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.token !== undefined) headers.authorization = `Bearer ${o.token}`;
  let body: string | Uint8Array | undefined;
  if (o.raw !== undefined) body = o.raw;
  else if (o.body !== undefined) body = JSON.stringify(o.body);
  if (body !== undefined) headers['content-type'] = o.contentType ?? 'application/json';
  const res = await fetch(`${base}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, headers: res.headers };
}

/** Every documented operation: method, OpenAPI path, whether it needs a token. */
export async function documentedRoutes(base: string): Promise<Array<{ method: string; path: string; secured: boolean; doc: any }>> {
  const doc = (await wire(base, 'GET', '/docs/json')).json;
  const out: Array<{ method: string; path: string; secured: boolean; doc: any }> = [];
  for (const [path, ops] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) out.push({ method: method.toUpperCase(), path, secured: Array.isArray(op.security) && op.security.length > 0, doc: op });
  }
  return out;
}

/** An OpenAPI path with its parameters filled in. */
export function fill(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(values[k] ?? 'x'));
}
