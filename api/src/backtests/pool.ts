import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { WorkerMessageSchema, type BacktestJob, type WorkerMessage } from './job.js';

/** How a job ended. */
export type PoolOutcome = { ok: true; result: Record<string, unknown> } | { ok: false; error: string };

interface Pending {
  readonly job: BacktestJob;
  readonly onProgress: (progress: number, bars: number) => void;
  readonly resolve: (o: PoolOutcome) => void;
}

interface Slot {
  child?: ChildProcess;
  busy?: Pending;
  timer?: NodeJS.Timeout;
}

export interface PoolOptions {
  readonly size: number;
  readonly timeoutMs: number;
  readonly log: Logger;
  /** the worker entry; default: worker.js beside this file (worker.ts under tsx) */
  readonly script?: string;
}

const here = fileURLToPath(import.meta.url);
const fromSource = here.endsWith('.ts');

/**
 * A fixed number of long-lived worker processes running backtests one job each, fed from
 * a FIFO queue. A worker that dies or overruns `timeoutMs` is killed, its job fails with a
 * message saying why, and a fresh worker takes its place on the next job. `close()` kills
 * the workers and fails whatever was queued or running.
 */
export class WorkerPool {
  private readonly queue: Pending[] = [];
  private readonly slots: Slot[];
  private closed = false;

  constructor(private readonly o: PoolOptions) {
    this.slots = Array.from({ length: o.size }, () => ({}));
  }

  get queued(): number {
    return this.queue.length;
  }

  get running(): number {
    return this.slots.filter((s) => s.busy).length;
  }

  /** How many jobs wait ahead of `runId` (0: it runs next), or undefined when it is not waiting. */
  position(runId: string): number | undefined {
    const i = this.queue.findIndex((p) => p.job.run_id === runId);
    return i < 0 ? undefined : i;
  }

  /** Queues a job; resolves when it finishes (never rejects). */
  run(job: BacktestJob, onProgress: (progress: number, bars: number) => void): Promise<PoolOutcome> {
    if (this.closed) return Promise.resolve({ ok: false, error: 'the server is shutting down' });
    return new Promise((resolve) => {
      this.queue.push({ job, onProgress, resolve });
      this.pump();
    });
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.busy) continue;
      this.start(slot, this.queue.shift()!);
    }
  }

  private spawn(slot: Slot): ChildProcess {
    const script = this.o.script ?? fileURLToPath(new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url));
    const execArgv = fromSource ? ['--conditions=@algo/source', '--import', 'tsx'] : [];
    const child = fork(script, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (raw: unknown) => {
      const m = WorkerMessageSchema.safeParse(raw);
      if (m.success) this.onMessage(slot, m.data);
      else this.o.log.warn({ issue: m.error.issues[0]?.message }, 'backtest worker sent a malformed message');
    });
    child.on('exit', (code, signal) => {
      if (slot.child !== child) return;
      slot.child = undefined;
      if (slot.busy) this.finish(slot, { ok: false, error: `the backtest worker stopped unexpectedly (${signal ?? `exit code ${code}`})` });
    });
    child.on('error', (err) => this.o.log.error({ err }, 'backtest worker error'));
    slot.child = child;
    return child;
  }

  private start(slot: Slot, p: Pending): void {
    slot.busy = p;
    const child = slot.child ?? this.spawn(slot);
    slot.timer = setTimeout(() => {
      this.o.log.warn({ run_id: p.job.run_id, timeout_ms: this.o.timeoutMs }, 'backtest overran its time limit; killing its worker');
      this.kill(slot);
      this.finish(slot, { ok: false, error: `the backtest took longer than ${Math.round(this.o.timeoutMs / 1000)} s and was stopped` });
    }, this.o.timeoutMs);
    child.send({ type: 'run', job: p.job });
  }

  private onMessage(slot: Slot, m: WorkerMessage): void {
    const p = slot.busy;
    if (m.type === 'ready' || !p || m.run_id !== p.job.run_id) return;
    if (m.type === 'progress') p.onProgress(m.progress, m.bars);
    else if (m.type === 'done') this.finish(slot, { ok: true, result: m.result });
    else this.finish(slot, { ok: false, error: m.error });
  }

  private finish(slot: Slot, outcome: PoolOutcome): void {
    const p = slot.busy;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.busy = undefined;
    p?.resolve(outcome);
    if (!this.closed) this.pump();
  }

  private kill(slot: Slot): void {
    const c = slot.child;
    slot.child = undefined;
    c?.kill('SIGKILL');
  }

  /** Fails queued and running jobs and stops every worker. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.resolve({ ok: false, error: 'the server shut down before this backtest ran' });
    const exits: Array<Promise<void>> = [];
    for (const slot of this.slots) {
      if (slot.busy) this.finish(slot, { ok: false, error: 'the server shut down while this backtest ran' });
      const c = slot.child;
      if (c && c.exitCode === null && c.signalCode === null) exits.push(new Promise<void>((r) => c.once('exit', () => r())));
      this.kill(slot);
    }
    await Promise.all(exits);
  }
}
