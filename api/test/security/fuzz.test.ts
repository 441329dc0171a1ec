import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PASSWORD, email, useApi } from '../support.js';
import { documentedRoutes, fill, wire } from '../wire.js';

const fx = useApi('security_fuzz', { listen: true, config: { bodyLimit: 64 * 1024, backtests: { perUserLimit: 2 } } });
const TCS = readFileSync(new URL('../../../examples/03-tcs-timed-stop-loss.algo', import.meta.url), 'utf8');
const SEED = 20240115;

const idLike = fc.oneof(
  fc.constantFrom('x', '..', '%2e%2e', 'a'.repeat(200), '0', '-1', 'null', '{s1}', 'a b', '../../etc/passwd', 'ü', '\u0000'),
  fc.string({ maxLength: 40 }),
);

/** A body for a route: sometimes shaped like its schema (its property names, random values), sometimes anything. */
function bodyFor(doc: any): fc.Arbitrary<{ raw: string; contentType?: string }> {
  const props = Object.keys(doc?.requestBody?.content?.['application/json']?.schema?.properties ?? {});
  const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.string({ maxLength: 50 }), fc.constantFrom(TCS, 'synth', ['synth'], '2024-01-01', 1e308, -0, true, null, [], {}));
  const shaped = props.length ? fc.dictionary(fc.constantFrom(...props, 'extra'), value, { maxKeys: props.length + 1 }) : fc.jsonValue({ maxDepth: 3 });
  const json = fc.oneof(shaped, fc.jsonValue({ maxDepth: 4 })).map((v) => ({ raw: JSON.stringify(v) ?? 'null', contentType: 'application/json' }));
  const junk = fc.tuple(fc.string({ maxLength: 80 }), fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'multipart/form-data')).map(([raw, contentType]) => ({ raw, contentType }));
  const deep = fc.integer({ min: 500, max: 5000 }).map((n) => ({ raw: `${'['.repeat(n)}${']'.repeat(n)}`, contentType: 'application/json' }));
  return fc.oneof({ weight: 6, arbitrary: json }, { weight: 3, arbitrary: junk }, { weight: 1, arbitrary: deep });
}

describe('fuzzing every route over HTTP (seeded)', () => {
  it('never answers 5xx to random payloads, ids and query strings', { timeout: 240_000 }, async () => {
    const { url } = fx();
    const who = email('fuzz');
    await wire(url, 'POST', '/auth/register', { body: { email: who, password: PASSWORD } });
    const token = (await wire(url, 'POST', '/auth/login', { body: { email: who, password: PASSWORD } })).json.token as string;
    const sid = (await wire(url, 'POST', '/strategies/push', { token, body: { source: TCS } })).json.strategy.id as string;
    const routes = (await documentedRoutes(url)).filter((r) => r.path !== '/ws');
    const statuses = new Map<number, number>();
    for (const [i, r] of routes.entries()) {
      await fc.assert(
        fc.asyncProperty(
          fc.option(idLike, { nil: undefined }),
          fc.option(fc.string({ maxLength: 30 }), { nil: undefined }),
          bodyFor(r.doc),
          fc.boolean(),
          async (id, query, body, authed) => {
            const path = fill(r.path, { id: id ?? sid, version: id ?? '1', broker: id ?? 'zerodha' }) + (query !== undefined ? `?${encodeURIComponent(query)}=${encodeURIComponent(query)}` : '');
            const res = await wire(url, r.method, path, {
              ...(authed || !r.secured ? { token } : {}),
              ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { raw: body.raw, ...(body.contentType ? { contentType: body.contentType } : {}) }),
            });
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            if (res.status >= 500) throw new Error(`${r.method} ${path} ${body.raw.slice(0, 200)} → ${res.status} ${res.text.slice(0, 300)}`);
            if (res.status >= 400) expect(res.json?.error?.code, `${r.method} ${path}`).toEqual(expect.any(String));
          },
        ),
        { seed: SEED + i, numRuns: 30 },
      );
    }
    // the fuzz reached past validation, not only into 400s
    expect([...statuses.keys()].filter((s) => s < 300).length).toBeGreaterThan(0);
    expect(statuses.get(400)).toBeGreaterThan(50);
  });

  it('never answers 5xx to unknown paths and methods', { timeout: 120_000 }, async () => {
    const { url } = fx();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'), fc.webPath(), async (method, path) => {
        const res = await wire(url, method, path.startsWith('/') ? path : `/${path}`);
        expect(res.status).toBeLessThan(500);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});
