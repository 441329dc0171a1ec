import { COMPILER_VERSION, GRAPH_FORMAT, type RuleGraph } from '@algo/compiler';
import { parseDataSpecs, type BacktestResultDoc, type Keyspace, type Storage } from '@algo/runtime';
import type { Logger } from 'pino';
import { ApiError, notFound } from '../errors.js';
import type { CreateBacktestBody } from '../schemas/backtests.js';
import type { StrategyService } from '../strategies/service.js';
import type { BacktestJob } from './job.js';
import type { WorkerPool } from './pool.js';

export interface BacktestLimits {
  readonly queueLimit: number;
  readonly perUserLimit: number;
}

export interface BacktestEvents {
  onFinished?(status: 'COMPLETED' | 'FAILED'): void;
}

/**
 * On-demand backtests: a request is checked (strategy, version, data specs) before
 * anything is stored, recorded in `backtest_results` as RUNNING with its
 * `strategy_snapshot` and `run_parameters`, and queued for the worker pool; the API
 * answers at once. Progress goes to `feed:backtest:{id}` (the WebSocket) and, at most once
 * a second, to the document; the end is COMPLETED with the result, or FAILED with why.
 */
export class BacktestService {
  private readonly perUser = new Map<string, number>();
  private readonly inflight = new Set<Promise<void>>();

  constructor(
    private readonly storage: Storage,
    private readonly keyspace: Keyspace,
    private readonly strategies: StrategyService,
    private readonly pool: WorkerPool,
    private readonly limits: BacktestLimits,
    private readonly mongo: { url: string; dbName: string } | undefined,
    private readonly log: Logger,
    private readonly events: BacktestEvents = {},
  ) {}

  /** Checks, records and queues a run; returns the RUNNING document. */
  async create(userId: string, body: CreateBacktestBody): Promise<BacktestResultDoc> {
    if (this.pool.queued >= this.limits.queueLimit) throw new ApiError('QUEUE_FULL', `${this.pool.queued} backtests are waiting already; try again in a while`);
    if ((this.perUser.get(userId) ?? 0) >= this.limits.perUserLimit) throw new ApiError('QUEUE_FULL', `you have ${this.limits.perUserLimit} backtests waiting or running; wait for one to finish`);
    const params = body.params ?? {};
    let source: string;
    let strategy: { id: string; version: number; name: string } | undefined;
    let storedGraph: RuleGraph | undefined;
    if (body.strategy_id) {
      const s = await this.strategies.get(userId, body.strategy_id);
      const version = body.version ?? s.version;
      const v = version === s.version ? s : await this.storage.strategyVersions.get(s._id, version);
      if (!v) throw new ApiError('NOT_FOUND', `"${s.set_name}" has no version ${version} (it is at version ${s.version})`);
      source = v.source;
      storedGraph = v.config as unknown as RuleGraph;
      strategy = { id: s._id, version, name: s.set_name };
    } else {
      source = body.source!;
    }
    // A stored version's graph was compiled by this server when it was pushed: it is run as
    // stored, unless the compiler changed since. Param overrides, and source sent with the
    // request, are compiled here.
    let graph: RuleGraph;
    if (storedGraph && !body.params && storedGraph.format === GRAPH_FORMAT && storedGraph.compiler?.version === COMPILER_VERSION) graph = storedGraph;
    else {
      const base = strategy ? await this.storedParams(strategy.id, strategy.version) : {};
      graph = this.strategies.compile(source, { ...base, ...params }).graph;
    }
    const s = graph.settings;
    const specs = parseDataSpecs(body.data, s.asset === 'options' ? [s.underlying ?? ''] : s.symbols);
    if ('error' in specs) throw new ApiError('BACKTEST_REFUSED', specs.error.replace(/--data/g, 'data'));
    if (specs.specs.some((d) => d.kind === 'mongo') && !this.mongo) throw new ApiError('BACKTEST_REFUSED', 'this server has no MongoDB to read historical candles from');

    const doc = await this.storage.backtestResults.start({
      user_id: userId,
      run_parameters: {
        ...(strategy ? { strategy_id_source: strategy.id, strategy_version: strategy.version, strategy_name: strategy.name } : { strategy_name: s.name }),
        ...(body.from ? { start_date: body.from } : {}),
        ...(body.to ? { end_date: body.to } : {}),
        data_source: body.data.join(' '),
        params: Object.fromEntries(graph.params.map((p) => [p.name, p.value])),
        ...(body.seed !== undefined ? { seed: body.seed } : {}),
      },
      strategy_snapshot: { config: graph as unknown as Record<string, unknown>, indicators_config: graph.indicators_config as unknown as Record<string, unknown>, source, source_hash: graph.source_hash },
    });
    const job: BacktestJob = {
      run_id: doc._id,
      graph: graph as unknown as Record<string, unknown>,
      source,
      data: body.data,
      ...(body.from ? { from: body.from } : {}),
      ...(body.to ? { to: body.to } : {}),
      ...(body.seed !== undefined ? { seed: body.seed } : {}),
      ...(this.mongo ? { mongo: this.mongo } : {}),
    };
    this.perUser.set(userId, (this.perUser.get(userId) ?? 0) + 1);
    const p = this.execute(userId, job).finally(() => this.inflight.delete(p));
    this.inflight.add(p);
    return doc;
  }

