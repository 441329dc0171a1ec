/**
 * Every Redis key name Algo uses — the one place that knows them. Nothing else builds key
 * strings; the typed helpers in this folder take ids and call these.
 *
 * The base is seed 000's `scope:type:id` keyspace; seed 001 adds the symbol fan-out set,
 * the order queue, the per-strategy runtime hash, lock and config cache; seed 004 adds the
 * watchlist, system state and performance keys. Hand-offs that must not be lost (DESIGN §4)
 * get Redis Streams.
 *
 * A strategy's id is wrapped in braces — `state:options:{set1}:status` — a Redis Cluster
 * hash tag, so all of one strategy's keys live in one slot and can change in one MULTI
 * (DESIGN §8). Instrument keys (`NSE_EQ|TCS`) are used as written.
 */

/** Misuse of the keyspace (an id that cannot be part of a key). A bug, so it throws. */
export class KeyspaceError extends Error {
  constructor(
    readonly code: 'KEYSPACE_BAD_ID' | 'KEYSPACE_CORRUPT_VALUE' | 'KEYSPACE_WRITE_FAILED',
    message: string,
  ) {
    super(message);
    this.name = 'KeyspaceError';
  }
}

export type AssetType = 'options' | 'stocks';

const ID = /^[A-Za-z0-9_.:@-]{1,128}$/;
const INSTRUMENT = /^[A-Z][A-Z0-9_]*\|[^|{}\r\n]{1,64}$/;
const TIMEFRAME = /^[1-9][0-9]{0,3}[smhdw]$/;

function id(kind: string, v: string): string {
  if (!ID.test(v)) throw new KeyspaceError('KEYSPACE_BAD_ID', `${kind} ${JSON.stringify(v)} cannot be part of a Redis key (1-128 letters, digits or _ . : @ -)`);
  return v;
}

function instrument(v: string): string {
  if (!INSTRUMENT.test(v)) throw new KeyspaceError('KEYSPACE_BAD_ID', `instrument key ${JSON.stringify(v)} is not like "NSE_EQ|RELIANCE"`);
  return v;
}

function timeframe(v: string): string {
  if (!TIMEFRAME.test(v)) throw new KeyspaceError('KEYSPACE_BAD_ID', `timeframe ${JSON.stringify(v)} is not like 1m, 5m, 1h`);
  return v;
}

function asset(v: AssetType): AssetType {
  if (v !== 'options' && v !== 'stocks') throw new KeyspaceError('KEYSPACE_BAD_ID', `asset type ${JSON.stringify(v)} is not options or stocks`);
  return v;
}

/** `{id}`: the strategy id as a cluster hash tag. */
const tag = (setId: string): string => `{${id('strategy id', setId)}}`;

