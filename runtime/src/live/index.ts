/**
 * The live trading engine (seed 003): ingest → indicators → evaluation → execution over
 * Redis, with the strategy core the backtester uses, the brokers and feeds of this package,
 * and MongoDB as the record. See docs/ARCHITECTURE.md, "Live engine".
 */
export { startLiveEngine, type LiveEngine, type LiveEngineOptions } from './engine.js';
export { LIVE_ROLES, LIVE_RISK_ENV, LIVE_TIMING_ENV, LiveEngineConfigSchema, RiskLimitsSchema, resolveLiveConfig, defaultConsumer, type LiveRole, type LiveEngineConfig, type LiveEngineConfigInput, type RiskLimits } from './config.js';
export type { EngineContext } from './context.js';
export { LiveMetrics } from './metrics.js';
export { CandleBuilder, type ClosedCandle, type BuilderState } from './ingest/candle-builder.js';
export { BarGrid } from './market/buckets.js';
export { sessionOn, marketStatus, exchangeSegment, sessionDate, type SessionDay } from './market/calendar.js';
export { partitionOf } from './ingest/ingest-worker.js';
export type { FeedFactory, LiveDemand } from './ingest/live-market.js';
export { checkEntry, type EntryFacts, type Refusal } from './execution/risk.js';
export { clientOrderId, BookOrderSchema, type BookOrder } from './execution/order-book.js';
export { RunSchema, StartOptionsSchema, DEFAULT_REPLAY_SPEED, getRun, listRuns, runTag, type Run } from './runs/run-record.js';
export { warmupStart, storedBars, RUN_BARS_KEPT } from './runs/warmup.js';
export { runStartOf } from './evaluation/eval-run.js';
export { TickEventSchema, CandleEventSchema, IntentMessageSchema, OrderEventMessageSchema, OrderIntentSchema, FillSchema, marketOf, type TickEvent, type CandleEvent, type IntentMessage, type OrderEventMessage, type MarketId } from './streams/messages.js';
export { liveChannels, ensureGroups, GROUPS, waitQuiet, type LiveChannels } from './streams/channels.js';
export { OutboxEntrySchema, type OutboxEntry } from './recorder/outbox-entry.js';
