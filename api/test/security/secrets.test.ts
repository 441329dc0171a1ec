import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PASSWORD, email, useApi } from '../support.js';
import { wire, type WireResponse } from '../wire.js';

const fx = useApi('security_secrets', { listen: true });
const TCS = readFileSync(new URL('../../../examples/03-tcs-timed-stop-loss.algo', import.meta.url), 'utf8');

describe('secrets never reach a response or a log line', { timeout: 90_000 }, () => {
  it('keeps passwords, tokens, broker credentials and the encryption key out of every log line and every other response', async () => {
    const { url, logs, credentialsKey } = fx();
    const responses: WireResponse[] = [];
    const call = async (...a: Parameters<typeof wire>) => {
      const r = await wire(...a);
      responses.push(r);
      return r;
    };
    const who = email('secret');
    const wrongPassword = 'not-my-password-0987';
    const weakPassword = 'short1';
    await call(url, 'POST', '/auth/register', { body: { email: who, password: weakPassword } });
    await call(url, 'POST', '/auth/register', { body: { email: who, password: PASSWORD } });
    await call(url, 'POST', '/auth/register', { body: { email: who, password: PASSWORD } });
    await call(url, 'POST', '/auth/login', { body: { email: who, password: wrongPassword } });
    const login = await wire(url, 'POST', '/auth/login', { body: { email: who, password: PASSWORD } });
    const token = login.json.token as string;
    const extra = await wire(url, 'POST', '/auth/tokens', { token, body: { name: 'ci' } });
    const ciToken = extra.json.token as string;
    const broker = { api_key: 'bk-API-KEY-7f3a9c', api_secret: 'bk-API-SECRET-c0ffee', access_token: 'bk-ACCESS-TOKEN-beef42', totp_key: 'bk-TOTP-JBSWY3DP', pin: '492817' };
    await call(url, 'PUT', '/broker/credentials', { token, body: { broker: 'zerodha', ...broker } });
    await call(url, 'PUT', '/broker/credentials', { token: ciToken, body: { broker: 'upstox', ...broker, extra_field: broker.api_secret } });
    await call(url, 'GET', '/broker/credentials', { token });
    await call(url, 'GET', '/auth/tokens', { token });
    await call(url, 'GET', '/auth/me', { token: ciToken });
    await call(url, 'GET', '/strategies', { token: `${token}x` });
    await call(url, 'GET', '/strategies', { headers: { authorization: `Basic ${Buffer.from(`${who}:${PASSWORD}`).toString('base64')}` } });
    const id = (await call(url, 'POST', '/strategies/push', { token, body: { source: TCS } })).json.strategy.id;
    await call(url, 'POST', `/strategies/${id}/start`, { token, body: { mode: 'live' } });
    await call(url, 'GET', `/strategies/${id}/state`, { token });
    await call(url, 'GET', `/strategies/${id}?token=${token}`, { token });
    await call(url, 'POST', `/strategies/${id}/stop`, { token, body: {} });
    await call(url, 'GET', '/metrics', { token });
    await new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(`${url.replace('http', 'ws')}/ws`, ['algo.bearer', ciToken]);
      ws.once('open', () => {
        ws.send(JSON.stringify({ type: 'subscribe', topic: 'strategy', id, token }));
        ws.once('message', () => {
          ws.close();
          resolve();
        });
      });
      ws.once('error', reject);
    });
    await call(url, 'DELETE', `/auth/tokens/${extra.json.id}`, { token });

    const secrets = [PASSWORD, wrongPassword, weakPassword, token, ciToken, credentialsKey, ...Object.values(broker)];
    const log = logs.join('\n');
    expect(logs.length).toBeGreaterThan(20);
    expect(log).toContain('"reqId"');
    for (const s of secrets) {
      expect(log.includes(s), `log contains ${s.slice(0, 6)}…: ${logs.find((l) => l.includes(s))}`).toBe(false);
      for (const r of responses) expect(r.text.includes(s), `response contains ${s.slice(0, 6)}…: ${r.text.slice(0, 200)}`).toBe(false);
    }
    // the token is in exactly one response, the one that created it, and in no list
    expect(login.text).toContain(token);
    expect(extra.text).toContain(ciToken);
  });
});
