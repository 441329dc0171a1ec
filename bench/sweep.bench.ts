// Parameter sweep throughput with the built packages (`npm run build` first): one grid run
// with one worker thread and with one per core, in the same process, and the speed-up
// between them (bounded by the cores the machine gives us — it is shared). Also checks
// that both runs rank the grid the same (the order must not depend on the workers). Prints
// the load average too: on a busy machine the speed-up says more about the neighbours.
//
//   node --import tsx bench/sweep.bench.ts [--days N]
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { compile } from '@algo/compiler';
import { runSweep, sweepGrid, type RunSpec } from '@algo/runtime';

const at = process.argv.indexOf('--days');
const days = at > 0 ? Number(process.argv[at + 1]) : 60;
const SOURCE = `strategy "Bench sweep" {
  asset stocks
  symbols "NSE_EQ|TCS"
  timeframe 1m
  param fast = 9 in 5..20 step 5
  param slow = 30 in 20..50 step 10
  param rsi_max = 70 in 60..80 step 10
  entry long when ema(close, fast) crosses above sma(close, slow) and rsi(close, 14) < rsi_max { qty 10  stop_loss 1%  take_profit 2R }
  exit when ema(close, fast) crosses below sma(close, slow)
}`;
const to = new Date(Date.UTC(2024, 0, 1) + days * 1.4 * 86_400_000).toISOString().slice(0, 10);
const base: RunSpec = { file: 'bench.algo', source: SOURCE, params: {}, data: ['synth'], from: '2024-01-01', to, seed: 1 };
const graph = compile(SOURCE).graph!;
const { grid } = sweepGrid({ params: graph.params, strategy: graph.settings.name, fixed: {}, maxRuns: 10_000 });
if (!grid) throw new Error('no grid');

async function timed(workers: number) {
  const t0 = performance.now();
  const out = await runSweep(base, grid!, { rankBy: 'net_profit', workers });
  if (!out.rows) throw new Error(out.fatal);
  return { seconds: (performance.now() - t0) / 1000, rows: out.rows, workers: out.workers };
}

const cores = availableParallelism();
const one = await timed(1);
const all = await timed(cores);
const same = JSON.stringify(one.rows) === JSON.stringify(all.rows);
console.log(`grid: ${grid.size} runs (${grid.axes.map((a) => `${a.name} ${a.values.length}`).join(' × ')}), 1m bars ${base.from} .. ${to} (~${days} sessions each)`);
console.log(`1 worker:   ${one.seconds.toFixed(2)} s  (${(grid.size / one.seconds).toFixed(1)} runs/s)`);
console.log(`${all.workers} workers:  ${all.seconds.toFixed(2)} s  (${(grid.size / all.seconds).toFixed(1)} runs/s)`);
console.log(`speed-up ${(one.seconds / all.seconds).toFixed(2)}× on ${cores} cores (load average ${loadavg()[0]!.toFixed(1)}); same ranking: ${same ? 'yes' : 'NO'}`);
if (!same) process.exitCode = 1;
