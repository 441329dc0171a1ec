import { z } from 'zod';
import { CostBreakdownSchema } from '../backtest/costs.js';
import { SignalSchema } from './signal.js';

/**
 * The strategy core's whole state as plain JSON: cash, open positions with their stops,
 * entries sent but not filled, the trading day's counters, and signal statistics. The live
 * engine writes a snapshot to Redis after every bar and restores it after a crash; nothing
 * in it refers to memory (series values are rebuilt by replaying warm-up bars, see
 * `StrategyCore.prime`).
 */
export const CORE_STATE_FORMAT = 'algo.core-state/v1';

/** A stop-loss/take-profit rule resolved at signal time, applied to the entry fill price. */
export const LevelPlanSchema = z.discriminatedUnion('kind', [
  /** a fraction of the entry price */
  z.strictObject({ kind: z.literal('fraction'), value: z.number() }),
  /** a distance in price units (points, or ATR × multiple read at the signal bar) */
  z.strictObject({ kind: z.literal('distance'), value: z.number() }),
  /** an absolute price */
  z.strictObject({ kind: z.literal('price'), value: z.number() }),
  /** a multiple of the stop distance (take-profit only) */
  z.strictObject({ kind: z.literal('r'), value: z.number() }),
]);
export type LevelPlan = z.infer<typeof LevelPlanSchema>;

/** A trailing stop: a fraction or distance from the best price; `atr` re-reads its series each bar. */
export const TrailPlanSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('fraction'), value: z.number() }),
  z.strictObject({ kind: z.literal('distance'), value: z.number() }),
  z.strictObject({ kind: z.literal('atr'), value: z.number(), series: z.string() }),
]);
export type TrailPlan = z.infer<typeof TrailPlanSchema>;

export const PendingEntrySchema = z.strictObject({
  order_id: z.string(),
  instrument: z.string(),
  contract: z.string(),
  side: z.enum(['long', 'short']),
  qty: z.number(),
  fill: z.enum(['next_open', 'on_close']),
  stop: LevelPlanSchema,
  target: LevelPlanSchema.nullable(),
  trail: TrailPlanSchema.nullable(),
  /** the exit rules' `entry_label` match against this */
  label: z.string().nullable(),
  signal: SignalSchema,
});
export type PendingEntry = z.infer<typeof PendingEntrySchema>;

// The shape is written as two literals spread into one, not as one literal with every key:
// V8 starts all object literals with the same number of properties from one shared map, so a
// 23-key literal here (its values zod objects) would share field representations with the
// positions `applyFill` builds as literals with these keys in this order — `mark`, `best` and
// `worst` would become tagged fields, and every bar's mark would allocate a heap number.
const POSITION_ENTRY = {
  id: z.string(),
  instrument: z.string(),
  contract: z.string(),
  side: z.enum(['long', 'short']),
  qty: z.number(),
  entry_price: z.number(),
  entry_time: z.number(),
  entry_bar_time: z.number(),
  entry_costs: CostBreakdownSchema,
  fill: z.enum(['next_open', 'on_close']),
  label: z.string().nullable(),
  signal: SignalSchema,
};
const POSITION_LIFE = {
  /** base bars closed with the position open (the fill bar counts as 1) */
  bars: z.int(),
  /** latest price of the contract (bar close) */
  mark: z.number(),
  /** best and worst prices since entry (highs and lows), for the trailing stop and MAE/MFE */
  best: z.number(),
  worst: z.number(),
  stop: z.number(),
  initial_stop: z.number(),
  target: z.number().nullable(),
  trail: TrailPlanSchema.nullable(),
  /** the trailing stop level in force (null before it is computed) */
  trail_level: z.number().nullable(),
  /** the exit order out for this position, if any: its id, why, and the signal that sent it */
  exiting: z
    .strictObject({ order_id: z.string(), reason: z.enum(['signal', 'stop_loss', 'take_profit', 'trailing_stop', 'max_daily_loss', 'end_of_data', 'expiry']), signal: SignalSchema })
    .nullable(),
};
export const PositionSchema = z.strictObject({ ...POSITION_ENTRY, ...POSITION_LIFE });
export type Position = z.infer<typeof PositionSchema>;

export const SignalStatsSchema = z.strictObject({
  entries_fired: z.int(),
  entries_taken: z.int(),
  exits_fired: z.int(),
  exits_taken: z.int(),
  /** entry signals not acted on, by reason (`in_position`, `outside_session`, `max_positions`, …) */
  refused: z.record(z.string(), z.int()),
});
export type SignalStats = z.infer<typeof SignalStatsSchema>;

// Spread from two literals for the reason `PositionSchema` is (see there): a literal with
// these nine keys would share its map with `initialState`'s, and `cash`, read on every bar,
// would be a tagged field.
const CORE_MONEY = {
  format: z.literal(CORE_STATE_FORMAT),
  /** capital + closed P&L − every fill's costs so far */
  cash: z.number(),
  next_id: z.int().min(1),
  day: z.strictObject({
    /** session day (days since 1970-01-01 on the exchange's calendar), null before the first bar */
    day: z.int().nullable(),
    /** equity at the previous day's last close: the base of `max_daily_loss` */
    start_equity: z.number(),
    /** entries sent today (`max_trades_per_day`) */
    entries: z.int(),
    /** `max_daily_loss` hit: no more entries today */
    halted: z.boolean(),
  }),
};
const CORE_BOOKS = {
  positions: z.array(PositionSchema),
  pending: z.array(PendingEntrySchema),
  /** latest price of each contract traded (written with the snapshot from the open positions) */
  marks: z.record(z.string(), z.number()),
  /** latest bar time per signal instrument (bars must move forward) */
  last_bar: z.record(z.string(), z.number()),
  stats: SignalStatsSchema,
};
export const CoreStateSchema = z.strictObject({ ...CORE_MONEY, ...CORE_BOOKS });
export type CoreState = z.infer<typeof CoreStateSchema>;

/** The state of a core that has seen nothing yet. */
export function initialState(capital: number): CoreState {
  return {
    format: CORE_STATE_FORMAT,
    cash: capital,
    next_id: 1,
    day: { day: null, start_equity: capital, entries: 0, halted: false },
    positions: [],
    pending: [],
    marks: {},
    last_bar: {},
    stats: { entries_fired: 0, entries_taken: 0, exits_fired: 0, exits_taken: 0, refused: {} },
  };
}
