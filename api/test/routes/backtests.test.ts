import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { bearer, eventually, signUp, useApi } from '../support.js';

const fx = useApi('backtests', { listen: true, config: { backtests: { workers: 1, perUserLimit: 3 } } });
const TCS = readFileSync(new URL('../../../examples/03-tcs-timed-stop-loss.algo', import.meta.url), 'utf8');

type Json = Record<string, any>;

async function waitDone(token: string, id: string): Promise<Json> {
  const { app } = fx();
  return eventually(async () => {
    const r = (await app.inject({ method: 'GET', url: `/backtests/${id}`, headers: bearer(token) })).json();
    return r.status === 'RUNNING' ? undefined : r;
  }, 60_000, `backtest ${id}`);
}

describe('backtests on demand', { timeout: 120_000 }, () => {
  it('runs a stored strategy version in a worker process: RUNNING → COMPLETED with snapshot, parameters and results', async () => {
    const { app, storage } = fx();
    const u = await signUp(app);
    const id = (await app.inject({ method: 'POST', url: '/strategies/push', headers: bearer(u.token), payload: { source: TCS } })).json().strategy.id;
    await app.inject({ method: 'POST', url: '/strategies/push', headers: bearer(u.token), payload: { source: TCS.replace('qty 10', 'qty 30') } });
    const posted = await app.inject({ method: 'POST', url: '/backtests', headers: bearer(u.token), payload: { strategy_id: id, version: 1, data: ['synth'], from: '2024-01-01', to: '2024-02-29', seed: 3 } });
    expect(posted.statusCode).toBe(202);
    expect(posted.json()).toMatchObject({ status: 'RUNNING', strategy_id: id, strategy_version: 1, strategy_name: 'TCS timed' });
    const done = await waitDone(u.token, posted.json().id);
    expect(done).toMatchObject({ status: 'COMPLETED', progress: 1, summary: { trades: expect.any(Number) } });
    expect(done.trades.length).toBeGreaterThan(0);
    expect(done.trades.every((t: Json) => t.qty === 10)).toBe(true);
    expect(done.strategy_snapshot.source).toBe(TCS);
    expect(done.run_parameters).toMatchObject({ strategy_id_source: id, strategy_version: 1, start_date: '2024-01-01', end_date: '2024-02-29', data_source: 'synth', fingerprint: expect.any(String) });
    const stored = await storage.backtestResults.get(done.id);
    expect(stored?.status).toBe('COMPLETED');
    const list = (await app.inject({ method: 'GET', url: '/backtests', headers: bearer(u.token) })).json().backtests;
    expect(list.map((b: Json) => b.id)).toContain(done.id);
    expect(list[0]).not.toHaveProperty('trades');
  });

  it('runs source without storing it, and records a run that cannot get its data as FAILED with the reason', async () => {
    const { app } = fx();
    const u = await signUp(app);
    const ok = await app.inject({ method: 'POST', url: '/backtests', headers: bearer(u.token), payload: { source: TCS, data: ['synth:TCS'], from: '2024-03-01', to: '2024-03-10' } });
    expect((await waitDone(u.token, ok.json().id)).status).toBe('COMPLETED');
    expect((await app.inject({ method: 'GET', url: '/strategies', headers: bearer(u.token) })).json().strategies).toEqual([]);
    const noCandles = await app.inject({ method: 'POST', url: '/backtests', headers: bearer(u.token), payload: { source: TCS, data: ['mongo'], from: '2024-03-01', to: '2024-03-10' } });
    expect(noCandles.statusCode).toBe(202);
    const failed = await waitDone(u.token, noCandles.json().id);
    expect(failed).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/NSE_EQ\|TCS.*no candles/) });
  });

  it('refuses bad requests before anything is stored', async () => {
    const { app } = fx();
    const u = await signUp(app);
    const cases: Array<[Json, number, RegExp]> = [
      [{ source: TCS, data: ['synth:INFY'] }, 422, /does not trade INFY/],
      [{ source: TCS, data: ['/etc/passwd'] }, 400, /body\.data\.0/],
      [{ data: ['synth'] }, 400, /strategy_id/],
      [{ source: TCS, strategy_id: 'x', data: ['synth'] }, 400, /either strategy_id or source/],
      [{ source: TCS, data: ['synth'], from: '2024-05-01', to: '2024-01-01' }, 400, /from is after to/],
      [{ strategy_id: 'no-such-strategy', data: ['synth'] }, 404, /no strategy/],
    ];
    for (const [payload, status, message] of cases) {
      const r = await app.inject({ method: 'POST', url: '/backtests', headers: bearer(u.token), payload });
      expect([JSON.stringify(payload), r.statusCode]).toEqual([JSON.stringify(payload), status]);
      expect(r.json().error.message).toMatch(message);
    }
    expect((await app.inject({ method: 'GET', url: '/backtests', headers: bearer(u.token) })).json().backtests).toEqual([]);
  });

  it('streams a backtest’s progress over the WebSocket, to its owner only', async () => {
    const { app, url } = fx();
    const u = await signUp(app);
    const other = await signUp(app);
    // a longer run first keeps the single worker busy, so the run followed here is still queued when the socket subscribes
    await app.inject({ method: 'POST', url: '/backtests', headers: bearer(u.token), payload: { source: TCS, data: ['synth'], from: '2022-01-01', to: '2023-06-30' } });
    const posted = await app.inject({ method: 'POST', url: '/backtests', headers: bearer(u.token), payload: { source: TCS, data: ['synth'], from: '2023-01-01', to: '2023-12-31' } });
    const id = posted.json().id as string;
    expect(posted.json().queue_position).toBe(0);
    const ws = new WebSocket(`${url.replace('http', 'ws')}/ws`, { headers: bearer(u.token) });
    const spy = new WebSocket(`${url.replace('http', 'ws')}/ws`, { headers: bearer(other.token) });
    const got: Json[] = [];
    const spied: Json[] = [];
    ws.on('message', (d) => got.push(JSON.parse(String(d))));
    spy.on('message', (d) => spied.push(JSON.parse(String(d))));
    await Promise.all([new Promise((r) => ws.once('open', r)), new Promise((r) => spy.once('open', r))]);
    ws.send(JSON.stringify({ type: 'subscribe', topic: 'backtest', id }));
    spy.send(JSON.stringify({ type: 'subscribe', topic: 'backtest', id }));
    await eventually(async () => (got.some((m) => m.type === 'event' && (m.event.type === 'completed' || m.event.type === 'failed')) ? true : undefined), 60_000, 'completion over the WebSocket');
    expect(got[0]).toMatchObject({ type: 'subscribed', topic: 'backtest', id, snapshot: { status: 'RUNNING' } });
    const events = got.filter((m) => m.type === 'event').map((m) => m.event);
    expect(events.at(-1)).toMatchObject({ type: 'completed', run_id: id, progress: 1 });
    expect(events.filter((e) => e.type === 'progress').length).toBeGreaterThan(0);
    expect(spied).toEqual([{ type: 'error', code: 'NOT_FOUND', message: `no backtest with id "${id}"` }]);
    ws.close();
    spy.close();
  });
});
