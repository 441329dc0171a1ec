import type { Db } from 'mongodb';
import { z } from 'zod';
import { IdField, InstrumentKeyField, LooseObject, ModeField, TimeframeField, newId } from './fields.js';
import { Repository, timeRange } from './repository.js';
import type { CollectionIndexes } from './repository.js';

/**
 * `trading_signals` (seed 002): the audit trail of every signal the evaluation worker
 * emits — which strategy, which bar, entry or exit, and the rule trace (which conditions
 * held, with their values) that explains it. The engine names each signal (`_id`), so
 * recording is idempotent.
 */
export const TradingSignalDocSchema = z
  .object({
    _id: IdField,
    set_id: IdField,
    user_id: IdField.optional(),
    strategy_name: z.string().min(1).max(200),
    instrument_key: InstrumentKeyField,
    timeframe: TimeframeField,
    generated_at: z.date(),
    /** Open time of the bar whose close produced the signal. */
    bar_time: z.date(),
    kind: z.enum(['entry', 'exit']),
    side: z.enum(['long', 'short']),
    /** Seed 002's signal type, derived from kind and side. */
    signal_type: z.enum(['BUY', 'SELL', 'HOLD', 'STRONG_BUY', 'STRONG_SELL']),
    /** The entry/exit label in the strategy, e.g. `breakout`. */
    rule_id: z.string().max(200).optional(),
    price: z.number().positive().optional(),
    target_price: z.number().positive().optional(),
    stop_loss: z.number().positive().optional(),
    confidence_score: z.number().min(0).max(1).optional(),
    trace: z.union([LooseObject, z.array(z.unknown())]),
    indicators_used: LooseObject.optional(),
    market_condition: z.string().max(50).optional(),
    mode: ModeField,
    is_active: z.boolean(),
    expires_at: z.date().optional(),
    created_at: z.date(),
  })
  .strict();
export type TradingSignalDoc = z.infer<typeof TradingSignalDocSchema>;
export type TradingSignalDocInput = Omit<TradingSignalDoc, '_id' | 'signal_type' | 'is_active' | 'created_at'> &
  Partial<Pick<TradingSignalDoc, '_id' | 'is_active' | 'signal_type'>>;

export const tradingSignalIndexes: CollectionIndexes = {
  collection: 'trading_signals',
  indexes: [
    { key: { generated_at: -1 }, name: 'generated_at' },
    { key: { is_active: 1, generated_at: -1 }, name: 'active_time' },
    { key: { timeframe: 1, generated_at: -1 }, name: 'timeframe_time' },
    { key: { set_id: 1, generated_at: -1 }, name: 'set_time' },
  ],
};

/** BUY opens a long or closes a short; SELL the reverse. */
function signalType(kind: 'entry' | 'exit', side: 'long' | 'short'): 'BUY' | 'SELL' {
  return (kind === 'entry') === (side === 'long') ? 'BUY' : 'SELL';
}

export class TradingSignalsRepository extends Repository<typeof TradingSignalDocSchema> {
  constructor(db: Db) {
    super(db, 'trading_signals', TradingSignalDocSchema);
  }

  /** Stores signals idempotently by `_id` (safe to retry); returns how many were new. */
  async record(signals: readonly TradingSignalDocInput[]): Promise<number> {
    const now = new Date();
    return this.insertNewById(signals.map((s) => this.valid({ _id: newId(), signal_type: signalType(s.kind, s.side), is_active: true, ...s, created_at: now })));
  }

  async get(id: string): Promise<TradingSignalDoc | null> {
    return this.parsedOrNull(await this.collection.findOne({ _id: id }));
  }

  /** A strategy's signals generated in `[from, to)`, newest first. */
  async listForSet(setId: string, opts: { from?: Date; to?: Date; limit?: number } = {}): Promise<TradingSignalDoc[]> {
    return this.findParsed({ set_id: setId, ...timeRange('generated_at', opts.from, opts.to) }, { generated_at: -1 }, opts.limit ?? 500);
  }

  /** Signals still active, newest first. */
  async listActive(limit = 500): Promise<TradingSignalDoc[]> {
    return this.findParsed({ is_active: true }, { generated_at: -1 }, limit);
  }

  /** Marks a signal handled (or expired); false when it was not active. */
  async deactivate(id: string): Promise<boolean> {
    return (await this.collection.updateOne({ _id: id, is_active: true }, { $set: { is_active: false } })).modifiedCount === 1;
  }
}
