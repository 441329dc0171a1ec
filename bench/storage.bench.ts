// Storage benchmark: import 1,000,000 one-minute candles into MongoDB `historical_candles`
// (the bucket layout: one document per instrument per day) and read the range back,
// printing candles/s for each. Candles are generated here (a seeded random walk over NSE
// sessions, 375 one-minute bars a day), never read from files.
//
//   npm run bench -- storage                                      # offline stand-in, own process
//   MONGO_URL=mongodb://127.0.0.1:27017 npm run bench -- storage   # a real mongod
//
// Without MONGO_URL it starts `algo db serve` in a child process — the stand-in here, a
// real mongod where one can be had — so server and client each have a core.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openStorage } from '@algo/runtime';
import type { Candle, CandleSource } from '@algo/runtime';

const TOTAL = Number(process.env.BENCH_CANDLES ?? 1_000_000);
const PER_DAY = 375;
const DAY_MS = 86_400_000;
/** 2015-01-05 09:15 IST (a Monday), as UTC epoch ms. */
const FIRST_OPEN = Date.UTC(2015, 0, 5, 3, 45);
const series = { instrument: 'NSE_EQ|BENCH', timeframe: '1m' };

/** Deterministic candles in batches of one trading day, weekdays only. */
function generate(total: number): CandleSource {
  return {
    async *[Symbol.asyncIterator]() {
      let seed = 42;
      const rand = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
      let price = 1000;
      let made = 0;
      for (let day = 0; made < total; day++) {
        const open = FIRST_OPEN + day * DAY_MS;
        const weekday = new Date(open).getUTCDay();
        if (weekday === 0 || weekday === 6) continue;
        const batch: Candle[] = [];
        for (let i = 0; i < PER_DAY && made < total; i++, made++) {
          const o = price;
          const c = Math.max(1, o * (1 + (rand() - 0.5) * 0.004));
          const h = Math.max(o, c) * (1 + rand() * 0.001);
          const l = Math.min(o, c) * (1 - rand() * 0.001);
          batch.push({ t: open + i * 60_000, o, h, l, c, v: Math.floor(rand() * 10_000) });
          price = c;
        }
        yield batch;
      }
    },
  };
}

function rate(n: number, ms: number): string {
  return `${Math.round((n / ms) * 1000).toLocaleString('en-US')} candles/s`;
}

/** MONGO_URL, or `algo db serve` in a child process (stopped with this one). */
async function server(): Promise<{ url: string; kind: string; stop: () => void }> {
  if (process.env.MONGO_URL) return { url: process.env.MONGO_URL, kind: 'MONGO_URL', stop: () => undefined };
  const algo = fileURLToPath(new URL('../cli/bin/algo.js', import.meta.url));
  const child = spawn(process.execPath, [algo, 'db', 'serve'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let said = '';
  child.stderr.on('data', (b: Buffer) => (said += b.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /^MONGO_URL=(\S+)$/m.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', () => reject(new Error(`algo db serve exited: ${said}`)));
  });
  const kind = /stand-in/.test(said) ? 'offline stand-in (algo db serve, separate process)' : 'embedded mongod (algo db serve)';
  return { url, kind, stop: () => void child.kill('SIGINT') };
}

const mongo = await server();
const dbName = `bench_storage_${process.pid}`;
const opened = await openStorage({ url: mongo.url, dbName });
if (!opened.ok) {
  console.error(opened.message);
  process.exit(1);
}
const storage = opened.value;
const repo = storage.historicalCandles;
try {
  console.log(`server: ${mongo.kind}; ${TOTAL.toLocaleString('en-US')} one-minute candles, ${PER_DAY} a day`);

  let t = performance.now();
  const first = await repo.importSource(series, generate(TOTAL));
  const importMs = performance.now() - t;
  console.log(`import      ${first.candles.toLocaleString('en-US')} candles into ${first.buckets} day documents in ${(importMs / 1000).toFixed(2)} s: ${rate(first.candles, importMs)}`);

  t = performance.now();
  const again = await repo.importSource(series, generate(TOTAL));
  const reimportMs = performance.now() - t;
  console.log(`re-import   ${again.replaced.toLocaleString('en-US')} replaced, ${again.inserted} new in ${(reimportMs / 1000).toFixed(2)} s: ${rate(again.candles, reimportMs)}`);

  t = performance.now();
  let n = 0;
  let last = -Infinity;
  for await (const batch of repo.source(series)) {
    for (const c of batch) {
      if (c.t <= last) throw new Error(`out of order at ${c.t}`);
      last = c.t;
    }
    n += batch.length;
  }
  const readMs = performance.now() - t;
  if (n !== TOTAL) throw new Error(`read back ${n} candles, expected ${TOTAL}`);
  console.log(`range read  ${n.toLocaleString('en-US')} candles (day batches, in time order) in ${(readMs / 1000).toFixed(2)} s: ${rate(n, readMs)}`);

  t = performance.now();
  let m = 0;
  for await (const _ of repo.streamCandles(series)) m++;
  const streamMs = performance.now() - t;
  console.log(`range read  ${m.toLocaleString('en-US')} candles (one at a time) in ${(streamMs / 1000).toFixed(2)} s: ${rate(m, streamMs)}`);
  console.log(`ratio       read/import ${(importMs / readMs).toFixed(1)}x; per-candle/batched read ${(streamMs / readMs).toFixed(2)}x`);
} finally {
  await storage.db.dropDatabase();
  await storage.close();
  mongo.stop();
}
