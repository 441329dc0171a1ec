import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/backtests/pool.js';

const script = fileURLToPath(new URL('../fixtures/fake-worker.mjs', import.meta.url));
const log = pino({ level: 'silent' });
const job = (run_id: string, how: string) => ({ run_id, graph: {}, data: [how] });
let pool: WorkerPool | undefined;

afterEach(async () => {
  await pool?.close();
});

describe('WorkerPool', () => {
  it('runs jobs in worker processes, reusing them, with progress', async () => {
    pool = new WorkerPool({ size: 1, timeoutMs: 10_000, log, script });
    const seen: number[] = [];
    const a = await pool.run(job('a', 'synth'), (p) => seen.push(p));
    const b = await pool.run(job('b', 'synth'), () => undefined);
    expect(a).toMatchObject({ ok: true });
    expect(seen).toEqual([0.5]);
    expect(a.ok && b.ok && a.result.pid).toBe(b.ok && b.result.pid);
    expect(a.ok && a.result.pid).not.toBe(process.pid);
  });

  it('fails a job whose worker dies or overruns, and carries on with a fresh worker', async () => {
    pool = new WorkerPool({ size: 1, timeoutMs: 1_500, log, script });
    const crashed = pool.run(job('c', 'synth:crash'), () => undefined);
    const hung = pool.run(job('h', 'synth:hang'), () => undefined);
    const fine = pool.run(job('f', 'synth'), () => undefined);
    expect(pool.queued + pool.running).toBe(3);
    expect([pool.position('c'), pool.position('h'), pool.position('f')]).toEqual([undefined, 0, 1]);
    expect(await crashed).toEqual({ ok: false, error: 'the backtest worker stopped unexpectedly (exit code 3)' });
    expect(await hung).toEqual({ ok: false, error: 'the backtest took longer than 2 s and was stopped' });
    expect(await fine).toMatchObject({ ok: true });
  });

  it('fails queued and running jobs at close', async () => {
    pool = new WorkerPool({ size: 1, timeoutMs: 60_000, log, script });
    const running = pool.run(job('r', 'synth:hang'), () => undefined);
    const queued = pool.run(job('q', 'synth'), () => undefined);
    await new Promise((r) => setTimeout(r, 200));
    await pool.close();
    expect(await running).toEqual({ ok: false, error: 'the server shut down while this backtest ran' });
    expect(await queued).toEqual({ ok: false, error: 'the server shut down before this backtest ran' });
    expect(await pool.run(job('late', 'synth'), () => undefined)).toEqual({ ok: false, error: 'the server is shutting down' });
  });
});
