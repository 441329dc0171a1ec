import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile, type RuleGraph } from '@algo/compiler';
import {
  collectCandles,
  getRun,
  loadProgram,
  OrderEventMessageSchema,
  replayWindow,
  runBacktest,
  storedBars,
  warmupStart,
  type Fill,
  type OrderIntent,
  type Trade,
  createKeyspace,
  createRedisClient,
  openStorage,
  resolveRedis,
  startMongoStandin,
  synthCandles,
  type ActiveStrategyConfig,
  type Keyspace,
  type MongoStandin,
  type ResolvedRedis,
  type Storage,
} from '@algo/runtime';
import type { Redis } from 'ioredis';
import { ALGO_BIN, repoRoot } from './e2e/support.js';

/**
 * Plumbing for the live engine's end-to-end, reliability and parity tests: a real Redis
 * (a `redis-server` with AOF in a temporary directory, restartable on its port), MongoDB
 * through the official driver (the offline stand-in, or `MONGO_URL`), stored candles, and
 * a strategy started exactly as the API starts one (Mongo first, then the `strategy:{id}`
 * copy, the status, the symbol fan-out and the `start` command on `stream:control`).
 */
export interface LiveWorld {
  readonly redisUrl: string;
  readonly mongoUrl: string;
  readonly redis: Redis;
  readonly ks: Keyspace;
  readonly storage: Storage;
  readonly dir: string;
  /** Stops Redis (SHUTDOWN: AOF flushed) and starts it again on the same port and data. */
  restartRedis(pauseMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startWorld(opts: { mongoUrl?: string } = {}): Promise<LiveWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'algo-live-'));
  const env = { PATH: process.env.PATH ?? '' };
  let server: ResolvedRedis = must(await resolveRedis({ purpose: 'serve', env, dataDir: dir, notify: () => undefined }));
  const port = Number(new URL(server.url).port);
  let standin: MongoStandin | undefined;
  let mongoUrl = opts.mongoUrl ?? process.env.MONGO_URL ?? '';
  if (!mongoUrl) {
    standin = await startMongoStandin({});
    mongoUrl = standin.url;
  }
  const storage = must(await openStorage({ url: mongoUrl, dbName: `live_${process.pid}_${Date.now() % 1e6}` }));
  const redis = createRedisClient(server.url, { name: 'test' });
  redis.on('error', () => undefined);
  return {
    redisUrl: server.url,
    mongoUrl,
    redis,
    ks: createKeyspace(redis),
    storage,
    dir,
    async restartRedis(pauseMs = 0) {
      await server.stop();
      if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
      server = must(await resolveRedis({ purpose: 'serve', env, dataDir: dir, port, notify: () => undefined }));
    },
    async stop() {
      redis.disconnect();
      await storage.db.dropDatabase().catch(() => undefined);
      await storage.close();
      await server.stop();
      await standin?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The bracket strategy the reliability, scale-out and parity tests trade: 5-minute bars, tight stops and targets, many trades a day. */
export function bracket(symbol: string, name = 'Tight bracket'): string {
  return `strategy "${name}" {
  asset stocks
  symbols "${symbol}"
  timeframe 5m
  slippage 1 ticks
  commission india_equity_intraday
  let fast = ema(close, 3)
  let slow = sma(close, 8)
  entry long when fast crosses above slow { qty 7  stop_loss 0.15%  take_profit 0.15% }
  entry short when fast crosses below slow { qty 5  stop_loss 0.15%  take_profit 0.2% }
  exit all at 15:00
}`;
}

/**
 * `algo worker --role <role>` as a process of the world's deployment (the built CLI), added
 * to `procs` so the test's end stops it; resolves once it says it is ready.
 */
export async function spawnWorker(w: LiveWorld, role: string, consumer: string, procs: ChildProcessWithoutNullStreams[], env: Record<string, string> = {}): Promise<ChildProcessWithoutNullStreams> {
  const child = spawn(process.execPath, [ALGO_BIN, 'worker', '--role', role, '--consumer', consumer, '--log-level', process.env.ALGO_TEST_LOG ?? 'warn'], {
    cwd: repoRoot,
    env: { ...process.env, REDIS_URL: w.redisUrl, MONGO_URL: w.mongoUrl, ALGO_MONGO_DB: w.storage.db.databaseName, ...env },
  });
  procs.push(child);
  let err = '';
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  child.stdout.on('data', (b: Buffer) => (process.env.ALGO_TEST_LOG ? process.stdout.write(b) : undefined));
  await eventually(`${consumer} to start`, async () => {
    if (child.exitCode !== null) throw new Error(`${consumer} exited: ${err}`);
    return /algo worker: ready/.test(err);
  }, 30_000);
  return child;
}

/** Kills a process (SIGKILL) unless it has already gone, and waits for it. */
export async function killProcess(p: ChildProcessWithoutNullStreams): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  p.kill('SIGKILL');
  await new Promise((r) => p.once('exit', r));
}

function must<T>(r: { ok: true; value: T } | { ok: false; message: string }): T {
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

/** Stores synthetic 1-minute candles of `symbol` for the dates given (what `algo data synth` + `algo data import` do). */
export async function storeSynth(storage: Storage, symbol: string, from: string, to: string, seed = 1): Promise<number> {
  const bars = await collectCandles(synthCandles({ symbol, from, to, timeframe: '1m', seed }));
  await storage.historicalCandles.upsertCandles({ instrument: symbol, timeframe: '1m' }, bars);
  return bars.length;
}

export function compileOk(source: string): RuleGraph {
  const { graph, diagnostics } = compile(source);
  if (!graph) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  return graph;
}

/** Creates a strategy and starts it as `LiveControl.start` does; returns its id. */
export async function startStrategy(w: LiveWorld, graph: RuleGraph, o: { userId?: string; mode?: 'paper' | 'live'; options?: Record<string, unknown> } = {}): Promise<string> {
  const userId = o.userId ?? 'u1';
  const mode = o.mode ?? 'paper';
  const created = await w.storage.strategies.create({
    user_id: userId,
    set_name: `${graph.settings.name} ${Math.random().toString(36).slice(2, 8)}`,
    asset_type: graph.settings.asset === 'options' ? 'options' : 'stocks',
    source: '// test',
    source_hash: graph.source_hash,
    config: graph as unknown as Record<string, unknown>,
    indicators_config: graph.indicators_config as unknown as Record<string, unknown>,
  });
  if (!created.ok) throw new Error(`create: ${created.conflict}`);
  const s = (await w.storage.strategies.setState(created.value._id, { status: 'running', mode, is_active: true }))!;
  const config: ActiveStrategyConfig = {
    strategy_id: s._id,
    user_id: s.user_id,
    set_name: s.set_name,
    version: s.version,
    asset_type: s.asset_type,
    status: s.status,
    mode: s.mode,
    is_active: s.is_active,
    instruments: [...graph.settings.symbols],
    config: s.config,
    indicators_config: s.indicators_config as Record<string, unknown>,
    updated_at: s.updated_at.getTime(),
  };
  await w.ks.runtime.setConfig(s._id, config);
  const at = Date.now();
  await w.ks.state.setStatus(s.asset_type, s._id, { state: 'starting', trading: 'active', mode, message: 'start requested', updated_at: at });
  for (const k of graph.settings.symbols) await w.ks.runtime.subscribe(k, s._id);
  await w.ks.streams.control.publish({ action: 'start', strategy_id: s._id, user_id: userId, version: s.version, mode, options: o.options ?? {}, at });
  return s._id;
}

/** Stops a strategy as `LiveControl.stop` does. */
export async function stopStrategy(w: LiveWorld, id: string, userId = 'u1'): Promise<void> {
  const s = (await w.storage.strategies.setState(id, { status: 'stopped', is_active: false }))!;
  const cfg = await w.ks.runtime.getConfig(id);
  if (cfg) await w.ks.runtime.setConfig(id, { ...cfg, status: 'stopped', is_active: false });
  await w.ks.state.setStatus(s.asset_type, id, { state: 'stopping', trading: 'reducing_only', message: 'stop requested', updated_at: Date.now() });
  await w.ks.streams.control.publish({ action: 'stop', strategy_id: id, user_id: userId, at: Date.now() });
}

/** Polls `check` until it returns something truthy, or fails after `ms` naming `what`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined | false | null>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** True when the outbox has been written to MongoDB (nothing pending or unread in the recorder's group). */
export async function outboxDrained(redis: Redis): Promise<boolean> {
  const groups = (await redis.call('XINFO', 'GROUPS', 'stream:outbox')) as unknown[][];
  for (const g of groups) {
    const info: Record<string, unknown> = {};
    for (let i = 0; i + 1 < g.length; i += 2) info[String(g[i])] = g[i + 1];
    if (info.name === 'recorder' && (Number(info.pending) > 0 || Number(info.lag ?? 0) > 0)) return false;
  }
  return true;
}


export interface Observed {
  trades: Trade[];
  fills: Fill[];
  signals: Array<{ rule: string; time: number; instrument: string; type: string; qty: number }>;
}

function signalsOf(intents: readonly OrderIntent[]): Observed['signals'] {
  return intents.filter((i): i is Extract<OrderIntent, { type: 'entry' | 'exit' }> => i.type === 'entry' || i.type === 'exit').map((i) => ({ rule: i.signal.rule, time: i.signal.time, instrument: i.instrument, type: i.type, qty: i.qty }));
}

/** The backtest of the replayed day: data from the live warm-up's first bar, trading from the day's open. */
export async function backtestDay(world: LiveWorld, graph: RuleGraph, DAY: string): Promise<Observed> {
  const program = loadProgram(graph).program!;
  const window = replayWindow(DAY)!;
  const from = warmupStart(program, window.from);
  const data = [];
  for (const k of graph.settings.symbols) data.push({ instrument: k, source: (await storedBars(world.storage, program, k, from, window.to))!, label: `mongo:${k}`, timeframe: graph.settings.timeframe });
  const seen: Observed = { trades: [], fills: [], signals: [] };
  const r = await runBacktest(program, data, {
    from: window.from,
    to: window.to,
    maxTrades: 0,
    onCore: (core) => {
      const onBar = core.onBar.bind(core);
      core.onBar = (k, bar) => {
        const out = onBar(k, bar);
        if (bar.t >= window.from) seen.signals.push(...signalsOf(out));
        return out;
      };
      const onFill = core.onFill.bind(core);
      core.onFill = (f) => {
        seen.fills.push(f);
        return onFill(f);
      };
    },
  });
  if (!r.result) throw new Error(r.errors.join('\n'));
  seen.trades = r.result.trades as Trade[];
  return seen;
}

/** Replays the day through the engine and reads back what it did: trades from `trade_logs`, fills from `stream:orders`, signals from `trading_signals`. */
export async function replayDay(world: LiveWorld, graph: RuleGraph, DAY: string, speed = 1_000_000): Promise<Observed & { id: string }> {
  const id = await startStrategy(world, graph, { options: { replay: DAY, speed } });
  return { id, ...(await observeRun(world, id)) };
}

/** Waits for a replay run to finish and reads back what it did. */
export async function observeRun(world: LiveWorld, id: string): Promise<Observed> {
  await eventually('the replay to finish', async () => (await getRun(world.redis, id))?.state === 'finished' && (await world.ks.state.getStatus('stocks', id))?.state === 'stopped', 120_000);
  await eventually('the outbox to reach MongoDB', () => outboxDrained(world.redis));
  const trades = (await world.storage.tradeLogs.listBySet(id, { limit: 10_000 })).map((t) => (t.details as { trade: Trade }).trade).sort((a, b) => a.entry.bar_time - b.entry.bar_time || a.id.localeCompare(b.id));
  const fills: Fill[] = [];
  for (const [, fields] of (await world.redis.xrange('stream:orders', '-', '+')) as Array<[string, string[]]>) {
    const m = OrderEventMessageSchema.parse(JSON.parse(fields[1]!));
    if (m.strategy_id === id && m.event === 'fill') fills.push(m.fill as Fill);
  }
  const signals = (await world.storage.tradingSignals.listForSet(id, { limit: 10_000 }))
    .map((s) => ({ rule: (s.trace as { rule: string }).rule, time: s.bar_time.getTime(), instrument: s.instrument_key, type: s.kind, qty: (s.trace as { order: { qty: number } }).order.qty }))
    .sort((a, b) => a.time - b.time);
  return { trades, fills, signals };
}

/** A fill without its execution timestamp (the live one is the tick's, the backtest's the bar's). */
export const fillKey = (f: Fill) => ({ order_id: f.order_id, position_id: f.position_id, contract: f.contract, side: f.side, qty: f.qty, price: f.price, bar_time: f.bar_time, at: f.at, reason: f.reason, costs: f.costs });
export const tradeKey = (t: Trade) => ({
  id: t.id,
  contract: t.contract,
  side: t.side,
  qty: t.qty,
  entry: { bar_time: t.entry.bar_time, price: t.entry.price, costs: t.entry.costs, signal: t.entry.signal, fill: t.entry.fill },
  exit: { bar_time: t.exit.bar_time, price: t.exit.price, costs: t.exit.costs, reason: t.exit.reason, at: t.exit.at, signal: t.exit.signal },
  stop_loss: t.stop_loss,
  take_profit: t.take_profit,
  gross_pnl: t.gross_pnl,
  net_pnl: t.net_pnl,
  bars: t.bars,
  mae: t.mae + 0, // JSON has no -0
  mfe: t.mfe + 0,
});

