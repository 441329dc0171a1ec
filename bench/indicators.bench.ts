// Indicator and market-data throughput: per-indicator updates per second over 1,000,000
// one-minute bars, then the synthetic generator, the CSV reader (rows/s, two layouts) and
// resampling, with the reader's memory at two file sizes to show it stays flat.
//
//   npm run bench -- indicators
import { INDICATORS } from '@algo/language';
import { collectCandles, createIndicator, readCsvCandles, resample, synthCandles, writeCandlesCsv, fromCandles, type Candle } from '@algo/runtime';
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// `--read <file>`: the child process that measures the reader's memory on its own.
const readArg = process.argv.indexOf('--read');
if (readArg !== -1) {
  let peak = process.memoryUsage.rss();
  let heap = 0;
  let rows = 0;
  let batches = 0;
  for await (const batch of readCsvCandles(process.argv[readArg + 1]!)) {
    rows += batch.length;
    peak = Math.max(peak, process.memoryUsage.rss());
    if (++batches % 8 === 0) {
      globalThis.gc?.();
      heap = Math.max(heap, process.memoryUsage().heapUsed);
    }
  }
  console.log(JSON.stringify({ rows, peak, heap }));
  process.exit(0);
}

const BARS = 1_000_000;
const fmt = (n: number): string => (n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : `${(n / 1e3).toFixed(0)}k`);

/** Wall time of `fn` in ms, best of `runs` (the first run also warms the JIT). */
function best(runs: number, fn: () => void): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

async function timeAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await fn();
  return [value, performance.now() - t0];
}

// --- data: 1M one-minute bars from the synthetic generator -------------------------------
const days = Math.ceil(BARS / 375);
const to = new Date(Date.UTC(2010, 0, 4) + Math.ceil((days * 7) / 5 + 3) * 86_400_000).toISOString().slice(0, 10);
const [generated, synthMs] = await timeAsync(() => collectCandles(synthCandles({ symbol: 'NSE_EQ|BENCH', from: '2010-01-04', to, seed: 1 })));
const bars: Candle[] = generated.slice(0, BARS);
console.log(`synthetic generator: ${fmt(generated.length)} bars in ${synthMs.toFixed(0)} ms = ${fmt((generated.length / synthMs) * 1000)} bars/s`);

// --- indicators --------------------------------------------------------------------------
const closes = Float64Array.from(bars, (b) => b.c);
const opens = Float64Array.from(bars, (b) => b.o);
const baseline = best(3, () => {
  let s = 0;
  for (let i = 0; i < bars.length; i++) s += bars[i]!.c + closes[i]! + opens[i]!;
  if (s === 42) console.log('');
});
console.log(`\nindicators over ${fmt(bars.length)} bars (best of 3; loop without an indicator: ${baseline.toFixed(1)} ms)`);
console.log('indicator                       updates/s    ns/update');
const rows: [string, number][] = [];
for (const entry of INDICATORS.filter((e) => e.category === 'indicator')) {
  // Catalogue defaults (14 for a length without one), then every length at 200.
  const at = (length?: number) => entry.params.map((p) => (p.kind === 'length' ? (length ?? (p.default as number | undefined) ?? 14) : p.kind === 'number' ? (p.default as number) : undefined));
  const variants = entry.params.some((p) => p.kind === 'length') ? [at(), at(200)] : [at()];
  for (const args of variants) {
    const label = `${entry.name}(${args.map((a) => a ?? 'src').join(', ')})`;
    const ms = best(3, () => {
      const ind = createIndicator(entry.name, args);
      for (let i = 0; i < bars.length; i++) ind.update(bars[i]!, closes[i]!, opens[i]!);
    });
    rows.push([label, ms]);
    console.log(`${label.padEnd(30)} ${fmt((bars.length / ms) * 1000).padStart(9)} ${((ms * 1e6) / bars.length).toFixed(1).padStart(12)}`);
  }
}
const slowest = rows.reduce((a, b) => (b[1] > a[1] ? b : a));
console.log(`slowest: ${slowest[0]} at ${fmt((bars.length / slowest[1]) * 1000)} updates/s`);

// --- CSV reading ---------------------------------------------------------------------------
const dir = mkdtempSync(join(tmpdir(), 'algo-bench-'));
async function writeDateTimeFile(path: string, candles: readonly Candle[]): Promise<void> {
  const out = createWriteStream(path);
  out.write('Date,Open,High,Low,Close,Volume,OpenInterest\n'); // the header that lies: rows have 8 columns
  for (let i = 0; i < candles.length; i += 10_000) {
    let text = '';
    for (const c of candles.slice(i, i + 10_000)) {
      const iso = new Date(c.t + 19_800_000).toISOString();
      text += `${iso.slice(0, 10)},${iso.slice(11, 19)},${c.o},${c.h},${c.l},${c.c},${c.v},0\n`;
    }
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function readFile(path: string): Promise<{ rows: number; ms: number }> {
  const t0 = performance.now();
  let rows = 0;
  for await (const batch of readCsvCandles(path)) rows += batch.length;
  return { rows, ms: performance.now() - t0 };
}

console.log('\nCSV reader');
const isoPath = join(dir, 'iso.csv');
const dtPath = join(dir, 'date-time.csv');
await writeCandlesCsv(fromCandles(bars), isoPath);
await writeDateTimeFile(dtPath, bars);
const small = join(dir, 'small.csv');
await writeDateTimeFile(small, bars.slice(0, BARS / 4));
for (const [label, path] of [
  ['ISO datetime+offset (algo data synth)', isoPath],
  ['Date,Time,… with a lying header', dtPath],
] as const) {
  await readFile(path); // warm up
  const r = await readFile(path);
  const mb = statSync(path).size / 1e6;
  console.log(`${label.padEnd(40)} ${fmt(r.rows)} rows, ${mb.toFixed(0)} MB in ${r.ms.toFixed(0)} ms = ${fmt((r.rows / r.ms) * 1000)} rows/s, ${(mb / (r.ms / 1000)).toFixed(0)} MB/s`);
}
/** Peak RSS, and peak live heap after GC, of a fresh process that reads `path` to the end. */
function childPeak(path: string): { rows: number; peak: number; heap: number } {
  const r = spawnSync(process.execPath, ['--expose-gc', ...process.execArgv, fileURLToPath(import.meta.url), '--read', path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { rows: number; peak: number; heap: number };
}
const quarter = childPeak(small);
const full = childPeak(dtPath);
const megabytes = (n: number): string => `${(n / 1e6).toFixed(0)} MB`;
console.log(`memory reading ${fmt(quarter.rows)} rows → ${fmt(full.rows)} rows (fresh process each):`);
console.log(
  `  live heap after GC ${megabytes(quarter.heap)} → ${megabytes(full.heap)} (×${(full.heap / quarter.heap).toFixed(2)}); ` +
    `peak RSS ${megabytes(quarter.peak)} → ${megabytes(full.peak)} (×${(full.peak / quarter.peak).toFixed(2)})`,
);

// --- resampling ------------------------------------------------------------------------
const [resampled, resampleMs] = await timeAsync(async () => {
  let n = 0;
  for await (const batch of resample(readCsvCandles(isoPath), { from: '1m', to: '15m' })) n += batch.length;
  return n;
});
console.log(`\nread + resample 1m → 15m: ${fmt(full.rows)} bars → ${fmt(resampled)} in ${resampleMs.toFixed(0)} ms`);
rmSync(dir, { recursive: true, force: true });