  private async storedParams(id: string, version: number): Promise<Record<string, number | boolean>> {
    const v = await this.storage.strategyVersions.get(id, version);
    const out: Record<string, number | boolean> = {};
    for (const [k, x] of Object.entries(v?.params ?? {})) if (typeof x !== 'string') out[k] = x;
    return out;
  }

  /** Runs waiting ahead of `id` (0: it runs next), or undefined once it has started or finished. */
  queuePosition(id: string): number | undefined {
    return this.pool.position(id);
  }

  private async execute(userId: string, job: BacktestJob): Promise<void> {
    const id = job.run_id;
    let lastWrite = 0;
    const publish = (e: Parameters<Keyspace['feed']['backtest']>[0]) => this.keyspace.feed.backtest(e).catch((err: unknown) => this.log.warn({ err, run_id: id }, 'backtest feed publish failed'));
    try {
      const outcome = await this.pool.run(job, (progress, bars) => {
        void publish({ type: 'progress', run_id: id, at: Date.now(), progress, bars });
        if (Date.now() - lastWrite >= 1000) {
          lastWrite = Date.now();
          void this.storage.backtestResults.progress(id, progress).catch(() => undefined);
        }
      });
      if (outcome.ok) {
        const r = outcome.result as { summary: Record<string, unknown>; trades: unknown[]; equity: unknown[]; run_parameters?: Record<string, unknown> };
        const done = await this.storage.backtestResults.complete(id, { summary: r.summary, trades: r.trades, equity: r.equity, ...(r.run_parameters ? { run_parameters: r.run_parameters } : {}) });
        if (!done.ok) throw new Error(`run ${id} was no longer RUNNING when it completed`);
        this.events.onFinished?.('COMPLETED');
        void publish({ type: 'completed', run_id: id, at: Date.now(), progress: 1 });
      } else {
        await this.failRun(id, outcome.error);
        void publish({ type: 'failed', run_id: id, at: Date.now(), progress: 0, message: outcome.error });
      }
    } catch (err) {
      this.log.error({ err, run_id: id }, 'backtest bookkeeping failed');
      const message = `the result could not be stored: ${err instanceof Error ? err.message : String(err)}`;
      await this.failRun(id, message).catch(() => undefined);
      void publish({ type: 'failed', run_id: id, at: Date.now(), progress: 0, message });
    } finally {
      const n = (this.perUser.get(userId) ?? 1) - 1;
      if (n > 0) this.perUser.set(userId, n);
      else this.perUser.delete(userId);
    }
  }

  private async failRun(id: string, error: string): Promise<void> {
    await this.storage.backtestResults.fail(id, error);
    this.events.onFinished?.('FAILED');
  }

  async list(userId: string, limit: number): Promise<Array<Omit<BacktestResultDoc, 'trades' | 'equity'>>> {
    return this.storage.backtestResults.listByUser(userId, limit);
  }

  /** The user's run, or 404. */
  async get(userId: string, id: string): Promise<BacktestResultDoc> {
    const r = await this.storage.backtestResults.getOwned(userId, id);
    if (!r) throw notFound('backtest', id);
    return r;
  }

  /** Marks runs a previous server process left RUNNING as FAILED (at start-up, before any new run). */
  async recoverInterrupted(): Promise<number> {
    const stale = await this.storage.backtestResults.listStale(new Date());
    for (const r of stale) await this.storage.backtestResults.fail(r._id, 'interrupted: the server stopped while this backtest ran; run it again');
    return stale.length;
  }

  /** Stops the workers; queued and running runs are recorded as FAILED. */
  async close(): Promise<void> {
    await this.pool.close();
    await Promise.allSettled([...this.inflight]);
  }
}
