import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { bearer, eventually, signUp, useApi } from '../support.js';

const fx = useApi('ws', { listen: true });
const TCS = readFileSync(new URL('../../../examples/03-tcs-timed-stop-loss.algo', import.meta.url), 'utf8');
type Json = Record<string, any>;

function open(url: string, opts: WebSocket.ClientOptions = {}, protocols?: string[]): Promise<{ ws: WebSocket; got: Json[] }> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/ws`, protocols, opts);
  const got: Json[] = [];
  ws.on('message', (d) => got.push(JSON.parse(String(d))));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, got }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('WebSocket /ws', { timeout: 90_000 }, () => {
  it('refuses an upgrade without a valid token (401)', async () => {
    const { url } = fx();
    await expect(open(url)).rejects.toThrow('HTTP 401');
    await expect(open(url, { headers: bearer('algo_notarealtokennotarealtokennotarealtoken123') })).rejects.toThrow('HTTP 401');
  });

  it('forwards what the live engine publishes for a strategy, after a snapshot of its state', async () => {
    const { app, url, ctx } = fx();
    const u = await signUp(app);
    const id = (await app.inject({ method: 'POST', url: '/strategies/push', headers: bearer(u.token), payload: { source: TCS } })).json().strategy.id as string;
    const { ws, got } = await open(url, {}, ['algo.bearer', u.token]);
    expect(ws.protocol).toBe('algo.bearer');
    ws.send(JSON.stringify({ type: 'subscribe', topic: 'strategy', id }));
    await eventually(async () => (got.length ? true : undefined), 5_000, 'subscribed');
    expect(got[0]).toMatchObject({ type: 'subscribed', topic: 'strategy', id, snapshot: { id, status: 'created', positions: [] } });
    const events = [
      { type: 'signal', strategy_id: id, at: 1, data: { kind: 'entry', side: 'long', instrument_key: 'NSE_EQ|TCS' } },
      { type: 'order', strategy_id: id, at: 2, data: { client_order_id: 'c1', status: 'FILLED' } },
      { type: 'position', strategy_id: id, at: 3, data: { instrument_key: 'NSE_EQ|TCS', quantity: 10 } },
      { type: 'pnl', strategy_id: id, at: 4, data: { realized: 0, unrealized: 55.5 } },
    ] as const;
    for (const e of events) await ctx.keyspace.feed.strategy(e);
    await ctx.redis.publish(`feed:strategy:{${id}}`, 'not json');
    await eventually(async () => (got.length >= 5 ? true : undefined), 5_000, 'events');
    expect(got.slice(1).map((m) => m.event)).toEqual(events);
    ws.send(JSON.stringify({ type: 'unsubscribe', topic: 'strategy', id }));
    await eventually(async () => (got.at(-1)?.type === 'unsubscribed' ? true : undefined), 5_000, 'unsubscribed');
    await ctx.keyspace.feed.strategy({ type: 'pnl', strategy_id: id, at: 5, data: {} });
    ws.send(JSON.stringify({ type: 'ping' }));
    await eventually(async () => (got.at(-1)?.type === 'pong' ? true : undefined), 5_000, 'pong');
    expect(got.filter((m) => m.type === 'event')).toHaveLength(4);
    ws.close();
  });

  it('answers malformed messages and other users’ topics with an error frame and keeps the socket open', async () => {
    const { app, url } = fx();
    const a = await signUp(app);
    const b = await signUp(app);
    const id = (await app.inject({ method: 'POST', url: '/strategies/push', headers: bearer(a.token), payload: { source: TCS } })).json().strategy.id as string;
    const { ws, got } = await open(url, { headers: bearer(b.token) });
    for (const m of ['nope', '{"type":"subscribe","topic":"orders","id":"x"}', JSON.stringify({ type: 'subscribe', topic: 'strategy', id })]) ws.send(m);
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await eventually(async () => (got.length >= 4 ? true : undefined), 5_000, 'errors');
    // the ownership lookup is asynchronous, so its answer may come after the binary frame's
    expect(got).toHaveLength(4);
    expect(got).toEqual(expect.arrayContaining([
      { type: 'error', code: 'BAD_REQUEST', message: 'a message must be JSON' },
      { type: 'error', code: 'BAD_REQUEST', message: expect.stringMatching(/^topic: /) },
      { type: 'error', code: 'NOT_FOUND', message: `no strategy with id "${id}"` },
      { type: 'error', code: 'BAD_REQUEST', message: 'send JSON text frames' },
    ]));
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });
});
