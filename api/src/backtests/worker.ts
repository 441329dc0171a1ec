import { openStorage, type HistoricalCandlesRepository, type Storage } from '@algo/runtime';
import { executeBacktest } from './execute.js';
import { ParentMessageSchema, type BacktestJob, type WorkerMessage } from './job.js';

/**
 * The backtest worker process (`child_process.fork` of this file): runs one job at a
 * time, sent by the API over IPC, and answers with progress, then `done` or `failed`.
 * A separate process so a long backtest never stalls the API's event loop; the API kills
 * and replaces a worker that overruns its time limit or dies.
 */

let storage: Storage | undefined;

async function candlesFor(job: BacktestJob): Promise<HistoricalCandlesRepository> {
  if (!job.mongo) throw new Error('no MongoDB configured for this worker');
  if (!storage) {
    const opened = await openStorage({ url: job.mongo.url, dbName: job.mongo.dbName, ensureIndexes: false });
    if (!opened.ok) throw new Error(opened.message);
    storage = opened.value;
  }
  return storage.historicalCandles;
}

function send(m: WorkerMessage): void {
  process.send?.(m);
}

async function run(job: BacktestJob): Promise<void> {
  let last = 0;
  const onProgress = (progress: number, bars: number): void => {
    const now = Date.now();
    if (now - last < 200) return;
    last = now;
    send({ type: 'progress', run_id: job.run_id, progress, bars });
  };
  try {
    const r = await executeBacktest(job, onProgress, job.mongo ? () => candlesFor(job) : undefined);
    if (r.result) send({ type: 'done', run_id: job.run_id, result: r.result });
    else send({ type: 'failed', run_id: job.run_id, error: r.error });
  } catch (err) {
    send({ type: 'failed', run_id: job.run_id, error: `internal error in the backtester: ${err instanceof Error ? err.message : String(err)}` });
  }
}

process.on('message', (raw: unknown) => {
  const m = ParentMessageSchema.safeParse(raw);
  if (!m.success) return;
  void run(m.data.job);
});

process.on('disconnect', () => {
  void storage?.close().finally(() => process.exit(0));
  if (!storage) process.exit(0);
});

send({ type: 'ready' });