export const redisKeys = {
  // ── system (seed 000, seed 004) ──────────────────────────────────────────────
  /** String: a broker access token for one user (seed 000's `system:access_token`, per user and broker). */
  accessToken: (broker: string, userId: string) => `system:access_token:${id('broker', broker)}:${id('user id', userId)}`,
  /** JSON: the engine's overall state (seed 004 `system:state`). */
  systemState: () => 'system:state',
  /** JSON: the global kill switch; absent when released. */
  killSwitch: () => 'system:kill_switch',
  /** JSON: a user's kill switch; absent when released. */
  userKillSwitch: (userId: string) => `user:${id('user id', userId)}:kill_switch`,
  /** JSON: today's performance figures (seed 004 `metrics:performance`). */
  performance: () => 'metrics:performance',
  /** JSON array of instrument keys (seed 004 `watchlist:current`). */
  watchlist: () => 'watchlist:current',

  // ── market data (seed 000) ───────────────────────────────────────────────────
  /** Hash: the latest tick of an instrument. */
  tick: (instrumentKey: string) => `market_data:instrument:${instrument(instrumentKey)}`,
  /** List: the hot window of the most recent closed candles (JSON), oldest first, per timeframe. */
  candles: (instrumentKey: string, tf: string) => `market_data:candles:${instrument(instrumentKey)}:${timeframe(tf)}`,

  // ── strategy state (seed 000) ────────────────────────────────────────────────
  /** Hash: operational status flags of a strategy. */
  status: (a: AssetType, setId: string) => `state:${asset(a)}:${tag(setId)}:status`,
  /** JSON: the single open position of an options strategy; exists only while open. */
  optionPosition: (setId: string) => `state:options:${tag(setId)}:position`,
  /** Hash of JSON by instrument key: the open positions of a stocks strategy. */
  stockPositions: (setId: string) => `state:stocks:${tag(setId)}:positions`,
  /** JSON (options) or Hash of JSON by instrument (stocks): the latest indicator values. */
  indicators: (a: AssetType, setId: string) => `state:${asset(a)}:${tag(setId)}:indicators`,
  /** JSON: a pending entry command (short-lived). */
  entrySignal: (setId: string) => `signal:entry:${tag(setId)}`,
  /** JSON: a pending exit command (short-lived). */
  exitSignal: (setId: string) => `signal:exit:${tag(setId)}`,
  /** Hash of counters for the current trading day. */
  dailyStats: (setId: string) => `stats:daily:${tag(setId)}`,

  // ── seed 001 ─────────────────────────────────────────────────────────────────
  /** JSON: the active config of a strategy (the API's write-through cache). */
  strategyConfig: (setId: string) => `strategy:${tag(setId)}`,
  /** Hash: live runtime facts of a strategy (last price, position flag, last orders). */
  runtime: (setId: string) => `runtime:${tag(setId)}`,
  /** String with a TTL: the position lock — present while someone holds it. */
  lock: (setId: string) => `runtime:${tag(setId)}:lock`,
  /** Set of strategy ids that trade an instrument (the price listener's fan-out). */
  symbolStrategies: (instrumentKey: string) => `symbol:${instrument(instrumentKey)}:strategies`,
  /** List: FIFO queue of order events. */
  orderQueue: () => 'queue:orders',
  /** Hash `{tokens, at}`: a user's order-rate token bucket for one exchange segment (brokers/rate-limiter-redis.ts), shared by every engine process. */
  orderRateBucket: (userId: string, segment: string) => `ratelimit:orders:${id('user id', userId)}:${id('exchange segment', segment)}`,

  // ── streams: hand-offs that must not be lost (DESIGN §4) ─────────────────────
  /** Stream: signals from evaluation to execution. */
  signalStream: () => 'stream:signals',
  /** Stream: order events from execution to whoever follows orders (API, audit). */
  orderStream: () => 'stream:orders',

  // ── API ↔ live engine (docs/ARCHITECTURE.md, "API") ──────────────────────────
  /** Stream: control commands from the API to the live engine (start, stop, reload, kill switch). */
  controlStream: () => 'stream:control',
  /** Pub/Sub channel: what a running strategy does (signals, orders, positions, P&L, status), for the API's WebSocket. */
  strategyFeed: (setId: string) => `feed:strategy:${tag(setId)}`,
  /** Pub/Sub channel: a backtest run's progress, for the API's WebSocket. */
  backtestFeed: (runId: string) => `feed:backtest:${id('backtest id', runId)}`,
  /** Prefix of the API's login/register rate-limit counters (`@fastify/rate-limit` appends the client address). */
  authRateLimitPrefix: () => 'ratelimit:auth:',

  // ── live engine internals (docs/ARCHITECTURE.md, "Live engine") ──────────────
  /** Stream: tick batches from ingest to execution (paper fills, marks). */
  tickStream: () => 'stream:ticks',
  /** Stream: closed candles and the end of a replay, from ingest to indicators and evaluation. */
  candleStream: () => 'stream:candles',
  /** Stream: MongoDB writes of the engine (orders, trade logs, signals, logs), in order, for the recorder — a buffer that outlives a Mongo outage. */
  outboxStream: () => 'stream:outbox',
  /** Set of strategy ids with a run in the live engine. */
  activeRuns: () => 'engine:runs',
  /** String with a TTL: which engine process holds a single-consumer role (`evaluation`, `execution`, …) or a replay. */
  engineLease: (name: string) => `engine:lease:${id('lease name', name)}`,
  /** Hash: a strategy's current run — id, mode, options, state, halt reason. */
  run: (setId: string) => `runtime:${tag(setId)}:run`,
  /** JSON: the strategy core's state after the last bar or fill the run handled. */
  coreState: (setId: string) => `runtime:${tag(setId)}:core`,
  /** List of JSON candles: the bars a run has evaluated on one instrument (series are rebuilt from them after a restart). */
  runBars: (setId: string, instrumentKey: string) => `runtime:${tag(setId)}:bars:${instrument(instrumentKey)}`,
  /** Hash: execution's book of a run — client order id → order state (JSON), `@ledger` → net position by contract. */
  orderBook: (setId: string) => `runtime:${tag(setId)}:orders`,
  /** JSON: the paper broker of a run (its whole state). */
  paperAccount: (setId: string) => `runtime:${tag(setId)}:paper`,
  /** JSON: how far a replay has played and the candles it was building. */
  replayCursor: (setId: string) => `runtime:${tag(setId)}:replay`,
  /** String counter: a replay's messages still being handled by some worker (the replay waits for 0 before its next instant). */
  inflight: (setId: string) => `runtime:${tag(setId)}:inflight`,
} as const;

export type RedisKeys = typeof redisKeys;

/** Default time-to-live of keys the seeds ask to expire, in seconds. */
export const KEY_TTL_SECONDS = {
  /** Seed 002: "Signals: 5-minute TTL". */
  signal: 300,
  /** Seed 002: "Market Data: session-based TTL" — a trading day and a margin. */
  marketData: 24 * 3600,
  /** Daily counters live until the next day is well under way. */
  dailyStats: 36 * 3600,
} as const;
