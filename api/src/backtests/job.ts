import { z } from 'zod';

/**
 * What the API hands a backtest worker process, and what comes back, over the IPC channel
 * of `child_process.fork`. Both sides validate with these schemas: a worker never trusts
 * its input, the parent never trusts a worker's output.
 */

export const DATA_SPEC = /^(synth|mongo)(:[^\s]{1,80})?$/;

export const BacktestJobSchema = z.object({
  run_id: z.string(),
  /** the rule graph to run (validated again by the worker with the compiler's schema) */
  graph: z.record(z.string(), z.unknown()),
  source: z.string().optional(),
  /** `synth`, `synth:SYMBOL`, `mongo`, `mongo:SYMBOL` (files on the server are never read for a client) */
  data: z.array(z.string().regex(DATA_SPEC)).min(1),
  from: z.string().optional(),
  to: z.string().optional(),
  seed: z.int().optional(),
  /** where `mongo` data is read from */
  mongo: z.object({ url: z.string(), dbName: z.string() }).optional(),
});
export type BacktestJob = z.infer<typeof BacktestJobSchema>;

export const ParentMessageSchema = z.discriminatedUnion('type', [z.object({ type: z.literal('run'), job: BacktestJobSchema })]);

export const WorkerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('progress'), run_id: z.string(), progress: z.number().min(0).max(1), bars: z.int().nonnegative() }),
  /** the backtester's result object (`BacktestResultSchema`), checked again by storage on write */
  z.object({ type: z.literal('done'), run_id: z.string(), result: z.record(z.string(), z.unknown()) }),
  /** an expected failure (no data, bad range): the message is for the user */
  z.object({ type: z.literal('failed'), run_id: z.string(), error: z.string() }),
]);
export type WorkerMessage = z.infer<typeof WorkerMessageSchema>;
