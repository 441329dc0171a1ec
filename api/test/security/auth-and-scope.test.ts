import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PASSWORD, email, useApi } from '../support.js';
import { documentedRoutes, fill, wire } from '../wire.js';

const fx = useApi('security_scope', { listen: true, config: { bodyLimit: 256 * 1024 } });
const TCS = readFileSync(new URL('../../../examples/03-tcs-timed-stop-loss.algo', import.meta.url), 'utf8');

async function account(base: string): Promise<{ token: string; email: string }> {
  const who = email('sec');
  expect((await wire(base, 'POST', '/auth/register', { body: { email: who, password: PASSWORD } })).status).toBe(201);
  const login = await wire(base, 'POST', '/auth/login', { body: { email: who, password: PASSWORD } });
  return { token: login.json.token, email: who };
}

const ISSUE_ROUTES = [
  'POST /auth/register', 'POST /auth/login', 'POST /auth/tokens', 'GET /strategies', 'POST /strategies', 'GET /strategies/{id}', 'PUT /strategies/{id}',
  'DELETE /strategies/{id}', 'POST /strategies/push', 'POST /strategies/{id}/start', 'POST /strategies/{id}/stop', 'GET /strategies/{id}/state',
  'POST /backtests', 'GET /backtests', 'GET /backtests/{id}', 'PUT /broker/credentials', 'POST /kill-switch', 'GET /health', 'GET /metrics', 'GET /ws',
];

