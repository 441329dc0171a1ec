import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Runs the `algo` CLI as a real process from its TypeScript sources (tsx, with workspace
 * packages resolved to their sources), so these tests need no build.
 */
const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '../../..');
const mainUrl = pathToFileURL(resolve(repoRoot, 'cli/src/main.ts')).href;
const ENTRY = `import(${JSON.stringify(mainUrl)}).then(async (m) => { process.exitCode = await m.main(['node', 'algo', ...process.argv.slice(1)]); })`;

export function startAlgo(args: string[], env: NodeJS.ProcessEnv): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--conditions=@algo/source', '--import', 'tsx', '-e', ENTRY, ...args], { cwd: repoRoot, env });
}

export interface AlgoRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `algo args…` to completion. */
export function runAlgo(args: string[], env: NodeJS.ProcessEnv): Promise<AlgoRun> {
  const child = startAlgo(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  return new Promise((r) => child.on('close', (code) => r({ code, stdout, stderr })));
}

/** Waits until `read()` matches `pattern` (or the deadline passes) and returns the match. */
export async function waitFor(read: () => string, pattern: RegExp, deadlineMs = 30_000): Promise<RegExpMatchArray> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const m = read().match(pattern);
    if (m) return m;
    if (Date.now() > end) throw new Error(`timed out waiting for ${pattern}; got: ${read()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}
