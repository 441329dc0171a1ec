import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, freePort, runAlgo, startAlgo, waitFor } from './support.js';

/**
 * The done-when of the management API: `algo serve` as a process, and through the real
 * CLI a user logs in, pushes an example, runs a remote backtest and reads its result — and
 * a second user can see none of it; `/docs` lists every route.
 */

const TCS = 'examples/03-tcs-timed-stop-loss.algo';
const BROKEN = 'examples/broken/missing-stop-loss.algo';
const PASSWORD = 'e2e password that is long';
const tmp = mkdtempSync(join(tmpdir(), 'algo-e2e-api-'));
const base: NodeJS.ProcessEnv = { ...process.env, ALGO_DATA_DIR: join(tmp, 'data'), ALGO_SERVER: '', ALGO_TOKEN: '' };
delete base.ALGO_SERVER;
delete base.ALGO_TOKEN;
const envA = { ...base, ALGO_CONFIG_DIR: join(tmp, 'config-a') };
const envB = { ...base, ALGO_CONFIG_DIR: join(tmp, 'config-b') };

let serve: ChildProcessWithoutNullStreams | undefined;
let serveErr = '';
let serveOut = '';
let url = '';

beforeAll(async () => {
  assertBuilt();
  const port = await freePort();
  serve = startAlgo(['serve', '--port', String(port), '--log-level', 'info'], base);
  serve.stderr.on('data', (b: Buffer) => (serveErr += b.toString()));
  serve.stdout.on('data', (b: Buffer) => (serveOut += b.toString()));
  url = (await waitFor(() => serveErr, /api: listening on (http:\/\/127\.0\.0\.1:\d+)/, 90_000))[1]!;
  await waitFor(() => serveErr, /algo serve: ready/);
}, 120_000);

afterAll(async () => {
  if (serve && serve.exitCode === null) {
    serve.kill('SIGKILL');
    await new Promise((r) => serve!.once('close', r));
  }
  rmSync(tmp, { recursive: true, force: true });
});

