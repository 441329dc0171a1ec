// Live engine benchmark (issue 6): 100 strategies on 50 instruments, 2,000 ticks/s for 60 s
// through the whole pipeline — ingest (tick hashes, candle builders, stream:market),
// indicators, evaluation (the strategy cores), execution (a paper broker per strategy,
// the order-rate limiter in Redis) and the recorder — all four workers in this process,
// talking through a loopback Redis; MongoDB is `algo db serve` in a process of its own.
//
// It prints tick-to-order latency (from the moment ingest received the tick that closed a
// bar to the moment the order it decided reached the broker: p50 / p99 / max) and, every
// 5 s, the length, lag and pending entries of every stream's consumer groups — the proof
// that no backlog grows.
//
//   npm run bench -- live                       # build first (npm run bench does)
//   BENCH_SECONDS=20 npm run bench -- live      # shorter
//
// Market time runs 60× wall time (a 1-minute bar closes every second of the run), in the
// future, so bars close on ticks as in a live session.
import { spawn } from 'node:child_process';
import { cpuUsage, memoryUsage } from 'node:process';
import { fileURLToPath } from 'node:url';
import { compile } from '@algo/compiler';
import {
  createKeyspace,
  createRedisClient,
  FeedBase,
  openStorage,
  resolveRedis,
  sessionClock,
  NSE_SESSION,
  startLiveEngine,
  systemClock,
  type ActiveStrategyConfig,
  type SubscribeProblem,
  type Tick,
} from '@algo/runtime';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const INSTRUMENTS = 50;
const STRATEGIES = 100;
const TICKS_PER_SECOND = 2_000;
const BATCH_MS = 10;
const MARKET_SPEED = 60;

/** Ticks at a steady rate: every 10 ms a batch of 20, round-robin over the instruments, each a random walk; market time 60× wall time. */
class SyntheticFeed extends FeedBase {
  readonly kind = 'synthetic';
  private timer: NodeJS.Timeout | undefined;
  private readonly price = new Map<string, number>();
  private readonly volume = new Map<string, number>();
  private next = 0;
  private seed = 7;
  private sent = 0;
  /** ticks emitted (since the last `reset`) */
  ticks = 0;
  private readonly startWall = Date.now();

  constructor(private readonly startMarket: number) {
    super(systemClock);
  }

  protected async resolve(keys: readonly string[]): Promise<{ ok: string[]; problems: SubscribeProblem[] }> {
    return { ok: [...keys], problems: [] };
  }
  protected sendSubscribe(): void {}
  protected sendUnsubscribe(): void {}

  async start(): Promise<void> {
    this.setStatus('live');
    this.timer = setInterval(() => this.emit(), BATCH_MS);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.setStatus('stopped');
  }

