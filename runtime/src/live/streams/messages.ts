import { z } from 'zod';
import { CostBreakdownSchema } from '../../backtest/costs.js';
import { CandleSchema } from '../../market/candle.js';
import { LiveSignalSchema } from '../../redis/keyspace/signals.js';
import { OrderStreamEventSchema } from '../../redis/keyspace/index.js';
import { SignalSchema } from '../../strategy/signal.js';

/**
 * What the live workers hand each other through Redis Streams — every message a zod
 * schema, checked when it is read (a malformed entry is acknowledged and logged, never
 * retried forever); the engine writes them from typed values without checking them again.
 *
 * - `stream:ticks` (ingest → execution): a batch of ticks; `stream:candles` (ingest →
 *   indicators, evaluation): a closed candle, or the end of a replay. `market` says which
 *   market: `live` (the broker feed) or `replay:<strategy id>` (a replayed day, seen by that
 *   strategy only).
 * - `stream:signals` (evaluation → execution): one order intent of the strategy core per
 *   entry, as a seed-002 signal (`LiveSignal`) carrying the intent and its rule trace.
 * - `stream:orders` (execution → evaluation and any follower): an order's progress, with
 *   the fill or the refusal the strategy core must hear about.
 */

/** `live`, or `replay:<strategy id>`. */
export const MarketIdSchema = z.string().regex(/^(live|replay:[A-Za-z0-9_.:@-]{1,128})$/, 'a market is "live" or "replay:<strategy id>"');
export type MarketId = z.infer<typeof MarketIdSchema>;

/** The market a run reads: its own replay, or the live feed. */
export function marketOf(run: { strategy_id: string; replay?: string | undefined }): MarketId {
  return run.replay ? `replay:${run.strategy_id}` : 'live';
}

export const WireTickSchema = z.object({
  instrument: z.string(),
  ltp: z.number().positive(),
  ts: z.number(),
  volume: z.number().nonnegative().optional(),
  oi: z.number().nonnegative().optional(),
  gap: z.boolean().optional(),
});

export const TickEventSchema = z.object({
  kind: z.literal('ticks'),
  market: MarketIdSchema,
  ticks: z.array(WireTickSchema).min(1),
  /** wall ms when ingest received the batch */
  received_at: z.number(),
});
export type TickEvent = z.infer<typeof TickEventSchema>;

export const CandleEventSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('candle'),
    market: MarketIdSchema,
    instrument: z.string(),
    timeframe: z.string(),
    candle: CandleSchema,
    /** market ms of the last tick inside the bar (an `on_close` order fills from it) */
    last_tick: z.number(),
    /** wall ms when ingest received the tick (or the timer fired) that closed the bar */
    received_at: z.number(),
  }),
  z.object({ kind: z.literal('end'), market: MarketIdSchema, at: z.number(), reason: z.string() }),
]);
export type CandleEvent = z.infer<typeof CandleEventSchema>;

const FillModeSchema = z.enum(['next_open', 'on_close']);
const ExitReasonSchema = z.enum(['signal', 'stop_loss', 'take_profit', 'trailing_stop', 'max_daily_loss', 'end_of_data', 'expiry']);

/** The strategy core's `OrderIntent`s as data (their TS types live in strategy/orders.ts). */
export const OrderIntentSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('entry'),
    order_id: z.string(),
    instrument: z.string(),
    contract: z.string(),
    side: z.enum(['buy', 'sell']),
    position_side: z.enum(['long', 'short']),
    qty: z.number().positive(),
    fill: FillModeSchema,
    signal: SignalSchema,
  }),
  z.object({
    type: z.literal('exit'),
    order_id: z.string(),
    position_id: z.string(),
    instrument: z.string(),
    contract: z.string(),
    side: z.enum(['buy', 'sell']),
    qty: z.number().positive(),
    fill: FillModeSchema,
    reason: ExitReasonSchema,
    signal: SignalSchema,
  }),
  z.object({
    type: z.literal('protect'),
    position_id: z.string(),
    contract: z.string(),
    side: z.enum(['buy', 'sell']),
    qty: z.number().positive(),
    stop: z.number().nullable(),
    target: z.number().nullable(),
    stop_reason: z.enum(['stop_loss', 'trailing_stop']),
  }),
  z.object({ type: z.literal('cancel'), order_id: z.string(), reason: z.string() }),
]);

/**
 * One intent on `stream:signals`. The seed-002 fields say what it is (`kind`: an entry, or
 * an exit — protective stops and targets are exits too; `instrument_key` is the contract
 * traded); `intent` is the core's intent verbatim.
 */
export const IntentMessageSchema = LiveSignalSchema.extend({
  run_id: z.string(),
  intent: OrderIntentSchema,
  /** market ms the decision counts from: a paper order fills on the first tick at or after it (absent: now) */
  decided_at: z.number().optional(),
  /** the signal bar's close, for order-value checks */
  bar_close: z.number().optional(),
  /** part of a replay that waits for every message to be handled (see `inflight`) */
  lockstep: z.boolean().optional(),
  /** wall ms the market event behind it reached ingest */
  received_at: z.number().optional(),
});
export type IntentMessage = z.infer<typeof IntentMessageSchema>;

export const FillSchema = z.object({
  order_id: z.string(),
  position_id: z.string().optional(),
  contract: z.string(),
  side: z.enum(['buy', 'sell']),
  qty: z.number().positive(),
  price: z.number().positive(),
  time: z.number(),
  bar_time: z.number(),
  costs: CostBreakdownSchema,
  at: z.enum(['open', 'close', 'level', 'gap']),
  reason: ExitReasonSchema.optional(),
});

/** One change of an order on `stream:orders`, for the strategy core (`fill`, `refused`) and for followers. */
export const OrderEventMessageSchema = OrderStreamEventSchema.extend({
  run_id: z.string(),
  /** `fill`: the core must apply `fill`; `refused`: the order will never fill — `order_id` is the core's id; `update`: for followers only */
  event: z.enum(['fill', 'refused', 'update']),
  order_id: z.string().optional(),
  fill: FillSchema.optional(),
  reason: z.string().optional(),
  /** for an exit fill: the client order id of the position's entry (trade logs name both legs) */
  entry_client_order_id: z.string().optional(),
  instrument_key: z.string().optional(),
  side: z.enum(['BUY', 'SELL']).optional(),
  quantity: z.number().optional(),
  price: z.number().optional(),
  lockstep: z.boolean().optional(),
});
export type OrderEventMessage = z.infer<typeof OrderEventMessageSchema>;

/** How many consumer groups of the engine read each stream — what a lock-step message adds to `inflight`. */
export const STREAM_READERS = { ticks: 1, candles: 2, signals: 1, orders: 1 } as const;