describe('algo serve, end to end through the CLI', { timeout: 120_000 }, () => {
  let runId = '';

  it('says where it listens (127.0.0.1 by default) and which MongoDB and Redis it uses', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(serveErr).toMatch(/^mongo: /m);
    expect(serveErr).toMatch(/^redis: /m);
    expect(serveErr).toMatch(/^credentials key: /m);
  });

  it('logs a user in, keeping the token in their config dir with mode 0600', async () => {
    const r = await runAlgo(['login', '--register', '--server', url, '--email', 'alice@example.com', '--password-stdin'], envA, `${PASSWORD}\n`);
    expect(r.stderr).toBe('created the account alice@example.com\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^logged in to http:\/\/127\.0\.0\.1:\d+ as alice@example\.com; token algo_\S+… saved in .*config-a\/credentials\.json/);
    const file = join(tmp, 'config-a', 'credentials.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain(PASSWORD);
    const wrong = await runAlgo(['login', '--server', url, '--email', 'alice@example.com', '--password-stdin'], envA, 'not the password\n');
    expect(wrong).toMatchObject({ code: 1, stderr: 'algo login: wrong email or password\n' });
  });

  it('push checks locally first, printing diagnostics exactly like algo check, and uploads nothing with errors', async () => {
    const check = await runAlgo(['check', BROKEN], envA);
    const push = await runAlgo(['push', BROKEN], envA);
    expect(push.code).toBe(1);
    const lines = (s: string) => s.split('\n').filter((l) => l.startsWith(BROKEN));
    expect(lines(push.stdout).length).toBeGreaterThan(0);
    expect(lines(push.stdout)).toEqual(lines(check.stdout));
    expect(push.stdout).toMatch(/not pushed\n$/);
  });

  it('pushes an example and prints the new version; pushing the same file again changes nothing', async () => {
    const first = await runAlgo(['push', TCS], envA);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^created "TCS timed" version 1 on http:\/\/127\.0\.0\.1:\d+ \(id [\w-]+\)\n$/);
    const again = await runAlgo(['push', TCS], envA);
    expect(again.stdout).toMatch(/^"TCS timed" is unchanged: still version 1/);
    const list = await runAlgo(['strategies'], envA);
    expect(list.stdout).toMatch(/^NAME\s+VERSION\s+STATUS/);
    expect(list.stdout).toMatch(/TCS timed\s+1\s+created\s+paper\s+stocks\s+1m\s+NSE_EQ\|TCS/);
  });

  it('runs a remote backtest, reads its result, and gets what a local run gets', async () => {
    const args = [TCS, '--data', 'synth', '--from', '2024-01-01', '--to', '2024-02-29', '--json'];
    const remote = await runAlgo(['backtest', ...args, '--remote'], envA);
    expect(remote.stderr).toBe('');
    expect(remote.code).toBe(0);
    const run = JSON.parse(remote.stdout);
    runId = run.id;
    expect(run).toMatchObject({ status: 'COMPLETED', progress: 1, strategy_name: 'TCS timed', run_parameters: { data_source: 'synth', start_date: '2024-01-01', end_date: '2024-02-29' } });
    expect(run.trades.length).toBeGreaterThan(10);
    const local = JSON.parse((await runAlgo(['backtest', ...args], envA)).stdout);
    expect(run.run_parameters.fingerprint).toBe(local.run_parameters.fingerprint);
    expect(run.summary.net_profit).toBe(local.summary.net_profit);
    const table = await runAlgo(['backtest', TCS, '--data', 'synth', '--from', '2024-01-01', '--to', '2024-01-31', '--remote', '--trades', '2'], envA);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^TCS timed — NSE_EQ\|TCS, 1m bars/);
    expect(table.stdout).toMatch(/Net profit/);
    expect(table.stdout).toMatch(/\(run [\w-]+ on http/);
  });

  it('starts, stops and shows the log of the strategy', async () => {
    const start = await runAlgo(['start', 'TCS timed', '--paper'], envA);
    expect(start.stdout).toMatch(/^"TCS timed" version 1: running in paper mode \(engine: starting\)/);
    const live = await runAlgo(['start', 'TCS timed', '--live'], envA);
    expect(live).toMatchObject({ code: 1 });
    expect(live.stderr).toMatch(/running in paper mode: stop it before starting it in live mode/);
    const stop = await runAlgo(['stop', 'tcs timed'], envA);
    expect(stop.stdout).toMatch(/^"TCS timed": stopped/);
    const logs = await runAlgo(['logs', 'TCS timed'], envA);
    // the live engine's own lines (run started, reconciled) come between the API's two
    expect(logs.stdout).toMatch(/INFO\s+api: start requested in paper mode \(version 1\)\n(.*\n)*.*INFO\s+api: stop requested\n$/);
  });

  it('a second user can see none of it', async () => {
    const login = await runAlgo(['login', '--register', '--server', url, '--email', 'bob@example.com', '--password-stdin'], envB, `${PASSWORD}\n`);
    expect(login.code).toBe(0);
    expect((await runAlgo(['strategies'], envB)).stdout).toBe(`no strategies on ${url} yet: algo push <file.algo>\n`);
    for (const cmd of [['start', 'TCS timed'], ['stop', 'TCS timed'], ['logs', 'TCS timed']]) {
      const r = await runAlgo(cmd, envB);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('no strategy named "TCS timed"');
    }
    const token = JSON.parse(readFileSync(join(tmp, 'config-b', 'credentials.json'), 'utf8')).token as string;
    const headers = { authorization: `Bearer ${token}` };
    const theirs = await fetch(`${url}/backtests/${runId}`, { headers });
    expect(theirs.status).toBe(404);
    expect(await theirs.text()).not.toContain('TCS');
    expect(await (await fetch(`${url}/backtests`, { headers })).json()).toEqual({ backtests: [] });
    const ids = JSON.parse((await runAlgo(['strategies', '--json'], envA)).stdout).map((s: { id: string }) => s.id) as string[];
    expect((await fetch(`${url}/strategies/${ids[0]}`, { headers })).status).toBe(404);
  });

  it('/docs lists every route', async () => {
    expect((await fetch(`${url}/docs`)).status).toBeLessThan(400);
    const doc = (await (await fetch(`${url}/docs/json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    for (const r of [
      'POST /auth/register', 'POST /auth/login', 'POST /auth/tokens', 'GET /strategies', 'POST /strategies', 'GET /strategies/{id}', 'PUT /strategies/{id}',
      'DELETE /strategies/{id}', 'POST /strategies/push', 'POST /strategies/{id}/start', 'POST /strategies/{id}/stop', 'GET /strategies/{id}/state',
      'POST /backtests', 'GET /backtests', 'GET /backtests/{id}', 'PUT /broker/credentials', 'POST /kill-switch', 'GET /health', 'GET /metrics', 'GET /ws',
    ]) expect(routes).toContain(r);
  });

  it('shuts down gracefully on SIGTERM, and no secret reached its log', async () => {
    serve!.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => serve!.once('close', r));
    expect(code).toBe(0);
    expect(serveErr).toMatch(/algo serve: SIGTERM: shutting down\nalgo serve: stopped\n$/);
    expect(serveOut).toContain('"msg":"request completed"');
    expect(serveOut).not.toContain(PASSWORD);
    for (const dir of ['config-a', 'config-b']) expect(serveOut).not.toContain(JSON.parse(readFileSync(join(tmp, dir, 'credentials.json'), 'utf8')).token);
    expect(serveOut).not.toContain(readFileSync(join(tmp, 'data', 'credentials.key'), 'utf8').trim());
  });
});
