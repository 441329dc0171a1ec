import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Running the BUILT `algo` CLI (`node cli/bin/algo.js`) as real processes, for end-to-end
 * tests. `npm test` builds first; run `npx tsc -b` before running these alone.
 */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const ALGO_BIN = resolve(repoRoot, 'cli/bin/algo.js');

export function assertBuilt(): void {
  if (!existsSync(resolve(repoRoot, 'cli/dist/main.js')) || !existsSync(resolve(repoRoot, 'api/dist/index.js'))) {
    throw new Error('the CLI is not built: run `npx tsc -b` (npm test does) before the end-to-end tests');
  }
}

export function startAlgo(args: string[], env: NodeJS.ProcessEnv): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [ALGO_BIN, ...args], { cwd: repoRoot, env });
}

export interface AlgoRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `algo args…` to completion, with `input` on stdin. */
export function runAlgo(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<AlgoRun> {
  const child = startAlgo(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  child.stdin.end(input ?? '');
  return new Promise((r) => child.on('close', (code) => r({ code, stdout, stderr })));
}

/** Waits until `read()` matches `pattern` or the deadline passes. */
export async function waitFor(read: () => string, pattern: RegExp, deadlineMs = 60_000): Promise<RegExpMatchArray> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const m = read().match(pattern);
    if (m) return m;
    if (Date.now() > end) throw new Error(`timed out waiting for ${pattern}; got:\n${read()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}
