import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServeConfigSchema, startServer, type RunningServer } from '@algo/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushCommand, setTokenCommand, TOKEN_KEY } from '../src/commands/push.js';
import { RecordingHost } from './support/host.js';
import { EXAMPLES } from './support/worker.js';

const SOURCE = readFileSync(join(EXAMPLES, '02-rsi-pullback-multi-stock.algo'), 'utf8');
let server: RunningServer;

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
let token: string;
let dataDir: string;

/** The real API (`algo serve`) on a free port, over whatever MongoDB and Redis this machine resolves. */
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'algo-push-'));
  const config = ServeConfigSchema.parse({ host: '127.0.0.1', port: 0, dataDir, mongoDb: `test_ext_push_${process.pid}`, logLevel: 'silent' });
  server = await startServer(config, { notify: () => undefined });
  const post = async (path: string, body: unknown) => {
    const res = await fetch(new URL(path, server.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return (await res.json()) as Record<string, unknown>;
  };
  await post('/auth/register', { email: 'trader@example.com', password: 'correct horse battery' });
  token = (await post('/auth/login', { email: 'trader@example.com', password: 'correct horse battery' })).token as string;
  expect(token).toBeTruthy();
}, 120_000);

afterAll(async () => {
  await server?.context.storage.db.dropDatabase().catch(() => undefined);
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Algo: Push', () => {
  it('asks for the token once, keeps it in secret storage, and pushes: created, then unchanged, then a new version', async () => {
    const host = new RecordingHost({ 'api.url': server.url }, { 'file:///s.algo': SOURCE });
    host.answer = token;
    await pushCommand(host, 'file:///s.algo');
    expect(host.errors).toEqual([]);
    expect(host.asked).toBe(1);
    expect(host.secretStore.get(TOKEN_KEY)).toBe(token);
    expect(host.infos).toEqual(['Algo: "RSI pullback" created (version 1).']);
    await pushCommand(host, 'file:///s.algo');
    expect(host.infos[1]).toBe('Algo: "RSI pullback" is unchanged (version 1).');
    const changed = new RecordingHost({ 'api.url': server.url }, { 'file:///s.algo': SOURCE.replace('rsi(close, 14) < oversold', 'rsi(close, 10) < oversold') });
    changed.secretStore.set(TOKEN_KEY, token);
    await pushCommand(changed, 'file:///s.algo');
    expect(changed.asked).toBe(0);
    expect(changed.infos[0]).toBe('Algo: "RSI pullback" is now version 2.');
    expect(changed.statuses.at(-1)).toEqual({ kind: 'done', text: 'pushed v2' });
  });

  it('shows the server’s errors in Problems when it refuses the strategy, and clears them after a good push', async () => {
    const host = new RecordingHost({ 'api.url': server.url }, { 'file:///s.algo': SOURCE.replace('rsi(close, 14) < oversold', 'rsii(close, 14) < oversold') });
    host.secretStore.set(TOKEN_KEY, token);
    await pushCommand(host, 'file:///s.algo');
    expect(host.errors[0]).toMatch(/^Algo: push failed: .*\(the error the server found is in Problems\)$/);
    const remote = host.remote.get('file:///s.algo')!;
    expect(remote).toHaveLength(1);
    const line = SOURCE.split('\n').findIndex((l) => l.includes('rsi(close, 14) < oversold')) + 1;
    expect(remote[0]).toMatchObject({ severity: 'error', code: 'ALG201', line, message: 'unknown function `rsii` — did you mean `rsi`?' });
    expect(remote[0]!.column).toBe(SOURCE.split('\n')[line - 1]!.indexOf('rsi(close, 14) < oversold') + 1);
    const fixed = new RecordingHost({ 'api.url': server.url }, { 'file:///s.algo': SOURCE });
    fixed.secretStore.set(TOKEN_KEY, token);
    await pushCommand(fixed, 'file:///s.algo');
    expect(fixed.remote.get('file:///s.algo')).toEqual([]);
  });

  it('forgets a token the server refuses, and says how to set a new one', async () => {
    const host = new RecordingHost({ 'api.url': server.url }, { 'file:///s.algo': SOURCE });
    host.secretStore.set(TOKEN_KEY, 'not-a-token');
    await pushCommand(host, 'file:///s.algo');
    expect(host.errors[0]).toContain('run "Algo: Set API Token"');
    expect(host.secretStore.has(TOKEN_KEY)).toBe(false);
  });

  it('names the server it cannot reach, and does nothing when the user cancels the token prompt', async () => {
    const closed = await closedPort();
    const down = new RecordingHost({ 'api.url': `http://127.0.0.1:${closed}` }, { 'file:///s.algo': SOURCE });
    down.secretStore.set(TOKEN_KEY, token);
    await pushCommand(down, 'file:///s.algo');
    expect(down.errors[0]).toBe(`Algo: push failed: cannot reach http://127.0.0.1:${closed} (ECONNREFUSED): is algo serve running there? (setting algo.api.url)`);
    const cancelled = new RecordingHost({ 'api.url': server.url }, { 'file:///s.algo': SOURCE });
    await pushCommand(cancelled, 'file:///s.algo');
    expect(cancelled.asked).toBe(1);
    expect(cancelled.errors).toEqual([]);
    expect(cancelled.statuses).toEqual([]);
  });

  it('sets the token from the command', async () => {
    const host = new RecordingHost();
    host.answer = 'tok_123';
    await setTokenCommand(host);
    expect(host.secretStore.get(TOKEN_KEY)).toBe('tok_123');
  });
});
