import { readFileSync } from 'node:fs';
import { ActiveStrategyConfigSchema } from '@algo/runtime';
import { describe, expect, it } from 'vitest';
import { bearer, signUp, useApi } from '../support.js';

const fx = useApi('strategies');
const TCS = readFileSync(new URL('../../../examples/03-tcs-timed-stop-loss.algo', import.meta.url), 'utf8');
const RSI = readFileSync(new URL('../../../examples/02-rsi-pullback-multi-stock.algo', import.meta.url), 'utf8');

describe('strategies and push', { timeout: 90_000 }, () => {
  it('push compiles on the server, creates version 1, then versions each change and keeps the old ones', async () => {
    const { app, storage, ctx } = fx();
    const u = await signUp(app);
    const first = await app.inject({ method: 'POST', url: '/strategies/push', headers: bearer(u.token), payload: { source: TCS } });
    expect(first.statusCode).toBe(201);
    const s1 = first.json();
    expect(s1).toMatchObject({ created: true, unchanged: false, strategy: { name: 'TCS timed', version: 1, status: 'created', instruments: ['NSE_EQ|TCS'] } });
    const id = s1.strategy.id as string;

    const same = await app.inject({ method: 'POST', url: '/strategies/push', headers: bearer(u.token), payload: { source: TCS } });
    expect(same.statusCode).toBe(200);
    expect(same.json()).toMatchObject({ unchanged: true, strategy: { version: 1 } });

    const changed = TCS.replace('qty 10', 'qty 20');
    const second = await app.inject({ method: 'POST', url: '/strategies/push', headers: bearer(u.token), payload: { source: changed } });
    expect(second.json()).toMatchObject({ created: false, unchanged: false, previous_version: 1, strategy: { id, version: 2 } });

    const versions = (await storage.strategyVersions.list(id)).map((v) => [v.version, v.source.includes('qty 20')]);
    expect(versions).toEqual([
      [2, true],
      [1, false],
    ]);
    const detail = (await app.inject({ method: 'GET', url: `/strategies/${id}`, headers: bearer(u.token) })).json();
    expect(detail.source).toBe(changed);
    expect(detail.config.format).toBe('algo.rulegraph/v1');
    expect(detail.indicators_config).toHaveProperty('timeframes');

    // write-through: Redis holds the active config at version 2
    const cached = await ctx.keyspace.runtime.getConfig(id, ActiveStrategyConfigSchema);
    expect(cached).toMatchObject({ strategy_id: id, user_id: u.userId, version: 2, status: 'created' });
    expect(JSON.stringify(cached?.config)).toContain('"format":"algo.rulegraph/v1"');

    const v1 = await app.inject({ method: 'GET', url: `/strategies/${id}/versions/1`, headers: bearer(u.token) });
    expect(v1.json().source).toBe(TCS);
    expect((await app.inject({ method: 'GET', url: `/strategies/${id}/versions`, headers: bearer(u.token) })).json().versions).toHaveLength(2);
  });

  it('refuses source with errors with the compiler’s diagnostics and stores nothing', async () => {
    const { app } = fx();
    const u = await signUp(app);
    const broken = TCS.replace('stop_loss at 3500', '').replace('qty 10', 'qty 10\n    size 5 of equty');
    const r = await app.inject({ method: 'POST', url: '/strategies/push', headers: bearer(u.token), payload: { source: broken } });
    expect(r.statusCode).toBe(422);
    const err = r.json().error;
    expect(err.code).toBe('COMPILE_ERRORS');
    expect(err.diagnostics.length).toBeGreaterThan(0);
    expect(err.diagnostics[0]).toMatchObject({ severity: 'error', line: expect.any(Number), column: expect.any(Number), code: expect.stringMatching(/^ALG\d+/), message: expect.any(String) });
    expect((await app.inject({ method: 'GET', url: '/strategies', headers: bearer(u.token) })).json().strategies).toEqual([]);
  });

  it('never accepts a graph from the client', async () => {
    const { app } = fx();
    const u = await signUp(app);
    const r = await app.inject({ method: 'POST', url: '/strategies/push', headers: bearer(u.token), payload: { source: TCS, config: { rules: [] } } });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.message).toMatch(/config/);
  });

  it('applies param overrides, checked by the compiler', async () => {
    const { app } = fx();
    const u = await signUp(app);
    const bad = await app.inject({ method: 'POST', url: '/strategies', headers: bearer(u.token), payload: { source: RSI, params: { nope: 3 } } });
    expect(bad.statusCode).toBe(422);
    const ok = await app.inject({ method: 'POST', url: '/strategies', headers: bearer(u.token), payload: { source: RSI } });
    expect(ok.statusCode).toBe(201);
    expect((await app.inject({ method: 'POST', url: '/strategies', headers: bearer(u.token), payload: { source: RSI } })).statusCode).toBe(409);
  });

  it('updates by id (renaming with the source), and deletes stopped strategies only', async () => {
    const { app, ctx } = fx();
    const u = await signUp(app);
    const id = (await app.inject({ method: 'POST', url: '/strategies', headers: bearer(u.token), payload: { source: TCS } })).json().strategy.id as string;
    const put = await app.inject({ method: 'PUT', url: `/strategies/${id}`, headers: bearer(u.token), payload: { source: TCS.replace('"TCS timed"', '"TCS renamed"') } });
    expect(put.json().strategy).toMatchObject({ name: 'TCS renamed', version: 2 });
    await app.inject({ method: 'POST', url: `/strategies/${id}/start`, headers: bearer(u.token), payload: {} });
    const refused = await app.inject({ method: 'DELETE', url: `/strategies/${id}`, headers: bearer(u.token) });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('STRATEGY_RUNNING');
    await app.inject({ method: 'POST', url: `/strategies/${id}/stop`, headers: bearer(u.token), payload: {} });
    expect((await app.inject({ method: 'DELETE', url: `/strategies/${id}`, headers: bearer(u.token) })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/strategies/${id}`, headers: bearer(u.token) })).statusCode).toBe(404);
    expect(await ctx.keyspace.runtime.getConfig(id)).toBeNull();
  });

  it('hides every user’s strategies from the others (404, never their data)', async () => {
    const { app } = fx();
    const a = await signUp(app);
    const b = await signUp(app);
    const id = (await app.inject({ method: 'POST', url: '/strategies/push', headers: bearer(a.token), payload: { source: TCS } })).json().strategy.id as string;
    for (const [method, url] of [
      ['GET', `/strategies/${id}`],
      ['PUT', `/strategies/${id}`],
      ['DELETE', `/strategies/${id}`],
      ['GET', `/strategies/${id}/versions`],
      ['GET', `/strategies/${id}/state`],
      ['POST', `/strategies/${id}/start`],
    ] as const) {
      const r = await app.inject({ method, url, headers: bearer(b.token), payload: method === 'PUT' ? { source: TCS } : method === 'POST' ? {} : undefined });
      expect([method, url, r.statusCode]).toEqual([method, url, 404]);
      expect(r.body).not.toContain('TCS timed');
    }
    expect((await app.inject({ method: 'GET', url: '/strategies', headers: bearer(b.token) })).json().strategies).toEqual([]);
    // b pushing the same name creates b's own strategy
    const mine = await app.inject({ method: 'POST', url: '/strategies/push', headers: bearer(b.token), payload: { source: TCS } });
    expect(mine.json().strategy.id).not.toBe(id);
  });
});
