import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStorage, resolveMongo, synthCandles, type ResolvedMongo } from '@algo/runtime';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runLocalBacktest } from '../src/backtest/run-local.js';
import { backtestCommand } from '../src/commands/backtest.js';
import { RecordingHost } from './support/host.js';
import { EXAMPLES } from './support/worker.js';

const TIMED = readFileSync(join(EXAMPLES, '03-tcs-timed-stop-loss.algo'), 'utf8');
let mongo: ResolvedMongo;
let url: string;

/** MongoDB as this machine resolves it, a database of this test's own holding a month of TCS minutes. */
beforeAll(async () => {
  const m = await resolveMongo({ purpose: 'test', notify: () => undefined });
  if (!m.ok) throw new Error(m.message);
  mongo = m.value;
  const u = new URL(mongo.url);
  u.pathname = `/test_ext_mongo_${process.pid}`;
  url = u.toString();
  const storage = await openStorage({ url, dbName: `test_ext_mongo_${process.pid}` });
  if (!storage.ok) throw new Error(storage.message);
  await storage.value.historicalCandles.importSource({ instrument: 'NSE_EQ|TCS', timeframe: '1m' }, synthCandles({ symbol: 'NSE_EQ|TCS', from: '2024-01-01', to: '2024-01-31', timeframe: '1m', seed: 3 }));
  await storage.value.close();
}, 120_000);

afterAll(async () => {
  const storage = await openStorage({ url, dbName: `test_ext_mongo_${process.pid}` });
  if (storage.ok) {
    await storage.value.db.dropDatabase();
    await storage.value.close();
  }
  await mongo?.stop();
});

it('backtests on historical_candles from the database named in algo.backtest.mongoUrl', async () => {
  const host = new RecordingHost({ 'backtest.data': ['mongo'], 'backtest.mongoUrl': url, 'backtest.from': '2024-01-08', 'backtest.to': '2024-01-31' }, { 'file:///t.algo': TIMED });
  const reply = await backtestCommand(host, 'file:///t.algo', (req, p) => runLocalBacktest(req, p));
  expect(host.errors).toEqual([]);
  if (!reply?.ok) throw new Error('no result');
  expect(reply.result.run_parameters.data[0]).toMatchObject({ instrument: 'NSE_EQ|TCS', source: 'mongo:NSE_EQ|TCS 1m' });
  expect(reply.result.summary.trades).toBeGreaterThan(10);
  expect(host.reports).toHaveLength(1);
});

it('says which setting to fill when mongo data has no database to read', async () => {
  const saved = process.env.MONGO_URL;
  delete process.env.MONGO_URL;
  try {
    const reply = await runLocalBacktest({ source: TIMED, uri: 'x', data: ['mongo'], params: {}, seed: 1 });
    expect(reply).toEqual({ ok: false, message: 'mongo data needs a database: set algo.backtest.mongoUrl (or MONGO_URL)' });
  } finally {
    if (saved !== undefined) process.env.MONGO_URL = saved;
  }
});
