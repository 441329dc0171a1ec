import type { Redis } from 'ioredis';
import { z } from 'zod';
import { KeyspaceBatch } from './batch.js';
import { redisKeys } from './keys.js';
import { MarketDataKeys } from './market-data.js';
import { RuntimeKeys } from './runtime-state.js';
import { SignalKeys, SignalSchema } from './signals.js';
import type { Signal } from './signals.js';
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
    readonly signals: StreamChannel<Signal>;
    /** Execution → followers (API WebSocket, audit). */
    readonly orders: StreamChannel<OrderStreamEvent>;
  };
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
      signals: new StreamChannel(redis, redisKeys.signalStream(), SignalSchema, opts.streamMaxLen),
      orders: new StreamChannel(redis, redisKeys.orderStream(), OrderStreamEventSchema, opts.streamMaxLen),
    },
    batch: () => new KeyspaceBatch(redis),
  };
}

export { KEY_TTL_SECONDS, KeyspaceError, redisKeys } from './keys.js';
export type { AssetType, RedisKeys } from './keys.js';
export { TickSchema } from './market-data.js';
export type { Tick } from './market-data.js';
export { IndicatorValuesSchema, PositionSchema, StrategyStatusSchema, TradingStateField } from './strategy-state.js';
export type { IndicatorValues, Position, StrategyStatus } from './strategy-state.js';
export { SignalSchema } from './signals.js';
export type { Signal } from './signals.js';
export { OrderEventSchema, RuntimeSchema } from './runtime-state.js';
export type { HeldLock, OrderEvent, Runtime } from './runtime-state.js';
export { KillSwitchStateSchema, PerformanceSchema, SystemStateSchema } from './system.js';
export type { KillSwitchState, Performance, SystemState } from './system.js';
export { StreamChannel } from './streams.js';
export type { MalformedEntry, PendingSummary, StreamBatch, StreamEntry } from './streams.js';
export { KeyspaceBatch } from './batch.js';
export { MarketDataKeys } from './market-data.js';
export { StrategyStateKeys } from './strategy-state.js';
export { SignalKeys } from './signals.js';
export { RuntimeKeys } from './runtime-state.js';
export { SystemKeys } from './system.js';