describe('security over HTTP', { timeout: 90_000 }, () => {
  it('documents every route in /docs, and only register, login and health go without a token', async () => {
    const { url } = fx();
    const routes = await documentedRoutes(url);
    const names = routes.map((r) => `${r.method} ${r.path}`);
    for (const r of ISSUE_ROUTES) expect(names).toContain(r);
    expect(routes.filter((r) => !r.secured).map((r) => `${r.method} ${r.path}`).sort()).toEqual(['GET /health', 'POST /auth/login', 'POST /auth/register']);
    expect((await wire(url, 'GET', '/docs')).status).toBeLessThan(400);
  });

  it('answers 401 to every protected route without a token, with a bad one, and with a revoked one', async () => {
    const { url } = fx();
    const me = await account(url);
    const extra = await wire(url, 'POST', '/auth/tokens', { token: me.token, body: { name: 'to revoke' } });
    await wire(url, 'DELETE', `/auth/tokens/${extra.json.id}`, { token: me.token });
    const bad = ['', 'nonsense', 'algo_' + 'A'.repeat(43), me.token.slice(0, -1) + (me.token.endsWith('A') ? 'B' : 'A'), extra.json.token];
    for (const r of (await documentedRoutes(url)).filter((x) => x.secured)) {
      const path = fill(r.path, { id: 'some-id', version: '1', broker: 'zerodha' });
      const none = await wire(url, r.method, path, { body: r.method === 'GET' || r.method === 'DELETE' ? undefined : {} });
      expect([r.method, path, none.status]).toEqual([r.method, path, 401]);
      expect(none.json.error.code).toBe('UNAUTHORIZED');
      for (const t of bad) {
        const res = await wire(url, r.method, path, { token: t });
        expect([r.method, path, t.slice(0, 8), res.status]).toEqual([r.method, path, t.slice(0, 8), 401]);
      }
      const basic = await wire(url, r.method, path, { headers: { authorization: `Basic ${Buffer.from(`${me.email}:${PASSWORD}`).toString('base64')}` } });
      expect(basic.status).toBe(401);
    }
  });

  it('answers 404 — never the data — for another user’s strategy, backtest, version or token, on every route that takes an id', async () => {
    const { url } = fx();
    const a = await account(url);
    const b = await account(url);
    const sid = (await wire(url, 'POST', '/strategies/push', { token: a.token, body: { source: TCS } })).json.strategy.id;
    const bid = (await wire(url, 'POST', '/backtests', { token: a.token, body: { strategy_id: sid, data: ['synth'], from: '2024-01-01', to: '2024-01-05' } })).json.id;
    const tid = (await wire(url, 'GET', '/auth/tokens', { token: a.token })).json.tokens[0].id;
    const ids: Record<string, string> = { '/strategies/': sid, '/backtests/': bid, '/auth/tokens/': tid };
    const withId = (await documentedRoutes(url)).filter((r) => r.path.includes('{id}'));
    expect(withId.length).toBeGreaterThanOrEqual(10);
    for (const r of withId) {
      const id = Object.entries(ids).find(([prefix]) => r.path.startsWith(prefix))![1];
      const path = fill(r.path, { id, version: '1' });
      const body = r.method === 'PUT' ? { source: TCS } : r.method === 'POST' ? {} : undefined;
      const res = await wire(url, r.method, path, { token: b.token, body });
      expect([r.method, r.path, res.status]).toEqual([r.method, r.path, 404]);
      expect(res.text).not.toContain('TCS timed');
      expect(res.text).not.toContain('NSE_EQ');
      // and the owner's resource is untouched
      const owner = r.path.startsWith('/auth/tokens/') ? '/auth/tokens' : r.path.startsWith('/strategies/') ? `/strategies/${sid}/state` : `/backtests/${bid}`;
      const mine = await wire(url, 'GET', owner, { token: a.token });
      expect([r.path, mine.status]).toEqual([r.path, 200]);
      if (owner === '/auth/tokens') expect(mine.json.tokens.map((t: { id: string; revoked_at?: string }) => [t.id, t.revoked_at])).toContainEqual([tid, undefined]);
      else expect(mine.json.status).not.toBe('stopped');
    }
    expect((await wire(url, 'GET', '/backtests', { token: b.token })).json.backtests).toEqual([]);
    expect((await wire(url, 'GET', '/strategies', { token: b.token })).json.strategies).toEqual([]);
  });

  it('answers 413 to an oversized body, and 400 naming the field to a malformed one', async () => {
    const { url } = fx();
    const me = await account(url);
    const big = await wire(url, 'POST', '/strategies/push', { token: me.token, body: { source: 'x'.repeat(300 * 1024) } });
    expect(big.status).toBe(413);
    expect(big.json.error.code).toBe('PAYLOAD_TOO_LARGE');
    const cases: Array<[string, string, unknown, string]> = [
      ['POST', '/strategies/push', { source: 42 }, 'body.source'],
      ['POST', '/strategies/push', { source: TCS, params: { lookback: 'ten' } }, 'body.params.lookback'],
      ['POST', '/backtests', { source: TCS, data: 'synth' }, 'body.data'],
      ['POST', '/backtests', { source: TCS, data: ['synth'], from: '2024-13-45' }, 'body.from'],
      ['PUT', '/broker/credentials', { broker: 'robinhood', api_key: 'k', api_secret: 's' }, 'body.broker'],
      ['POST', '/kill-switch', { engaged: 'yes' }, 'body.engaged'],
      ['GET', '/backtests?limit=-3', undefined, 'query.limit'],
      ['GET', '/strategies/a%20b', undefined, 'params.id'],
      ['POST', '/auth/tokens', { name: '' }, 'body.name'],
    ];
    for (const [method, path, body, field] of cases) {
      const r = await wire(url, method, path, { token: me.token, body });
      expect([method, path, r.status]).toEqual([method, path, 400]);
      expect(r.json.error.issues.map((i: { path: string }) => i.path)).toContain(field);
      expect(r.json.error.message.startsWith(field)).toBe(true);
    }
    const notJson = await wire(url, 'POST', '/strategies/push', { token: me.token, raw: '{"source": "x', contentType: 'application/json' });
    expect(notJson.status).toBe(400);
    expect(notJson.json.error.message).toBe('the body is not valid JSON');
    const wrongType = await wire(url, 'POST', '/strategies/push', { token: me.token, raw: 'source=x', contentType: 'application/x-www-form-urlencoded' });
    expect(wrongType.status).toBe(415);
  });

  it('echoes a request id on every answer, and puts it in error bodies', async () => {
    const { url } = fx();
    const r = await wire(url, 'GET', '/strategies', { headers: { 'x-request-id': 'trace-123' } });
    expect(r.headers.get('x-request-id')).toBe('trace-123');
    expect(r.json.error.request_id).toBe('trace-123');
    const gen = await wire(url, 'GET', '/health');
    expect(gen.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