  private rand(): number {
    this.seed = (this.seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return this.seed / 2 ** 31;
  }

  /** Emits the ticks due by now: 2,000 a second on average, however late the timer fires. */
  private emit(): void {
    const keys = [...this.subs];
    if (keys.length === 0) return;
    const now = Date.now();
    const ts = Math.floor(this.startMarket + (now - this.startWall) * MARKET_SPEED);
    const due = Math.floor(((now - this.startWall) * TICKS_PER_SECOND) / 1000) - this.sent;
    const batch: Tick[] = [];
    for (let i = 0; i < due; i++) {
      const k = keys[this.next++ % keys.length]!;
      const p = Math.max(10, Math.round(((this.price.get(k) ?? 1000) * (1 + (this.rand() - 0.5) * 0.004)) * 20) / 20);
      this.price.set(k, p);
      const v = (this.volume.get(k) ?? 0) + 1 + Math.floor(this.rand() * 50);
      this.volume.set(k, v);
      batch.push({ instrument: k, ltp: p, volume: v, ts });
    }
    this.sent += due;
    this.ticks += due;
    if (batch.length) void this.deliver(batch);
  }
}

function source(i: number, key: string): string {
  const side = i % 2 === 0 ? 'long' : 'short';
  const cross = i % 2 === 0 ? 'above' : 'below';
  return `strategy "Bench ${i}" {
  asset stocks
  symbols "${key}"
  timeframe 1m
  entry ${side} when close crosses ${cross} sma(close, 3) { qty 1  stop_loss 2%  take_profit 2% }
  exit when position.bars >= 2
}`;
}

async function main(): Promise<void> {
  // MongoDB in a process of its own (the stand-in here; a real mongod where one exists)
  const db = spawn(process.execPath, [fileURLToPath(new URL('../cli/bin/algo.js', import.meta.url)), 'db', 'serve'], { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, MONGO_URL: process.env.MONGO_URL ?? '' } });
  const mongoUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    db.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /^MONGO_URL=(\S+)$/m.exec(out);
      if (m) resolve(m[1]!);
    });
    db.once('exit', () => reject(new Error('algo db serve exited')));
  });
  const redisServer = await resolveRedis({ purpose: 'test', notify: () => undefined });
  if (!redisServer.ok) throw new Error(redisServer.message);
  const redisUrl = redisServer.value.url;
  const opened = await openStorage({ url: mongoUrl, dbName: `bench_live_${process.pid}` });
  if (!opened.ok) throw new Error(opened.message);
  const storage = opened.value;
  const redis = createRedisClient(redisUrl, { name: 'bench' });
  const ks = createKeyspace(redis);

  const clock = sessionClock(NSE_SESSION);
  const startMarket = clock.openOf(clock.sessionDay(Date.now()) + 2);
  const feed = new SyntheticFeed(startMarket);
  const engine = await startLiveEngine({ redisUrl, storage, feedFactory: async () => ({ feed }), config: { consumer: 'bench' } });

  // 100 strategies, two per instrument, each of its own user (the order-rate limit is per user)
  for (let i = 0; i < STRATEGIES; i++) {
    const key = `NSE_EQ|S${String(i % INSTRUMENTS).padStart(2, '0')}`;
    const graph = compile(source(i, key)).graph!;
    const user = `u${i}`;
    const made = await storage.strategies.create({ user_id: user, set_name: graph.settings.name, asset_type: 'stocks', source: source(i, key), source_hash: graph.source_hash, config: graph as unknown as Record<string, unknown>, indicators_config: graph.indicators_config as unknown as Record<string, unknown> });
    if (!made.ok) throw new Error(made.conflict);
    const s = (await storage.strategies.setState(made.value._id, { status: 'running', mode: 'paper', is_active: true }))!;
    const config: ActiveStrategyConfig = { strategy_id: s._id, user_id: user, set_name: s.set_name, version: 1, asset_type: 'stocks', status: 'running', mode: 'paper', is_active: true, instruments: [key], config: s.config, indicators_config: s.indicators_config as Record<string, unknown>, updated_at: Date.now() };
    await ks.runtime.setConfig(s._id, config);
    await ks.runtime.subscribe(key, s._id);
    await ks.streams.control.publish({ action: 'start', strategy_id: s._id, user_id: user, version: 1, mode: 'paper', options: {}, at: Date.now() });
  }
  // wait until every strategy runs (the ingest subscribes them)
  for (let i = 0; i < 200 && (await redis.scard('engine:runs')) < STRATEGIES; i++) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 2_000)); // warm-up: the feed's first bars, JIT
  engine.metrics.reset();
  feed.ticks = 0;

  const streams = ['stream:ticks', 'stream:candles', 'stream:signals', 'stream:orders', 'stream:outbox'];
  const rows: string[] = [];
  const lags: number[] = [];
  const pings: number[] = [];
  const pinger = setInterval(() => { const t = performance.now(); void redis.ping().then(() => pings.push(performance.now() - t)); }, 20);
  const cpu0 = cpuUsage();
  const t0 = Date.now();
  console.log(`live: ${STRATEGIES} strategies on ${INSTRUMENTS} instruments, ${TICKS_PER_SECOND} ticks/s for ${SECONDS} s (market time ×${MARKET_SPEED}), paper broker, loopback Redis`);
  for (let s = 5; s <= SECONDS; s += 5) {
    await new Promise((r) => setTimeout(r, t0 + s * 1000 - Date.now()));
    const cells: string[] = [];
    let lagSum = 0;
    for (const key of streams) {
      const len = await redis.xlen(key);
      const groups = (await redis.call('XINFO', 'GROUPS', key)) as unknown[][];
      for (const g of groups) {
        const info: Record<string, unknown> = {};
        for (let i = 0; i + 1 < g.length; i += 2) info[String(g[i])] = g[i + 1];
        const lag = Number(info.lag ?? 0);
        lagSum += lag + Number(info.pending);
        cells.push(`${key.slice(7)}/${String(info.name)} lag ${lag} pend ${String(info.pending)}`);
      }
      cells.push(`${key.slice(7)} len ${len}`);
    }
    lags.push(lagSum);
    rows.push(`  t=${String(s).padStart(2)}s  ${cells.join(' · ')}`);
  }
  const wall = (Date.now() - t0) / 1000;
  clearInterval(pinger);
  { const s2 = [...pings].sort((a, b) => a - b); console.log(`  redis PING: p50 ${s2[Math.floor(s2.length / 2)]!.toFixed(2)} ms, p99 ${s2[Math.floor(s2.length * 0.99)]!.toFixed(2)} ms`); }
  const cpu = cpuUsage(cpu0);
  const lat = engine.metrics.latencies();
  console.log(rows.join('\n'));
  console.log(`  ticks ${feed.ticks} (${Math.round(feed.ticks / wall)}/s) in ${engine.metrics.tickBatches} batches, candles ${engine.metrics.candles}, orders ${engine.metrics.orders}, fills ${engine.metrics.fills}`);
  console.log(`  tick-to-order latency over ${lat.count} orders: p50 ${lat.p50.toFixed(2)} ms, p99 ${lat.p99.toFixed(2)} ms, max ${lat.max.toFixed(2)} ms`);
  // the backlog's trend: least-squares slope of the samples, in entries per second
  const xs = lags.map((_, i) => (i + 1) * 5);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = lags.reduce((a, b) => a + b, 0) / lags.length;
  const slope = xs.reduce((a, x, i) => a + (x - mx) * (lags[i]! - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  console.log(`  backlog (lag + pending over every group) every 5 s: ${lags.join(', ')}; trend ${slope >= 0 ? '+' : ''}${slope.toFixed(1)} entries/s — ${slope > 5 ? 'GROWING' : 'not growing'}`);
  console.log(`  engine process: ${((cpu.user + cpu.system) / 1e6 / wall * 100).toFixed(0)}% of a core, RSS ${(memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);

  await engine.stop();
  redis.disconnect();
  await storage.db.dropDatabase().catch(() => undefined);
  await storage.close();
  await redisServer.value.stop();
  db.kill('SIGTERM');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
