import type { Db } from 'mongodb';
import { z } from 'zod';
import { DateStringField, IdField, LooseObject, newId } from './fields.js';
import { Repository } from './repository.js';
import type { CollectionIndexes, WriteResult } from './repository.js';
import { validateDocument } from './validation.js';
import { BACKTEST_RESULT_SCHEMAS } from '../../backtest/result.js';

/**
 * `backtest_results` (seed 000): one self-contained document per run — RUNNING while it
 * runs, then COMPLETED with summary, trades and equity, or FAILED with the reason. The
 * strategy snapshot is an immutable copy of the code and graph the run used.
 *
 * `summary`, `trades` and `equity` are loosely typed here on purpose: their shape belongs
 * to the backtester, which passes its own schemas through `resultSchemas` to have them
 * checked on write. A document is limited to 16 MB — a very long equity curve should be
 * downsampled by the backtester before it is stored.
 */
export const BacktestStatusField = z.enum(['RUNNING', 'COMPLETED', 'FAILED']);

export const RunParametersDocSchema = z
  .object({
    strategy_id_source: IdField.optional(),
    strategy_version: z.number().int().min(1).optional(),
    start_date: DateStringField.optional(),
    end_date: DateStringField.optional(),
    data_source: z.string().max(300).optional(),
    params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).optional(),
  })
  .catchall(z.unknown());

export const StrategySnapshotDocSchema = z
  .object({
    config: LooseObject,
    indicators_config: z.union([LooseObject, z.array(z.unknown())]),
    source: z.string().max(500_000).optional(),
    source_hash: z.string().max(128).optional(),
  })
  .strict();

export const BacktestResultDocSchema = z
  .object({
    _id: IdField,
    user_id: IdField.optional(),
    status: BacktestStatusField,
    run_parameters: RunParametersDocSchema,
    strategy_snapshot: StrategySnapshotDocSchema,
    progress: z.number().min(0).max(1).optional(),
    summary: LooseObject.optional(),
    trades: z.array(z.unknown()).optional(),
    equity: z.array(z.unknown()).optional(),
    error: z.string().max(5_000).optional(),
    created_at: z.date(),
    finished_at: z.date().optional(),
  })
  .strict();
export type BacktestResultDoc = z.infer<typeof BacktestResultDocSchema>;

/** The backtester's own schemas for what a completed run stores. */
export interface ResultSchemas {
  summary?: z.ZodType;
  trade?: z.ZodType;
  equityPoint?: z.ZodType;
}

export const backtestResultIndexes: CollectionIndexes = {
  collection: 'backtest_results',
  indexes: [
    { key: { user_id: 1, created_at: -1 }, name: 'user_created' },
    { key: { 'run_parameters.strategy_id_source': 1, created_at: -1 }, name: 'strategy_created' },
    { key: { status: 1 }, name: 'status' },
  ],
};

export class BacktestResultsRepository extends Repository<typeof BacktestResultDocSchema> {
  constructor(
    db: Db,
    /** default: the backtester's own schemas (`BACKTEST_RESULT_SCHEMAS`); `{}` stores them unchecked */
    private readonly resultSchemas: ResultSchemas = BACKTEST_RESULT_SCHEMAS,
  ) {
    super(db, 'backtest_results', BacktestResultDocSchema);
  }

  /** Records a run as RUNNING and returns it (with a generated `_id` unless given). */
  async start(run: Pick<BacktestResultDoc, 'run_parameters' | 'strategy_snapshot'> & Partial<Pick<BacktestResultDoc, '_id' | 'user_id'>>): Promise<BacktestResultDoc> {
    const doc = this.valid({ _id: newId(), ...run, status: 'RUNNING', progress: 0, created_at: new Date() });
    await this.collection.insertOne(doc);
    return doc;
  }

  /** Updates a RUNNING run's progress (0..1); false when the run is no longer running. */
  async progress(id: string, fraction: number): Promise<boolean> {
    const p = validateDocument(this.collectionName, z.number().min(0).max(1), fraction);
    return (await this.collection.updateOne({ _id: id, status: 'RUNNING' }, { $set: { progress: p } })).modifiedCount === 1;
  }

  /**
   * RUNNING → COMPLETED with the results; a run that is not RUNNING is a `status` conflict.
   * `run_parameters`, when given (what the backtester measured: data hashes, engine version,
   * fingerprint), are merged over the ones recorded at start.
   */
  async complete(id: string, result: { summary: Record<string, unknown>; trades: unknown[]; equity: unknown[]; run_parameters?: Record<string, unknown> }): Promise<WriteResult<BacktestResultDoc>> {
    const s = this.resultSchemas;
    if (s.summary) validateDocument(this.collectionName, z.object({ summary: s.summary }), { summary: result.summary });
    if (s.trade) validateDocument(this.collectionName, z.object({ trades: z.array(s.trade) }), { trades: result.trades });
    if (s.equityPoint) validateDocument(this.collectionName, z.object({ equity: z.array(s.equityPoint) }), { equity: result.equity });
    const { run_parameters: measured, ...parts } = result;
    return this.finish(id, { status: 'COMPLETED', progress: 1, ...parts }, measured);
  }

  /** RUNNING → FAILED with the reason; a run that is not RUNNING is a `status` conflict. */
  async fail(id: string, error: string): Promise<WriteResult<BacktestResultDoc>> {
    return this.finish(id, { status: 'FAILED', error: error.slice(0, 5_000) });
  }

  private async finish(id: string, fields: Partial<BacktestResultDoc>, runParameters?: Record<string, unknown>): Promise<WriteResult<BacktestResultDoc>> {
    const current = await this.get(id);
    if (!current || current.status !== 'RUNNING') return { ok: false, conflict: 'status' };
    const next = this.valid({ ...current, ...fields, ...(runParameters ? { run_parameters: { ...current.run_parameters, ...runParameters } } : {}), finished_at: new Date() });
    const r = await this.collection.replaceOne({ _id: id, status: 'RUNNING' }, next);
    return r.modifiedCount === 1 ? { ok: true, value: next } : { ok: false, conflict: 'status' };
  }

  async get(id: string): Promise<BacktestResultDoc | null> {
    return this.parsedOrNull(await this.collection.findOne({ _id: id }));
  }

  /** The run when `userId` started it; null otherwise. */
  async getOwned(userId: string, id: string): Promise<BacktestResultDoc | null> {
    return this.parsedOrNull(await this.collection.findOne({ _id: id, user_id: userId }));
  }

  /** A user's runs, newest first, without the heavy `trades` and `equity`. */
  async listByUser(userId: string, limit = 100): Promise<Array<Omit<BacktestResultDoc, 'trades' | 'equity'>>> {
    const docs = await this.collection
      .find({ user_id: userId }, { projection: { trades: 0, equity: 0 } })
      .sort({ created_at: -1 })
      .limit(limit)
      .toArray();
    return docs.map((d) => this.parsed(d));
  }

  /** Runs left RUNNING by a process that died (started before `before`), to be marked FAILED at start-up. */
  async listStale(before: Date): Promise<BacktestResultDoc[]> {
    const docs = await this.collection.find({ status: 'RUNNING', created_at: { $lt: before } }).toArray();
    return docs.map((d) => this.parsed(d));
  }
}
