import { readFileSync } from 'node:fs';
import { redisKeys } from '@algo/runtime';
import { describe, expect, it } from 'vitest';
import { bearer, signUp, useApi } from '../support.js';

const fx = useApi('live', { config: { admins: [] } });
const TCS = readFileSync(new URL('../../../examples/03-tcs-timed-stop-loss.algo', import.meta.url), 'utf8');

async function pushed(token: string, source = TCS): Promise<string> {
  const r = await fx().app.inject({ method: 'POST', url: '/strategies/push', headers: bearer(token), payload: { source } });
  return r.json().strategy.id as string;
}

describe('live control', { timeout: 90_000 }, () => {
  it('start records the wish in Mongo, tells the engine through Redis, and reports state; stop undoes it', async () => {
    const { app, storage, ctx } = fx();
    const u = await signUp(app);
    const id = await pushed(u.token);
    await ctx.keyspace.streams.control.ensureGroup('test-engine', '$');
    const started = await app.inject({ method: 'POST', url: `/strategies/${id}/start`, headers: bearer(u.token), payload: { mode: 'paper', options: { replay: '2024-01-15', speed: 60 } } });
    expect(started.statusCode).toBe(200);
    expect(started.json()).toMatchObject({ status: 'running', mode: 'paper', engine: { state: 'starting', trading: 'active' }, engine_online: false });
    expect(started.json().warnings.map((w: { code: string }) => w.code)).toContain('NO_LIVE_ENGINE');
    expect(await storage.strategies.get(id)).toMatchObject({ status: 'running', mode: 'paper', is_active: true });
    expect(await ctx.keyspace.runtime.strategiesFor('NSE_EQ|TCS')).toContain(id);
    expect(await ctx.keyspace.runtime.getConfig(id)).toMatchObject({ status: 'running', is_active: true });
    const cmds = await ctx.keyspace.streams.control.read('test-engine', 'e1');
    expect(cmds.entries.map((e) => e.payload)).toEqual([{ action: 'start', strategy_id: id, user_id: u.userId, version: 1, mode: 'paper', options: { replay: '2024-01-15', speed: 60 }, at: expect.any(Number) }]);

    // the engine reports back through the state keys
    await ctx.keyspace.system.setSystemState({ state: 'running', timestamp: Date.now() });
    await ctx.keyspace.state.setStatus('stocks', id, { state: 'running' });
    await ctx.keyspace.state.setStockPosition(id, 'NSE_EQ|TCS', { instrument_key: 'NSE_EQ|TCS', side: 'long', quantity: 10, entry_price: 3600, entry_time: 1 });
    await ctx.keyspace.signals.addStats(id, { trades: 1, pnl: 120.5 });
    const state = (await app.inject({ method: 'GET', url: `/strategies/${id}/state`, headers: bearer(u.token) })).json();
    expect(state).toMatchObject({ engine: { state: 'running' }, engine_online: true, positions: [{ instrument_key: 'NSE_EQ|TCS', quantity: 10 }], daily: { trades: 1, pnl: 120.5 }, warnings: [] });

    const again = await app.inject({ method: 'POST', url: `/strategies/${id}/start`, headers: bearer(u.token), payload: { mode: 'paper' } });
    expect(again.statusCode).toBe(200);
    expect((await ctx.keyspace.streams.control.read('test-engine', 'e1')).entries).toHaveLength(0);
    const other = await app.inject({ method: 'POST', url: `/strategies/${id}/start`, headers: bearer(u.token), payload: { mode: 'live' } });
    expect(other.json().error.code).toBe('STRATEGY_RUNNING');

    const stopped = await app.inject({ method: 'POST', url: `/strategies/${id}/stop`, headers: bearer(u.token), payload: { reason: 'done for today' } });
    expect(stopped.json()).toMatchObject({ status: 'stopped', engine: { state: 'stopping', trading: 'reducing_only' } });
    expect(await storage.strategies.get(id)).toMatchObject({ status: 'stopped', is_active: false });
    expect(await ctx.keyspace.runtime.strategiesFor('NSE_EQ|TCS')).not.toContain(id);
    expect((await ctx.keyspace.streams.control.read('test-engine', 'e1')).entries.map((e) => e.payload)).toEqual([{ action: 'stop', strategy_id: id, user_id: u.userId, reason: 'done for today', at: expect.any(Number) }]);
    const logs = (await app.inject({ method: 'GET', url: `/strategies/${id}/logs`, headers: bearer(u.token) })).json().logs.map((l: { message: string }) => l.message);
    expect(logs).toEqual(['stop requested: done for today', 'start requested in paper mode (version 1)']);
    await ctx.keyspace.system.setSystemState({ state: 'stopped', timestamp: Date.now() });
  });

  it('refuses live mode without broker credentials, saying so; stores credentials encrypted and never returns them', async () => {
    const { app, storage, logs } = fx();
    const u = await signUp(app);
    const id = await pushed(u.token);
    const refused = await app.inject({ method: 'POST', url: `/strategies/${id}/start`, headers: bearer(u.token), payload: { mode: 'live' } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'BROKER_CREDENTIALS_MISSING', message: expect.stringMatching(/live mode needs your broker credentials.*PUT \/broker\/credentials/) });

    const secrets = { api_key: 'kite-key-SECRET-1234', api_secret: 'kite-secret-SECRET-5678', access_token: 'kite-access-SECRET-9012' };
    const put = await app.inject({ method: 'PUT', url: '/broker/credentials', headers: bearer(u.token), payload: { broker: 'zerodha', ...secrets } });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ broker: 'zerodha', fields: ['access_token', 'api_key', 'api_secret'], has_access_token: true });
    const listed = await app.inject({ method: 'GET', url: '/broker/credentials', headers: bearer(u.token) });
    for (const body of [put.body, listed.body, JSON.stringify(await storage.db.collection('broker_credentials').find({}).toArray())]) {
      for (const s of Object.values(secrets)) expect(body).not.toContain(s);
    }
    expect(await storage.brokerCredentials.reveal(u.userId, 'zerodha')).toMatchObject(secrets);
    const live = await app.inject({ method: 'POST', url: `/strategies/${id}/start`, headers: bearer(u.token), payload: { mode: 'live' } });
    expect(live.json()).toMatchObject({ status: 'running', mode: 'live' });
    await app.inject({ method: 'POST', url: `/strategies/${id}/stop`, headers: bearer(u.token) });
    for (const s of Object.values(secrets)) expect(logs.join('\n')).not.toContain(s);
  });

  it('warns when a second strategy of the same user runs on the same symbol', async () => {
    const { app } = fx();
    const u = await signUp(app);
    const a = await pushed(u.token);
    const b = await pushed(u.token, TCS.replace('"TCS timed"', '"TCS again"'));
    await app.inject({ method: 'POST', url: `/strategies/${a}/start`, headers: bearer(u.token), payload: {} });
    const second = await app.inject({ method: 'POST', url: `/strategies/${b}/start`, headers: bearer(u.token), payload: {} });
    expect(second.json().warnings).toContainEqual({ code: 'SAME_SYMBOL_RUNNING', message: 'your strategy "TCS timed" is also running on NSE_EQ|TCS: both will trade it' });
    const push = await app.inject({ method: 'POST', url: '/strategies/push', headers: bearer(u.token), payload: { source: TCS.replace('"TCS timed"', '"TCS third"') } });
    expect(push.json().warnings.map((w: { code: string }) => w.code)).toEqual(['SAME_SYMBOL_RUNNING', 'SAME_SYMBOL_RUNNING']);
    for (const x of [a, b]) await app.inject({ method: 'POST', url: `/strategies/${x}/stop`, headers: bearer(u.token) });
  });

  it('kill switches: per user (persisted in Mongo and Redis, blocks starts), global for administrators only', async () => {
    const { app, storage, ctx, redisUrl } = fx();
    expect(redisUrl).toMatch(/^redis:/);
    const u = await signUp(app);
    const other = await signUp(app);
    const id = await pushed(u.token);
    const on = await app.inject({ method: 'POST', url: '/kill-switch', headers: bearer(u.token), payload: { engaged: true, reason: 'bad day' } });
    expect(on.json()).toMatchObject({ scope: 'user', engaged: true, reason: 'bad day' });
    expect((await storage.users.get(u.userId))?.kill_switch).toMatchObject({ engaged: true });
    expect(await ctx.keyspace.system.killSwitchFor(u.userId)).toMatchObject({ scope: 'user', reason: 'bad day' });
    expect(await ctx.keyspace.system.killSwitchFor(other.userId)).toBeNull();
    const blocked = await app.inject({ method: 'POST', url: `/strategies/${id}/start`, headers: bearer(u.token), payload: {} });
    expect(blocked.json().error).toMatchObject({ code: 'KILL_SWITCH_ENGAGED', message: expect.stringContaining('bad day') });

    // Redis loses it; start-up sync restores it from Mongo
    await ctx.redis.del(redisKeys.userKillSwitch(u.userId));
    expect(await ctx.killSwitches.syncToRedis()).toBeGreaterThanOrEqual(1);
    expect(await ctx.keyspace.system.killSwitchFor(u.userId)).toMatchObject({ scope: 'user' });

    await app.inject({ method: 'POST', url: '/kill-switch', headers: bearer(u.token), payload: { engaged: false } });
    expect(await ctx.keyspace.system.killSwitchFor(u.userId)).toBeNull();
    const global = await app.inject({ method: 'POST', url: '/kill-switch', headers: bearer(u.token), payload: { scope: 'global', engaged: true } });
    expect(global.statusCode).toBe(403);
    expect(await ctx.keyspace.system.killSwitchFor(u.userId)).toBeNull();
    const view = await app.inject({ method: 'GET', url: '/kill-switch', headers: bearer(u.token) });
    expect(view.json().switches).toEqual([
      { scope: 'global', engaged: false },
      { scope: 'user', engaged: false, reason: 'released', at: expect.any(String), by: u.email },
    ]);
  });
});
