import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { freePort } from '../storage/free-port.js';
import { failure, success } from '../storage/outcome.js';
import type { Outcome } from '../storage/outcome.js';
import { probeRedis } from './probe.js';

/**
 * A `redis-server` child process on 127.0.0.1. It runs under a tiny `sh` watchdog that
 * holds our end of a pipe: when this process exits — normally, by a signal, or killed —
 * the pipe closes and the watchdog stops the server, so no Redis outlives its owner.
 *
 * Persistent servers (`algo serve`) use seed 004's settings: AOF on with fsync every
 * second, `volatile-lru` eviction, in `<dataDir>`. Throwaway ones (tests) keep nothing.
 */

export interface RedisServerProcess {
  readonly url: string;
  readonly port: number;
  readonly binary: string;
  stop(): Promise<void>;
}

export interface SpawnRedisOptions {
  /** Where AOF files go; omit for a throwaway server with no persistence. */
  dataDir?: string;
  port?: number;
  /** How long to wait for PING to answer. Default 10 s. */
  readyTimeoutMs?: number;
}

/** `redis-server` on PATH (of `env`), if any. */
export function findRedisServer(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'redis-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

// Starts redis-server in the background, then blocks reading stdin; EOF (our end closed)
// or a signal stops the server and waits for it.
const WATCHDOG = 'bin="$1"; shift; "$bin" "$@" & pid=$!; trap \'kill $pid 2>/dev/null; wait $pid; exit 0\' INT TERM; read _ || true; kill $pid 2>/dev/null; wait $pid';

function serverArgs(port: number, dataDir: string | undefined): string[] {
  const common = ['--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'yes', '--daemonize', 'no', '--loglevel', 'warning', '--logfile', '', '--save', ''];
  if (!dataDir) return [...common, '--appendonly', 'no'];
  return [...common, '--dir', dataDir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory', '2gb', '--maxmemory-policy', 'volatile-lru'];
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

async function startOnce(binary: string, port: number, opts: SpawnRedisOptions): Promise<Outcome<RedisServerProcess>> {
  const child = spawn('/bin/sh', ['-c', WATCHDOG, 'sh', binary, ...serverArgs(port, opts.dataDir)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  const keep = (b: Buffer): void => {
    output = (output + b.toString('utf8')).slice(-2000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 10_000);
  let dead = false;
  void exited(child).then(() => (dead = true));
  while (!dead && Date.now() < deadline) {
    const p = await probeRedis(url, { timeoutMs: 500 });
    if (p.ok) {
      // Let this process exit without stopping us first: the watchdog cleans up then.
      child.unref();
      (child.stdin as unknown as { unref?: () => void }).unref?.();
      (child.stdout as unknown as { unref?: () => void }).unref?.();
      (child.stderr as unknown as { unref?: () => void }).unref?.();
      return success({
        url,
        port,
        binary,
        stop: async () => {
          child.stdin!.end();
          await exited(child);
        },
      });
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  child.stdin!.end();
  await exited(child);
  const why = output.trim().split('\n').filter(Boolean).pop() ?? (dead ? 'it exited' : 'no answer to PING');
  return failure('STORAGE_UNAVAILABLE', `${binary} on port ${port} did not start: ${why}`);
}

/** Spawns a redis-server; a port taken in the meantime is retried with another (unless `port` was given). */
export async function spawnRedisServer(binary: string, opts: SpawnRedisOptions = {}): Promise<Outcome<RedisServerProcess>> {
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  let last: Outcome<RedisServerProcess> = failure('STORAGE_UNAVAILABLE', 'not tried');
  for (let attempt = 0; attempt < (opts.port ? 1 : 3); attempt++) {
    last = await startOnce(binary, opts.port ?? (await freePort()), opts);
    if (last.ok) return last;
  }
  return last;
}
