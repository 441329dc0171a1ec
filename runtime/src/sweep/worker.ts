import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { runBacktest } from '../backtest/run.js';
import { DataError } from '../data/candle-source.js';
import { figuresOf, type SweepFigures } from './rank.js';
import { prepareRun, RunSpecSchema } from './run-spec.js';

/**
 * A sweep worker thread: given the base run (`workerData.base`, a `RunSpec`), it answers
 * each `{ id, params }` message with one backtest of those params — compiled, data opened and
 * run exactly as `algo backtest --param …` would — posting back the summary figures and the
 * fingerprint, the compile errors of a combination the strategy refuses, or, for bad data
 * (which every combination would hit) and bugs, a fatal message that stops the sweep.
 */

const JobSchema = z.strictObject({ id: z.int(), params: z.record(z.string(), z.union([z.number(), z.boolean()])) });

/** What a worker posts back for one job. */
export type WorkerReply =
  | { id: number; figures: SweepFigures; fingerprint: string }
  | { id: number; errors: string[] }
  | { id: number; fatal: string };

const base = RunSpecSchema.parse((workerData as { base: unknown }).base);
const port = parentPort!;

port.on('message', (message: unknown) => {
  void answer(message).then((reply) => port.postMessage(reply));
});

async function answer(message: unknown): Promise<WorkerReply> {
  const job = JobSchema.parse(message);
  try {
    const prepared = await prepareRun({ ...base, params: { ...base.params, ...job.params } });
    // A combination the compiler refuses is that row's error; anything else (the data) fails every combination alike.
    if (!prepared.run) return prepared.diagnostics ? { id: job.id, errors: prepared.errors } : { id: job.id, fatal: prepared.errors.join('; ') };
    const { run } = prepared;
    const outcome = await runBacktest(run.graph, run.opened.data, run.options);
    if (!outcome.result) return { id: job.id, errors: outcome.errors };
    return { id: job.id, figures: figuresOf(outcome.result.summary), fingerprint: outcome.result.run_parameters.fingerprint };
  } catch (e) {
    if (e instanceof DataError) return { id: job.id, fatal: e.message };
    return { id: job.id, fatal: `bug in a sweep worker: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` };
  }
}
