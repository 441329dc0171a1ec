// Management API under load, on loopback, with the built packages (`npm run build` first):
//   1. push round trip — `POST /strategies/push` of a changed source (compile on the server,
//      a new version, write-through to Redis), sequential; and `algo push` as a process;
//   2. `GET /strategies` — throughput and latency under 200 concurrent connections;
//   3. `POST /backtests` — the same (each accepted request compiles, records a RUNNING run and
//      queues it for the worker process);
//   4. `GET /strategies` again while the backtest worker is busy, to show the API stays responsive.
// MongoDB runs as its own process (`algo db serve`: a real mongod when one is installed, else
// the offline stand-in — the line it prints says which), Redis as a spawned redis-server, the
// API as `algo serve`; autocannon drives it from this process.
//
//   node --import tsx bench/api.bench.ts [--duration 10] [--connections 200]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error autocannon ships no types
import autocannon from 'autocannon';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ALGO = join(root, 'cli/bin/algo.js');
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const DURATION = arg('duration', 10);
const CONNECTIONS = arg('connections', 200);
const TCS = readFileSync(join(root, 'examples/03-tcs-timed-stop-loss.algo'), 'utf8');
const RSI = readFileSync(join(root, 'examples/02-rsi-pullback-multi-stock.algo'), 'utf8');

const tmp = mkdtempSync(join(tmpdir(), 'algo-api-bench-'));
const children: ChildProcess[] = [];

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

function start(args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<{ child: ChildProcess; match: RegExpMatchArray; err: () => string }> {
  const child = spawn(process.execPath, [ALGO, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const m = out.match(ready);
      if (m) {
        clearInterval(timer);
        resolve({ child, match: m, err: () => out });
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`algo ${args[0]} exited (${code}):\n${out}`));
    });
  });
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function json(url: string, init: RequestInit = {}): Promise<any> {
  const r = await fetch(url, init);
  if (!r.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${r.status} ${await r.text()}`);
  return r.json();
}

async function load(title: string, opts: Record<string, unknown>): Promise<any> {
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION, ...opts });
  const codes = Object.entries(result.statusCodeStats ?? {})
    .map(([c, v]) => `${c}×${(v as { count: number }).count}`)
    .join(' ');
  console.log(
    `${title.padEnd(44)} ${String(Math.round(result.requests.average)).padStart(6)} req/s   latency p50 ${String(result.latency.p50).padStart(4)} ms  p99 ${String(result.latency.p99).padStart(5)} ms  max ${String(result.latency.max).padStart(5)} ms   (${result.requests.total} requests; ${codes}; errors ${result.errors}, timeouts ${result.timeouts})`,
  );
  return result;
}

async function main(): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env, ALGO_DATA_DIR: join(tmp, 'data'), ALGO_CONFIG_DIR: join(tmp, 'config') };
  delete env.MONGO_URL;
  delete env.REDIS_URL;
  const mongoPort = await freePort();
  const db = await start(['db', 'serve', '--port', String(mongoPort)], env, /MONGO_URL=(\S+)/);
  const mongoLine = db.err().split('\n').find((l) => l.startsWith('mongo:')) ?? '';
  const configFile = join(tmp, 'serve.json');
  writeFileSync(configFile, JSON.stringify({ logLevel: 'warn', authRateLimit: { max: 100_000, windowMs: 60_000 }, backtests: { workers: 1, queueLimit: 1_000_000, perUserLimit: 1_000_000 } }));
  const port = await freePort();
  const api = await start(['serve', '--port', String(port), '--config', configFile], { ...env, MONGO_URL: db.match[1] }, /api: listening on (\S+)/);
  const url = api.match[1]!;
  console.log(`API at ${url}; ${mongoLine.replace(/^mongo: /, 'MongoDB: ').slice(0, 140)}`);
  console.log(`${CONNECTIONS} connections, ${DURATION} s per load run, loopback, ${process.platform} ${process.arch}, Node ${process.version}\n`);

  // an account and a token
  const email = 'bench@example.com';
  const password = 'benchmark password 1';
  await json(`${url}/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  const { token } = await json(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  // 1. push round trip: each push a new version (compile, version, write-through)
  const times: number[] = [];
  for (let i = 0; i < 60; i++) {
    const source = `${RSI.replace('strategy "RSI pullback', `strategy "RSI pullback ${i % 4}`)}\n// push ${i}\n`;
    const t0 = performance.now();
    await json(`${url}/strategies/push`, { method: 'POST', headers: auth, body: JSON.stringify({ source }) });
    if (i >= 10) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(`push round trip (HTTP, new version each)      mean ${(times.reduce((a, b) => a + b, 0) / times.length).toFixed(1)} ms  p50 ${pct(times, 50).toFixed(1)} ms  p99 ${pct(times, 99).toFixed(1)} ms  (${times.length} pushes of a ${RSI.length}-byte strategy)`);
  spawnSync(process.execPath, [ALGO, 'login', '--server', url, '--email', email, '--password-stdin'], { env, input: `${password}\n` });
  const cli: number[] = [];
  for (let i = 0; i < 5; i++) {
    const file = join(tmp, `push-${i}.algo`);
    writeFileSync(file, TCS.replace('qty 10', `qty ${10 + i}`));
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [ALGO, 'push', file], { env, encoding: 'utf8' });
    cli.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`algo push: ${r.stderr}`);
  }
  cli.sort((a, b) => a - b);
  console.log(`algo push as a process (start-up + check + HTTP) median ${pct(cli, 50).toFixed(0)} ms over ${cli.length} runs\n`);

  // 2. GET /strategies (the user has 5 strategies)
  await load('GET /strategies', { url: `${url}/strategies`, headers: auth });

  // 3. POST /backtests (a stored strategy, one week of synthetic 1m bars each)
  const sid = (await json(`${url}/strategies`, { headers: auth })).strategies.find((s: { name: string }) => s.name === 'TCS timed').id;
  const body = JSON.stringify({ strategy_id: sid, data: ['synth'], from: '2024-01-01', to: '2024-01-07' });
  const posted = await load('POST /backtests (202 = accepted and queued)', { url: `${url}/backtests`, method: 'POST', headers: auth, body });

  // 4. the API while the worker churns through the queue
  await load('GET /strategies while backtests run', { url: `${url}/strategies`, headers: auth, duration: Math.max(3, Math.round(DURATION / 2)) });
  const metrics = await (await fetch(`${url}/metrics`, { headers: auth })).text();
  const gauge = (re: RegExp) => Number(metrics.match(re)?.[1] ?? 0);
  console.log(
    `\nbacktests: ${posted.requests.total} accepted; by the end the worker process had completed ${gauge(/algo_backtests_finished_total\{status="COMPLETED"\} (\d+)/)} (one week of 1m bars each), ${gauge(/algo_backtests_in_progress\{state="queued"\} (\d+)/)} still queued`,
  );
}

main()
  .catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const c of children.reverse()) {
      if (c.exitCode !== null) continue;
      c.kill('SIGTERM');
      await new Promise((r) => {
        const t = setTimeout(() => {
          c.kill('SIGKILL');
          r(undefined);
        }, 15_000);
        c.once('exit', () => {
          clearTimeout(t);
          r(undefined);
        });
      });
    }
    rmSync(tmp, { recursive: true, force: true });
  });
