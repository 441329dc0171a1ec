import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../src/client/client.js';
import { cliConfigDir, loadCredentials, resolveRemote, saveCredentials } from '../src/client/credentials.js';
import { PASSWORD, email, useApi } from './support.js';

const fx = useApi('client', { listen: true });
const TCS = readFileSync(new URL('../../examples/03-tcs-timed-stop-loss.algo', import.meta.url), 'utf8');

describe('ApiClient over HTTP', { timeout: 90_000 }, () => {
  it('logs in, pushes, finds strategies by name, and reports errors as values', async () => {
    const { url } = fx();
    const anon = new ApiClient(url);
    const who = email('client');
    expect((await anon.register(who, PASSWORD)).ok).toBe(true);
    const login = await anon.login(who, PASSWORD, 'test');
    if (!login.ok) throw new Error(login.error.message);
    const me = new ApiClient(url, login.value.token);
    const pushed = await me.push(TCS);
    expect(pushed.ok && pushed.value.strategy.name).toBe('TCS timed');
    expect((await me.findStrategy('tcs TIMED')).ok).toBe(true);
    const missing = await me.findStrategy('Nope');
    expect(!missing.ok && missing.error.message).toBe(`no strategy named "Nope" on ${url} (you have "TCS timed")`);
    const denied = await anon.strategies();
    expect(denied).toMatchObject({ ok: false, status: 401, error: { code: 'UNAUTHORIZED' } });
    const bad = await me.push(TCS.replace('stop_loss at 3500', ''));
    expect(bad).toMatchObject({ ok: false, status: 422, error: { code: 'COMPILE_ERRORS', diagnostics: [expect.objectContaining({ severity: 'error' })] } });
  });

  it('says plainly when no server answers', async () => {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const { port } = srv.address() as { port: number };
    await new Promise<void>((r) => srv.close(() => r()));
    const r = await new ApiClient(`http://127.0.0.1:${port}`).strategies();
    expect(r).toMatchObject({ ok: false, status: 0, error: { code: 'UNREACHABLE', message: `cannot reach http://127.0.0.1:${port} (ECONNREFUSED): is algo serve running there?` } });
  });
});

describe('the CLI login file', () => {
  it('lives in ALGO_CONFIG_DIR with mode 0600, and names itself when broken', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'algo-cfg-'));
    const env = { ALGO_CONFIG_DIR: join(dir, 'nested') };
    expect(cliConfigDir(env)).toBe(join(dir, 'nested'));
    expect(cliConfigDir({ XDG_CONFIG_HOME: '/x' })).toBe('/x/algo');
    expect(await loadCredentials(env)).toEqual({ value: null });
    const file = await saveCredentials({ server: 'http://127.0.0.1:7070', token: 'algo_t', email: 'a@example.com' }, env);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'nested')).mode & 0o777).toBe(0o700);
    expect((await loadCredentials(env)).value).toMatchObject({ token: 'algo_t' });
    expect(await resolveRemote({}, env)).toEqual({ server: 'http://127.0.0.1:7070', token: 'algo_t' });
    expect(await resolveRemote({ server: 'http://other:1/' }, env)).toEqual({ server: 'http://other:1' });
    expect(await resolveRemote({}, { ...env, ALGO_TOKEN: 'algo_env' })).toMatchObject({ token: 'algo_env' });
    writeFileSync(file, '{"server": 3}');
    expect((await loadCredentials(env)).error).toMatch(/credentials\.json: server: .*run algo login again/);
  });
});
