// Compile throughput: a generated 10,000-line strategy compiled with the built packages
// (`npm run build` first). Goal: ≥ 50,000 lines/s. Prints the median of several runs, and
// where the time goes: the language's analysis (parse + check) versus the lowering.
//
//   node --import tsx bench/compile.bench.ts
import { performance } from 'node:perf_hooks';
import { compile, compileAnalysis, serializeGraph } from '@algo/compiler';
import { analyze, parse } from '@algo/language';

const GOAL_LINES_PER_S = 50_000;
const TARGET_LINES = 10_000;
const RUNS = 15;

/**
 * A strategy of about `lines` lines that checks clean: params, chains of lets (ten deep at
 * most, as real files have; mostly distinct, so the graph is large), and entry/exit pairs
 * that use them, with some indicators shared.
 */
export function generateStrategy(lines: number): string {
  const out: string[] = [
    'strategy "Generated" {',
    '  asset stocks',
    '  symbols "NSE_EQ|RELIANCE", "NSE_EQ|TCS", "NSE_EQ|INFY"',
    '  timeframe 5m',
    '  max_positions 3',
    '  default stop_loss 2%',
  ];
  const params = 50;
  for (let p = 0; p < params; p++) out.push(`  param p${p} = ${10 + (p % 10)} in 5..60 step 1`);
  const fns = ['ema', 'sma', 'wma', 'rma'];
  let lets = 0;
  let rules = 0;
  while (out.length < lines - 1) {
    // a group of ten lets, each building on the one before
    for (let k = 0; k < 10; k++, lets++) {
      const f = fns[lets % fns.length];
      const len = lets % 3 === 0 ? `p${lets % params}` : String(2 + ((lets * 7) % 97));
      const prev = k === 0 ? 'close' : `l${lets - 1}`;
      out.push(`  let l${lets} = ${f}(close, ${len}) - ${prev} * 0.${1 + (lets % 9)} + (high - low) / ${2 + (lets % 5)}`);
    }
    // an entry block and an exit that use the group
    const a = lets - 1;
    const b = lets - 5;
    out.push(`  entry long "e${rules}" when l${a} > l${b} and close crosses above ema(close, p${rules % params}) and rsi(close, 14) < 70 {`);
    out.push('    qty 10');
    out.push(`    take_profit ${1 + (rules % 4)}R`);
    out.push('  }');
    out.push(`  exit "e${rules}" when l${b} crosses below l${a} or rsi(close, 14) > 80`);
    rules++;
  }
  out.push('}');
  return out.join('\n') + '\n';
}

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Wall-clock milliseconds of `fn`; its CPU milliseconds go to `cpu` (this process, all
 * threads — the garbage collector's helpers included) and `mainCpu` (this thread only).
 */
function time(fn: () => void, cpu?: number[], mainCpu?: number[]): number {
  const c0 = process.cpuUsage();
  const m0 = process.threadCpuUsage();
  const t0 = performance.now();
  fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const m = process.threadCpuUsage(m0);
  cpu?.push((c.user + c.system) / 1000);
  mainCpu?.push((m.user + m.system) / 1000);
  return wall;
}

const source = generateStrategy(TARGET_LINES);
const lineCount = source.split('\n').length - 1;

const first = compile(source);
const errors = first.diagnostics.filter((d) => d.severity === 'error');
if (!first.graph || errors.length) {
  console.error(`the generated strategy does not compile: ${errors.slice(0, 3).map((d) => `${d.range.start.line}:${d.range.start.column} ${d.code} ${d.message}`).join('; ')}`);
  process.exit(1);
}

// warm up the JIT, then measure. Each run times the whole compile, and separately the
// language's analysis and the lowering of that analysis; the figures are the median and
// the best of the runs (on a shared machine the best is the least disturbed), and the CPU
// time of the whole compile, which waiting for a busy CPU does not inflate.
for (let i = 0; i < 3; i++) compile(source);
const compileMs: number[] = [];
const analyzeMs: number[] = [];
const lowerMs: number[] = [];
const parseMs: number[] = [];
const compileCpu: number[] = [];
const compileMainCpu: number[] = [];
for (let i = 0; i < RUNS; i++) {
  compileMs.push(time(() => compile(source), compileCpu, compileMainCpu));
  parseMs.push(time(() => parse(source)));
  let analysis: ReturnType<typeof analyze> | undefined;
  analyzeMs.push(time(() => (analysis = analyze(source))));
  lowerMs.push(time(() => compileAnalysis(source, analysis!)));
}
const serializeMs = median(Array.from({ length: RUNS }, () => time(() => serializeGraph(first.graph!))));

const rate = (ms: number) => Math.round(lineCount / (ms / 1000));
const fmt = (n: number) => n.toLocaleString('en-US');
const row = (name: string, xs: number[]) => {
  const med = median(xs);
  const best = Math.min(...xs);
  return `  ${name.padEnd(38)} median ${med.toFixed(1).padStart(7)} ms (${fmt(rate(med)).padStart(7)} lines/s)   best ${best.toFixed(1).padStart(7)} ms (${fmt(rate(best)).padStart(7)} lines/s)`;
};
const best = Math.min(...compileMs);
console.log(`compile: ${lineCount} lines, ${first.graph.series.length} series, ${first.graph.rules.length} rules, ${RUNS} runs`);
console.log(row('compile (whole)', compileMs));
console.log(row('compile, CPU time (all threads)', compileCpu));
console.log(row('compile, CPU time (main thread)', compileMainCpu));
console.log(row('  analyze: parse + check (language)', analyzeMs));
console.log(row('    of which parse (language)', parseMs));
console.log(row('  lowering (compiler)', lowerMs));
console.log(`  serializeGraph (not part of compile): median ${serializeMs.toFixed(1)} ms`);
console.log(`  goal ≥ ${fmt(GOAL_LINES_PER_S)} lines/s: best run ${(rate(best) / GOAL_LINES_PER_S).toFixed(2)}× the goal; analyze is ${((100 * Math.min(...analyzeMs)) / best).toFixed(0)}% of the best compile`);
if (rate(best) < GOAL_LINES_PER_S) process.exitCode = 1;
