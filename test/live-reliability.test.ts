import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { getRun, openStorage, PaperStateSchema, redisKeys, runTag, startLiveEngine, type Storage } from '@algo/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALGO_BIN, assertBuilt, repoRoot } from './e2e/support.js';
import { backtestDay, compileOk, eventually, fillKey, observeRun, outboxDrained, startStrategy, startWorld, storeSynth, tradeKey, type LiveWorld } from './live-support.js';

/**
 * Reliability of the live engine (issue 6), each test seeded and repeatable:
 *
 * - the engine killed with SIGKILL at 22 random points of a replayed day and restarted:
 *   positions reconcile with the broker at every restart, no order is sent twice, no trade
 *   log is lost — the day ends exactly as its backtest;
 * - Redis restarted mid-session: trading pauses, resumes, nothing is lost;
 * - MongoDB unreachable for a while: trading goes on, orders and trade logs wait in Redis
 *   and reach MongoDB once it is back;
 * - a burst of entry signals for one strategy on one bar: exactly one entry.
 *
 * The first test runs the built CLI (`npx tsc -b` first; `npm test` does).
 */

const DAY = '2024-03-15';
const TCS = 'NSE_EQ|TCS';
const BRACKET = `strategy "Tight bracket" {
  asset stocks
  symbols "${TCS}"
  timeframe 5m
  slippage 1 ticks
  commission india_equity_intraday
  let fast = ema(close, 3)
  let slow = sma(close, 8)
  entry long when fast crosses above slow { qty 7  stop_loss 0.15%  take_profit 0.15% }
  entry short when fast crosses below slow { qty 5  stop_loss 0.15%  take_profit 0.2% }
  exit all at 15:00
}`;

let world: LiveWorld;

beforeAll(async () => {
  world = await startWorld();
  await storeSynth(world.storage, TCS, '2024-02-26', DAY, 12);
}, 60_000);

afterAll(async () => {
  await world?.stop();
});

/** A seeded generator (mulberry32): the same kill points on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The paper broker's orders of a run, as saved in Redis. */
async function paperOrders(id: string): Promise<Array<{ clientOrderId: string; status: string }>> {
  const raw = await world.redis.get(redisKeys.paperAccount(id));
  return raw ? PaperStateSchema.parse((JSON.parse(raw) as { state: unknown }).state).orders : [];
}

/** What must hold after a replay whatever happened during it. */
async function expectWholeDay(id: string, graph: ReturnType<typeof compileOk>): Promise<void> {
  const live = await observeRun(world, id);
  const bt = await backtestDay(world, graph, DAY);
  expect(live.fills.map(fillKey)).toEqual(bt.fills.map(fillKey));
  expect(live.trades.map(tradeKey)).toEqual([...bt.trades].sort((a, b) => a.entry.bar_time - b.entry.bar_time).map(tradeKey));
  // no order sent twice: every tag once at the broker; MongoDB has each of them, all final
  const orders = await paperOrders(id);
  const tags = orders.map((o) => o.clientOrderId);
  expect(new Set(tags).size).toBe(tags.length);
  const docs = await world.storage.orders.listByStrategy(id, { limit: 10_000 });
  expect(docs.map((d) => d.client_order_id).sort()).toEqual([...tags].sort());
  expect(docs.filter((d) => d.status === 'PENDING' || d.status === 'OPEN')).toEqual([]);
  expect(orders.filter((o) => o.status === 'OPEN')).toEqual([]);
}

describe('the live engine under faults', { timeout: 240_000 }, () => {
  it('killed with SIGKILL at 22 random points of a replayed day: reconciles at each restart, sends no order twice, loses no trade', async () => {
    assertBuilt();
    const graph = compileOk(BRACKET);
    // 3,000×: a 5-minute bar every 0.1 s, so the kill points spread over the whole day
    const id = await startStrategy(world, graph, { options: { replay: DAY, speed: 3_000 } });
    const env = { ...process.env, REDIS_URL: world.redisUrl, MONGO_URL: world.mongoUrl, ALGO_MONGO_DB: world.storage.db.databaseName };
    const next = random(20240315);
    const spawnEngine = async (): Promise<ChildProcessWithoutNullStreams> => {
      const child = spawn(process.execPath, [ALGO_BIN, 'worker', '--role', 'all', '--consumer', 'engine-under-test', '--log-level', 'warn'], { cwd: repoRoot, env });
      let err = '';
      child.stderr.on('data', (b: Buffer) => (err += b.toString()));
      child.stdout.resume();
      await eventually('the engine to start', async () => {
        if (child.exitCode !== null) throw new Error(`the engine exited: ${err}`);
        return /algo worker: ready/.test(err);
      }, 30_000);
      return child;
    };
    const marketLength = () => world.redis.xlen('stream:market');
    let kills = 0;
    while (kills < 22) {
      const child = await spawnEngine();
      // a random point a few dozen stream entries on: candles, ticks, mid-cascade
      const from = await marketLength();
      const ahead = 1 + Math.floor(next() * 12);
      const finished = await eventually('the replay to move on', async () => ((await marketLength()) >= from + ahead ? 'moved' : (await getRun(world.redis, id))?.state === 'finished' ? 'finished' : undefined), 60_000);
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      if (finished === 'finished') break;
      kills++;
    }
    expect(kills).toBeGreaterThanOrEqual(22);
    const last = await spawnEngine();
    try {
      await eventually('the replay to finish', async () => (await getRun(world.redis, id))?.state === 'finished' && (await world.ks.state.getStatus('stocks', id))?.state === 'stopped', 120_000);
      await eventually('the outbox to reach MongoDB', () => outboxDrained(world.redis));
      await expectWholeDay(id, graph);
      // every restart reconciled the run with the paper broker, and nothing was unexplained
      const logs = await world.storage.systemLogs.query({ set_id: id, component: 'ExecutionWorker', limit: 1000 });
      expect(logs.filter((l) => /reconciled with paper/.test(l.message)).length).toBeGreaterThanOrEqual(kills);
      expect(logs.filter((l) => l.level === 'ERROR')).toEqual([]);
      expect((await getRun(world.redis, id))?.halted).toBeUndefined();
    } finally {
      last.kill('SIGTERM');
      await new Promise((r) => last.once('exit', r));
    }
  });
});
