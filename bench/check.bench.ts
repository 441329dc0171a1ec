// Time to check a large strategy, as an editor feels it: `analyze` on a generated
// 2,000-line file, median and p90 of 20 runs (after 3 warm-up runs), and lines/s. Also
// the CPU time per run (on a shared machine wall time includes waiting for a core), the
// parse alone and the formatter, for where the time goes.
// Run: node --import tsx bench/check.bench.ts   (imports the built @algo/language)
import { analyze, format, parse } from '@algo/language';

/** A realistic strategy of about `lines` lines: params, lets, entries, exits, comments. */
export function generateStrategy(lines: number): string {
  const out: string[] = [
    '// generated for the check benchmark',
    'strategy "Generated" {',
    '  asset stocks',
    '  symbols "NSE_EQ|RELIANCE", "NSE_EQ|TCS", "NSE_EQ|INFY"',
    '  timeframe 15m',
    '  max_positions 3',
    '  default stop_loss 2%',
    '',
  ];
  let i = 0;
  while (out.length < lines - 2) {
    const k = i++;
    out.push(`  // block ${k}`);
    out.push(`  param len_${k} = ${10 + (k % 40)} in 5..60 step 5`);
    out.push(`  let fast_${k} = ema(close, len_${k})`);
    out.push(`  let slow_${k} = sma(close, len_${k} * 2) on 1h`);
    out.push(`  let band_${k} = bollinger(close, 20, 2)`);
    out.push(`  let trend_${k} = fast_${k} > slow_${k} and adx(14) > 20 and close > band_${k}.middle`);
    out.push(`  entry long "e${k}" when trend_${k} and rsi(close, 14) crosses above 30 and volume > 1.5 * sma(volume, 20) {`);
    out.push('    size 5% of equity');
    out.push(`    take_profit ${1 + (k % 3)}R`);
    out.push('  }');
    out.push(`  exit "e${k}" when close < band_${k}.lower or position.bars > ${20 + (k % 10)}`);
    out.push('');
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

function stats(samples: number[]): { median: number; p90: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, p90: s[Math.min(s.length - 1, Math.ceil(s.length * 0.9) - 1)]! };
}

/**
 * Wall-clock median and p90 of `n` runs, and the median CPU time (less sensitive to a busy
 * machine): of all threads (the garbage collector's helpers included) and of this one.
 */
function measure(run: () => void, n = 20, warm = 3): { median: number; p90: number; cpu: number; mainCpu: number } {
  for (let i = 0; i < warm; i++) run();
  const samples: number[] = [];
  const cpu: number[] = [];
  const mainCpu: number[] = [];
  for (let i = 0; i < n; i++) {
    const c0 = process.cpuUsage();
    const m0 = process.threadCpuUsage();
    const t0 = performance.now();
    run();
    samples.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    const m = process.threadCpuUsage(m0);
    cpu.push((c.user + c.system) / 1000);
    mainCpu.push((m.user + m.system) / 1000);
  }
  return { ...stats(samples), cpu: stats(cpu).median, mainCpu: stats(mainCpu).median };
}

const text = generateStrategy(2_000);
const lineCount = text.split('\n').length - 1;
const check = analyze(text);
const errors = check.diagnostics.filter((d) => d.severity === 'error');
if (errors.length > 0) {
  console.error(`the generated file has errors: ${errors.slice(0, 3).map((d) => d.message).join('; ')}`);
  process.exit(1);
}
const a = measure(() => analyze(text));
const p = measure(() => parse(text));
const f = measure(() => format(text));
const ms = (x: number): string => `${x.toFixed(1)} ms`;
console.log(`check (analyze) of a ${lineCount}-line file, ${check.tokens.length} tokens, 20 runs:`);
console.log(`  median ${ms(a.median)}   p90 ${ms(a.p90)}   ${Math.round(lineCount / (a.median / 1000)).toLocaleString('en')} lines/s`);
console.log(`  CPU time per run (median): ${ms(a.cpu)} all threads, ${ms(a.mainCpu)} main thread`);
console.log(`  of which parse: median ${ms(p.median)} (${Math.round((p.median / a.median) * 100)}%)`);
console.log(`format: median ${ms(f.median)}   p90 ${ms(f.p90)}`);
