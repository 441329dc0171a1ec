/**
 * The strategy core shared by the backtester and the live engine: bars in, order intents
 * out, fills back in, trades out; its whole state is JSON (`CoreState`).
 */
export { StrategyCore, type CoreConfig } from './core.js';
export type { FillResult } from './fills.js';
export type { OrderIntent, EntryIntent, ExitIntent, ProtectIntent, CancelIntent, Fill, FillMode, ExitReason } from './orders.js';
export { SignalSchema, ConditionTraceSchema, type Signal } from './signal.js';
export { TradeSchema, ExitReasonSchema, type Trade } from './trade.js';
export { CoreStateSchema, PositionSchema, PendingEntrySchema, SignalStatsSchema, CORE_STATE_FORMAT, initialState, type CoreState, type Position, type PendingEntry, type SignalStats, type LevelPlan, type TrailPlan } from './state.js';
export { InstrumentSpecSchema, defaultSpec, roundToTick, NSE_TICK, type InstrumentSpec } from './instrument.js';
export type { OptionContractResolver } from './options.js';
export { orderQuantity, type SizingInputs } from './sizing.js';
export { openPnl } from './position.js';
