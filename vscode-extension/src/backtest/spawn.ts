import { fork } from 'node:child_process';
import type { BacktestRequest } from './request.js';
import type { BacktestReply } from './run-local.js';
import type { WorkerMessage } from './worker.js';

/** How to start the worker: the bundled `dist/backtest.mjs`, or (in tests) the TypeScript source under tsx. */
export interface WorkerCommand {
  readonly modulePath: string;
  readonly execArgv?: readonly string[];
  readonly cwd?: string;
}

/**
 * Runs one backtest in a fresh worker process and resolves to its reply. Aborting the
 * signal ends the process and resolves to a "cancelled" reply; a worker that dies without
 * answering resolves to a message naming its exit code. Never rejects.
 */
export function runInWorker(cmd: WorkerCommand, request: BacktestRequest, onProgress: (fraction: number, bars: number) => void, signal?: AbortSignal): Promise<BacktestReply> {
  return new Promise((resolve) => {
    const child = fork(cmd.modulePath, [], { execArgv: [...(cmd.execArgv ?? [])], ...(cmd.cwd ? { cwd: cmd.cwd } : {}), stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    let settled = false;
    const finish = (reply: BacktestReply): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', abort);
      resolve(reply);
    };
    const abort = (): void => {
      child.kill();
      finish({ ok: false, message: 'the backtest was cancelled' });
    };
    if (signal?.aborted) return abort();
    signal?.addEventListener('abort', abort);
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2_000)));
    child.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') onProgress(m.fraction, m.bars);
      else if (m.type === 'done') finish(m.reply);
    });
    child.on('error', (err) => finish({ ok: false, message: `could not start the backtest worker: ${err.message}` }));
    child.on('exit', (code) => finish({ ok: false, message: `the backtest worker stopped (exit code ${code}) before it finished${stderr ? `: ${stderr.trim().split('\n').slice(-3).join(' ')}` : ''}` }));
    child.send(request);
  });
}
