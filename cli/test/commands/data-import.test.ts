import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { fromCandles, startMongoStandin, writeCandlesCsv } from '@algo/runtime';
import type { Candle, MongoStandin } from '@algo/runtime';
import { runAlgo } from './run-algo.js';

// `algo data import` against a shared server — here a stand-in this test runs, standing in
// for `algo db serve` in another terminal (MONGO_URL is how the two meet).

const dir = mkdtempSync(join(tmpdir(), 'algo-import-'));
const offline = { PATH: '/usr/bin:/bin', HOME: dir, MONGOMS_DOWNLOAD_DIR: join(dir, 'dl'), MONGOMS_RUNTIME_DOWNLOAD: 'false' };
let server: MongoStandin;
let client: MongoClient;

/** 2024-01-15 09:15 IST */
const T0 = Date.UTC(2024, 0, 15, 3, 45);
const candles: Candle[] = [];
for (const day of [0, 1, 2]) for (let i = 0; i < 375; i++) {
  const p = 3500 + day * 10 + i / 100;
  candles.push({ t: T0 + day * 86_400_000 + i * 60_000, o: p, h: p + 2, l: p - 2, c: p + 1, v: 100 + i });
}
const csv = join(dir, 'tcs.csv');

beforeAll(async () => {
  server = await startMongoStandin();
  client = await MongoClient.connect(server.url);
  await writeCandlesCsv(fromCandles(candles), csv);
});

afterAll(async () => {
  await client.close();
  await server.stop();
});

const stored = () => client.db('trading_platform').collection('historical_candles');

describe('algo data import', () => {
  it('imports a CSV into historical_candles, one document per day', async () => {
    const r = await runAlgo(['data', 'import', csv, '--symbol', 'NSE_EQ|TCS', '--tf', '1m'], { ...offline, MONGO_URL: server.url });
    expect(r.stderr).toContain('mongo: using MONGO_URL');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`imported 1,125 1m candles of NSE_EQ|TCS from ${csv} into historical_candles: 1,125 new, 0 replaced (3 days stored)\n`);
    const docs = await stored().find({ instrument_key: 'NSE_EQ|TCS', timeframe: '1m' }).sort({ date: 1 }).toArray();
    expect(docs.map((d) => [d.date, d.candles.length])).toEqual([['2024-01-15', 375], ['2024-01-16', 375], ['2024-01-17', 375]]);
    expect(docs.flatMap((d) => d.candles)).toEqual(candles);
  });

  it('re-imports idempotently: replaced, never duplicated', async () => {
    const r = await runAlgo(['data', 'import', csv, '--symbol', 'NSE_EQ|TCS', '--tf', '1m'], { ...offline, MONGO_URL: server.url });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0 new, 1,125 replaced (3 days stored)');
    expect(await stored().countDocuments({ instrument_key: 'NSE_EQ|TCS' })).toBe(3);
  });

  it('refuses a file with a bad row, naming line and column, and writes nothing', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'datetime,open,high,low,close,volume\n2024-02-01 09:15,100,101,99,100,5\n2024-02-01 09:16,100,101,99,abc,5\n');
    const r = await runAlgo(['data', 'import', bad, '--symbol', 'NSE_EQ|INFY', '--tf', '1m'], { ...offline, MONGO_URL: server.url });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^algo data import: .*bad\.csv:3: column 5 \(close\): "abc" is not a number/m);
    expect(await stored().countDocuments({ instrument_key: 'NSE_EQ|INFY' })).toBe(0);
  });

  it('refuses a bad symbol or timeframe before reading anything', async () => {
    const r = await runAlgo(['data', 'import', csv, '--symbol', 'TCS', '--tf', '1m'], offline);
    expect(r).toMatchObject({ code: 1, stderr: 'algo data import: --symbol TCS: an instrument key like "NSE_EQ|TCS" (EXCHANGE_SEGMENT|SYMBOL)\n' });
    const t = await runAlgo(['data', 'import', csv, '--symbol', 'NSE_EQ|TCS', '--tf', 'minute'], offline);
    expect(t.stderr).toBe('algo data import: --tf minute: a timeframe like 1m, 5m, 15m, 1h, 1d\n');
  });

  it('will not import into a stand-in that would forget it, and says what to do', async () => {
    const r = await runAlgo(['data', 'import', csv, '--symbol', 'NSE_EQ|TCS', '--tf', '1m'], offline);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('refusing to import into the offline stand-in');
    expect(r.stderr).toContain('algo db serve');
  });

  it('reports an unreachable MONGO_URL in one line', async () => {
    const r = await runAlgo(['data', 'import', csv, '--symbol', 'NSE_EQ|TCS', '--tf', '1m'], { ...offline, MONGO_URL: 'mongodb://127.0.0.1:9/?serverSelectionTimeoutMS=500&directConnection=true' });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n').filter((l) => l.includes('MongoDB'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^algo data import: MongoDB unreachable at mongodb:\/\/127\.0\.0\.1:9\/\S* \(MONGO_URL\): tried for 5 s — /);
  });
});
