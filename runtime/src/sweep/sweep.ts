import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { combination, type SweepGrid } from './grid.js';
import { rankRows, type RankMetric, type SweepRow } from './rank.js';
import type { RunSpec } from './run-spec.js';
import type { WorkerReply } from './worker.js';

/** How a sweep runs. */
export interface SweepOptions {
  readonly rankBy: RankMetric;
  /** worker threads (default: one per core, never more than combinations) */
  readonly workers?: number;
  /** called after each finished run */
  readonly onProgress?: (done: number, total: number) => void;
}

/** A finished sweep: every combination ranked best first (failed ones last), or the one reason it stopped. */
export type SweepOutcome =
  | { rows: SweepRow[]; workers: number; fatal?: undefined }
  | { rows?: undefined; workers: number; fatal: string };

/** Where the worker script is: the compiled `.js` beside this file, or the `.ts` source run through tsx (tests, `tsx` users). */
function workerScript(): { url: URL; execArgv?: string[] } {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { url: new URL('./worker.js', here) };
  let tsx = 'tsx';
  try {
    tsx = import.meta.resolve('tsx');
  } catch {
    // keep the bare name: Node resolves it from the working folder
  }
  return { url: new URL('./worker.ts', here), execArgv: ['--conditions=@algo/source', '--import', tsx] };
}

/**
 * Runs every combination of `grid` on `base` (its `--param`s fixed) in worker threads —
 * each worker takes the next combination as soon as it finishes one — and ranks the rows
 * by `rankBy`. Each row is what `algo backtest --param …` gives for its params (same
 * figures, same fingerprint). A combination the compiler refuses becomes a row with its
 * error; bad data or a bug stops every worker and comes back as `fatal`.
 */
export async function runSweep(base: RunSpec, grid: SweepGrid, o: SweepOptions): Promise<SweepOutcome> {
  const count = Math.max(1, Math.min(o.workers ?? availableParallelism(), grid.size));
  const script = workerScript();
  const rows: SweepRow[] = new Array(grid.size);
  let next = 0;
  let done = 0;
  const workers: Worker[] = [];
  const outcome = await new Promise<SweepOutcome>((resolve) => {
    let settled = false;
    const finish = (r: SweepOutcome) => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    const feed = (w: Worker) => {
      if (next >= grid.size) return;
      const id = next++;
      w.postMessage({ id, params: combination(grid, id) });
    };
    for (let k = 0; k < count; k++) {
      const w = new Worker(script.url, { workerData: { base }, ...(script.execArgv ? { execArgv: script.execArgv } : {}) });
      workers.push(w);
      w.on('message', (reply: WorkerReply) => {
        if ('fatal' in reply) return finish({ fatal: reply.fatal, workers: count });
        const params = combination(grid, reply.id);
        rows[reply.id] = 'errors' in reply ? { params, error: reply.errors.join('\n') } : { params, figures: reply.figures, fingerprint: reply.fingerprint };
        done++;
        o.onProgress?.(done, grid.size);
        if (done === grid.size) finish({ rows, workers: count });
        else feed(w);
      });
      w.on('error', (e) => finish({ fatal: `a sweep worker failed: ${e.message}`, workers: count }));
      w.on('exit', (code) => {
        if (code !== 0) finish({ fatal: `a sweep worker exited with code ${code}`, workers: count });
      });
      feed(w);
    }
  });
  await Promise.all(workers.map((w) => w.terminate()));
  if (!outcome.rows) return outcome;
  return { rows: rankRows(outcome.rows, o.rankBy, grid.axes.map((a) => a.name)), workers: count };
}
