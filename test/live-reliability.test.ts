import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { getRun, openStorage, PaperStateSchema, redisKeys, runTag, startLiveEngine, type Storage } from '@algo/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from './e2e/support.js';
import { backtestDay, bracket, compileOk, eventually, fillKey, killProcess, observeRun, outboxDrained, spawnWorker, startStrategy, startWorld, storeSynth, tradeKey, type LiveWorld } from './live-support.js';

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
const BRACKET = bracket(TCS);

let world: LiveWorld;
/** every engine process a test started, stopped at the end whatever happened */
const procs: ChildProcessWithoutNullStreams[] = [];

beforeAll(async () => {
  world = await startWorld();
  await storeSynth(world.storage, TCS, '2024-02-26', DAY, 12);
}, 60_000);

afterAll(async () => {
  for (const p of procs) await killProcess(p);
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
    const next = random(20240315);
    // one consumer name across restarts: a restarted worker takes its roles back at once
    const spawnEngine = () => spawnWorker(world, 'all', 'engine-under-test', procs);
    const marketLength = () => world.redis.xlen('stream:ticks');
    const reconciliations = async () => (await world.storage.systemLogs.query({ set_id: id, component: 'ExecutionWorker', limit: 1000 })).filter((l) => /^reconciled with paper/.test(l.message)).length;
    let kills = 0;
    while (kills < 22) {
      const before = await reconciliations();
      const child = await spawnEngine();
      // start-up reconciliation comes first, whatever the engine was doing when it died
      await eventually('the restarted engine to reconcile', async () => (await reconciliations()) > before, 30_000);
      // a random point a few dozen stream entries on: candles, ticks, mid-cascade
      const from = await marketLength();
      const ahead = 1 + Math.floor(next() * 12);
      const finished = await eventually('the replay to move on', async () => ((await marketLength()) >= from + ahead ? 'moved' : (await getRun(world.redis, id))?.state === 'finished' ? 'finished' : undefined), 60_000);
      await killProcess(child);
      if (finished === 'finished') break;
      kills++;
    }
    expect(kills).toBeGreaterThanOrEqual(22);
    const last = await spawnEngine();
    try {
      await eventually('the replay to finish', async () => (await getRun(world.redis, id))?.state === 'finished' && (await world.ks.state.getStatus('stocks', id))?.state === 'stopped', 120_000);
      await eventually('the outbox to reach MongoDB', () => outboxDrained(world.redis));
      // every restart reconciled the run with the paper broker, and nothing was unexplained
      const logs = await world.storage.systemLogs.query({ set_id: id, limit: 1000 });
      expect(logs.filter((l) => l.level === 'ERROR').map((l) => l.message)).toEqual([]);
      expect((await getRun(world.redis, id))?.halted).toBeUndefined();
      expect(logs.filter((l) => /^reconciled with paper: orders and positions match/.test(l.message)).length).toBeGreaterThanOrEqual(kills + 1);
      await expectWholeDay(id, graph);
    } finally {
      last.kill('SIGTERM');
      await new Promise((r) => last.once('exit', r));
    }
  });

  it('Redis restarted mid-session: trading pauses, resumes, and nothing is lost', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'warn' }, new Writable({ write: (chunk, _enc, done) => void (lines.push(String(chunk)), done()) }));
    const engine = await startLiveEngine({ redisUrl: world.redisUrl, storage: world.storage, log, config: { leaseMs: 2_000 } });
    try {
      const graph = compileOk(BRACKET);
      const id = await startStrategy(world, graph, { options: { replay: DAY, speed: 3_000 } });
      const third = Date.parse(`${DAY}T03:45:00Z`) + 25 * 300_000;
      await eventually('a third of the day', async () => ((await world.ks.state.getStatus('stocks', id))?.last_bar ?? 0) >= third);
      await world.restartRedis(1_500); // SHUTDOWN (the AOF is flushed), 1.5 s away, back on the same port
      await eventually('the replay to finish', async () => (await getRun(world.redis, id))?.state === 'finished' && (await world.ks.state.getStatus('stocks', id))?.state === 'stopped', 120_000);
      await eventually('the outbox to reach MongoDB', () => outboxDrained(world.redis));
      await expectWholeDay(id, graph);
      // the engine saw Redis go away (and waited: its writes queue or retry until Redis is back)
      expect(lines.some((l) => /redis connection error|replay paused|not answering|cannot renew/.test(l))).toBe(true);
    } finally {
      await engine.stop();
    }
  });

  it('MongoDB unreachable for a while: trading goes on, orders and trade logs wait in Redis and reach MongoDB once it is back', async () => {
    const proxy = await tcpProxy(world.mongoUrl);
    const opened = await openStorage({ url: proxy.url, dbName: world.storage.db.databaseName, timeoutMs: 1_000 });
    if (!opened.ok) throw new Error(opened.message);
    const storage: Storage = opened.value;
    const engine = await startLiveEngine({ redisUrl: world.redisUrl, storage, config: { leaseMs: 2_000, mongoTimeoutMs: 200 } });
    try {
      const graph = compileOk(BRACKET);
      const id = await startStrategy(world, graph, { options: { replay: DAY, speed: 3_000 } });
      const lastBar = async () => (await world.ks.state.getStatus('stocks', id))?.last_bar ?? 0;
      await eventually('ten bars', async () => (await lastBar()) >= Date.parse(`${DAY}T03:45:00Z`) + 10 * 300_000);
      await proxy.cut();
      const cutAt = await lastBar();
      const before = await world.storage.tradeLogs.listBySet(id);
      // without MongoDB the day goes on: bars, orders and fills; their records wait in the outbox
      await eventually('trading to go on without MongoDB', async () => (await lastBar()) >= cutAt + 20 * 300_000 && !(await outboxDrained(world.redis)), 60_000);
      expect((await world.storage.tradeLogs.listBySet(id)).length).toBe(before.length);
      await proxy.restore();
      await eventually('the replay to finish', async () => (await getRun(world.redis, id))?.state === 'finished' && (await world.ks.state.getStatus('stocks', id))?.state === 'stopped', 120_000);
      await eventually('the outbox to reach MongoDB', () => outboxDrained(world.redis), 60_000);
      await expectWholeDay(id, graph);
    } finally {
      await engine.stop();
      await storage.close();
      await proxy.close();
    }
  });

  it('a burst of entry signals for one strategy on one bar: exactly one entry', async () => {
    const engine = await startLiveEngine({ redisUrl: world.redisUrl, storage: world.storage, config: { leaseMs: 2_000 } });
    try {
      const graph = compileOk(BRACKET);
      const id = await startStrategy(world, graph, { options: { replay: DAY, speed: 60 } });
      const run = await eventually('the run', async () => {
        const r = await getRun(world.redis, id);
        return r && (await world.ks.state.getStatus('stocks', id))?.state === 'running' ? r : undefined;
      });
      const bar = Date.parse(`${DAY}T03:45:00Z`);
      const burst = Array.from({ length: 20 }, (_, i) => `e${9001 + i}`);
      await Promise.all(
        burst.map((orderId) =>
          world.redis.xadd('stream:signals', '*', 'data', JSON.stringify({
            signal_id: `${id}:${run.run_id}:${orderId}`, set_id: id, kind: 'entry', side: 'long', instrument_key: TCS, bar_time: bar, run_id: run.run_id,
            intent: { type: 'entry', order_id: orderId, instrument: TCS, contract: TCS, side: 'buy', position_side: 'long', qty: 7, fill: 'on_close', signal: { rule: 'entry.1', time: bar } },
          })),
        ),
      );
      const tag = runTag(run);
      const cids = new Set(burst.map((o) => `${tag}E${Number(o.slice(1)).toString(36).toUpperCase()}`));
      const refused = async () => {
        let n = 0;
        for (const [, f] of (await world.redis.xrange('stream:orders', '-', '+')) as Array<[string, string[]]>) {
          const m = JSON.parse(f[1]!) as { strategy_id: string; event: string; order_id?: string; reason?: string };
          if (m.strategy_id === id && m.event === 'refused' && burst.includes(m.order_id ?? '') && m.reason === 'in_position') n++;
        }
        return n;
      };
      await eventually('every signal of the burst to be handled', async () => (await refused()) === 19);
      await eventually('the outbox to reach MongoDB', () => outboxDrained(world.redis));
      const entered = (await world.storage.orders.listByStrategy(id)).filter((d) => cids.has(d.client_order_id));
      expect(entered).toHaveLength(1);
      expect((await paperOrders(id)).filter((o) => cids.has(o.clientOrderId))).toHaveLength(1);
    } finally {
      await engine.stop();
    }
  });
});

/** A TCP proxy in front of MongoDB that a test can cut (connections dropped, new ones refused) and restore on the same port. */
async function tcpProxy(target: string): Promise<{ url: string; cut(): Promise<void>; restore(): Promise<void>; close(): Promise<void> }> {
  const t = new URL(target);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const up = connect(Number(t.port), t.hostname);
        for (const s of [client, up]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => undefined);
        }
        client.pipe(up);
        up.pipe(client);
        client.on('close', () => up.destroy());
        up.on('close', () => client.destroy());
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  const cut = async () => {
    const s = server;
    server = undefined;
    for (const x of sockets) x.destroy();
    sockets.clear();
    if (s) await new Promise((r) => s.close(r));
  };
  await listen();
  return { url: `mongodb://127.0.0.1:${port}`, cut, restore: listen, close: cut };
}
