import type { Redis } from 'ioredis';
import { z } from 'zod';
import { KeyspaceBatch } from './batch.js';
import { LiveControlSchema } from './control.js';
import type { LiveControl } from './control.js';
import { FeedPublisher } from './feed.js';
import { redisKeys } from './keys.js';
import { MarketDataKeys } from './market-data.js';
import { RuntimeKeys } from './runtime-state.js';
import { SignalKeys, LiveSignalSchema } from './signals.js';
import type { LiveSignal } from './signals.js';
import { StrategyStateKeys } from './strategy-state.js';
import { StreamChannel } from './streams.js';
import { SystemKeys } from './system.js';

/**
 * The live engine's Redis state, typed: every key of the keyspace behind a helper that
 * knows its Redis type, its value shape and its TTL. `createKeyspace(redis)` is the one
 * way other modules reach Redis state.
 */

/** An order's progress as published on the order stream. */
export const OrderStreamEventSchema = z
  .object({
    client_order_id: z.string(),
    strategy_id: z.string(),
    status: z.string(),
    /** Epoch ms. */
    at: z.number().int(),
  })
  .catchall(z.unknown());
export type OrderStreamEvent = z.infer<typeof OrderStreamEventSchema>;

export interface Keyspace {
  /** Key names (for diagnostics and tests; helpers below build them for you). */
  readonly keys: typeof redisKeys;
  readonly marketData: MarketDataKeys;
  readonly state: StrategyStateKeys;
  readonly signals: SignalKeys;
  readonly runtime: RuntimeKeys;
  readonly system: SystemKeys;
  readonly streams: {
    /** Evaluation → execution. */
    readonly signals: StreamChannel<LiveSignal>;
    /** Execution → followers (API WebSocket, audit). */
    readonly orders: StreamChannel<OrderStreamEvent>;
    /** API → live engine: start, stop, reload, kill switch. */
    readonly control: StreamChannel<LiveControl>;
  };
  /** Pub/Sub feeds for followers (strategy events, backtest progress). */
  readonly feed: FeedPublisher;
  /** A new batch of pipelined writes. */
  batch(): KeyspaceBatch;
}

export function createKeyspace(redis: Redis, opts: { streamMaxLen?: number } = {}): Keyspace {
  return {
    keys: redisKeys,
    marketData: new MarketDataKeys(redis),
    state: new StrategyStateKeys(redis),
    signals: new SignalKeys(redis),
    runtime: new RuntimeKeys(redis),
    system: new SystemKeys(redis),
    streams: {
      signals: new StreamChannel(redis, redisKeys.signalStream(), LiveSignalSchema, opts.streamMaxLen),
      orders: new StreamChannel(redis, redisKeys.orderStream(), OrderStreamEventSchema, opts.streamMaxLen),
      control: new StreamChannel(redis, redisKeys.controlStream(), LiveControlSchema, opts.streamMaxLen),
    },
    feed: new FeedPublisher(redis),
    batch: () => new KeyspaceBatch(redis),
  };
}

export { KEY_TTL_SECONDS, KeyspaceError, redisKeys } from './keys.js';
export type { AssetType, RedisKeys } from './keys.js';
export { LiveTickSchema } from './market-data.js';
export type { LiveTick } from './market-data.js';
export { IndicatorValuesSchema, LivePositionSchema, StrategyStatusSchema, TradingStateField } from './strategy-state.js';
export type { IndicatorValues, LivePosition, StrategyStatus } from './strategy-state.js';
export { LiveSignalSchema } from './signals.js';
export type { LiveSignal } from './signals.js';
export { QueuedOrderEventSchema, RuntimeFactsSchema } from './runtime-state.js';
export type { HeldLock, QueuedOrderEvent, RuntimeFacts } from './runtime-state.js';
export { KillSwitchStateSchema, PerformanceSchema, SystemStateSchema } from './system.js';
export type { KillSwitchState, Performance, SystemState } from './system.js';
export { StreamChannel } from './streams.js';
export type { MalformedEntry, PendingSummary, StreamBatch, StreamEntry } from './streams.js';
export { KeyspaceBatch } from './batch.js';
export {
  ActiveStrategyConfigSchema,
  ENGINE_HEARTBEAT_STALE_MS,
  KillSwitchCommandSchema,
  LiveControlSchema,
  ReloadCommandSchema,
  StartCommandSchema,
  StopCommandSchema,
} from './control.js';
export type { ActiveStrategyConfig, LiveControl } from './control.js';
export { BacktestFeedEventSchema, FeedPublisher, StrategyFeedEventSchema, parseFeedMessage } from './feed.js';
export type { BacktestFeedEvent, StrategyFeedEvent } from './feed.js';
export { MarketDataKeys } from './market-data.js';
export { StrategyStateKeys } from './strategy-state.js';
export { SignalKeys } from './signals.js';
export { RuntimeKeys } from './runtime-state.js';
export { SystemKeys } from './system.js';
