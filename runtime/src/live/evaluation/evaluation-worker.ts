import type { WriteRecipe } from '../../redis/keyspace/codec.js';
import type { LiveControl } from '../../redis/keyspace/control.js';
import { redisKeys } from '../../redis/keyspace/keys.js';
import type { StreamEntry } from '../../redis/keyspace/streams.js';
import { commit, reportRecipes, type EngineContext } from '../context.js';
import { RoleWorker } from '../role-worker.js';
import { dropRunRecipe, ensureRun, getRun, runFieldsRecipe, startedRecipes, type Run } from '../runs/run-record.js';
import { loadStrategy } from '../runs/strategy-loader.js';
import { feedRecipe, statusFieldsRecipe } from '../state/recipes.js';
import { appendRecipe, inflightRecipe } from '../streams/channels.js';
import type { CandleEvent, OrderEventMessage } from '../streams/messages.js';
import { EvalRun, runStartOf } from './eval-run.js';

/**
 * The evaluation worker (seed 003): for each run, the strategy core — the backtester's —
 * fed every closed candle of the run's market (`stream:candles`) and every fill or refusal
 * execution reports (`stream:orders`); what it decides goes to execution on
 * `stream:signals`, every fired rule with its trace to `trading_signals`, and positions,
 * counters and events to the seed's keys and the strategy's feed. It also owns a run's
 * life: it creates the run on `start`, flattens on `stop` and clears the run's keys once
 * flat, and closes a replay's positions when its day ends.
 *
 * One process at a time runs it (a lease); its cores live in memory, restored from their
 * snapshots in Redis when first needed after a take-over.
 */
export class EvaluationWorker extends RoleWorker {
  private readonly runs = new Map<string, EvalRun>();
  /** strategy id → the load error already reported for its run */
  private readonly broken = new Map<string, string>();

  constructor(ctx: EngineContext) {
    super(ctx, 'evaluation');
    this.consume('candles', (e) => this.onCandles(e), { batched: true });
    this.consume('orders', (e) => this.onOrder(e));
    this.consume('control', (e) => this.onControl(e));
  }

  protected async onTakeOver(): Promise<void> {
    this.runs.clear();
    this.broken.clear();
  }

  /** The run's evaluator, loaded on first use; undefined when the strategy has no run (or cannot run, which is reported once). */
  private async runOf(strategyId: string, known?: Run | null): Promise<EvalRun | undefined> {
    // A run evaluation holds changes only through evaluation (start, stop, its end): trust it.
    if (known === undefined && this.runs.has(strategyId)) return this.runs.get(strategyId);
    const run = known === undefined ? await getRun(this.ctx.redis, strategyId) : known;
    if (!run) {
      this.runs.delete(strategyId);
      return undefined;
    }
    const cached = this.runs.get(strategyId);
    if (cached && cached.run.run_id === run.run_id) return cached;
    if (this.broken.get(strategyId) === run.run_id) return undefined;
    const loaded = await loadStrategy(this.ctx.keyspace, this.ctx.storage, strategyId);
    if ('error' in loaded) {
      this.broken.set(strategyId, run.run_id);
      await commit(this.ctx.redis, reportRecipes(this.ctx, { strategyId, asset: run.asset, level: 'ERROR', component: 'EvaluationWorker', message: `cannot run: ${loaded.error}`, status: 'error' }));
      return undefined;
    }
    const r = await EvalRun.open(this.ctx.storage, this.ctx.redis, run, loaded.value, (m) => appendRecipe(this.ctx.channels.signals, m));
    this.runs.set(strategyId, r);
    return r;
  }

  private async onCandles(entry: StreamEntry<CandleEvent>): Promise<WriteRecipe[]> {
    const ev = entry.payload;
    const replayId = ev.market.startsWith('replay:') ? ev.market.slice(7) : undefined;
    const lockstep = replayId !== undefined ? [inflightRecipe(replayId, -1)] : [];
    this.ctx.metrics.candles += ev.kind === 'candle' ? 1 : 0;
    const out: WriteRecipe[] = [...lockstep];
    const ids = replayId !== undefined ? [replayId] : ev.kind === 'candle' ? await this.ctx.keyspace.runtime.strategiesFor(ev.instrument) : [];
    for (const id of ids) {
      const r = await this.runOf(id);
      if (!r || r.market !== ev.market) continue;
      if (ev.kind === 'end') {
        out.push(...r.closeAll('end', ev.at), runFieldsRecipe(id, { state: 'finished' }));
        r.run.state = 'finished';
        out.push(...this.maybeSettled(r));
        continue;
      }
      if (!r.s.instruments.includes(ev.instrument) || r.s.timeframe !== ev.timeframe || r.run.state === 'finished') continue;
      out.push(...r.onCandle(ev.instrument, ev.candle, ev.last_tick, ev.received_at));
    }
    return out;
  }

  private async onOrder(entry: StreamEntry<OrderEventMessage>): Promise<WriteRecipe[]> {
    const m = entry.payload;
    const r = await this.runOf(m.strategy_id);
    const out: WriteRecipe[] = m.lockstep ? [inflightRecipe(m.strategy_id, -1)] : [];
    if (!r || r.run.run_id !== m.run_id) return out;
    if (m.event === 'fill') this.ctx.metrics.fills++;
    out.push(...r.onOrderEvent(m), ...this.maybeSettled(r));
    return out;
  }

  /** A stopping run that is flat is finished: its keys go. A finished replay that is flat says so. */
  private maybeSettled(r: EvalRun): WriteRecipe[] {
    if (r.run.state === 'running' || !r.flat()) return [];
    const id = r.run.strategy_id;
    if (r.run.state === 'finished') {
      if (r.settled) return [];
      r.settled = true;
      const s = r.summary();
      return [
        statusFieldsRecipe(r.run.asset, id, { state: 'stopped', trading: 'reducing_only', message: `replay of ${r.run.replay} finished: equity ${s.equity.toFixed(2)}; \`algo stop\` clears it` }),
        feedRecipe(id, 'status', Date.now(), { state: 'stopped', message: `replay of ${r.run.replay} finished`, equity: s.equity }),
      ];
    }
    this.runs.delete(id);
    return this.finalize(r.run, r.s.instruments);
  }

  /** Clears every key of a run (the stop is complete). */
  private finalize(run: Run, instruments: readonly string[]): WriteRecipe[] {
    const id = run.strategy_id;
    const keys = [redisKeys.coreState(id), redisKeys.inflight(id), redisKeys.replayCursor(id), ...instruments.map((k) => redisKeys.runBars(id, k))];
    return [
      (c) => void c.del(...keys),
      dropRunRecipe(id),
      (c) => {
        // The seed's state keys of the strategy (StrategyStateKeys.clear, in this MULTI).
        c.del(
          redisKeys.status(run.asset, id),
          run.asset === 'options' ? redisKeys.optionPosition(id) : redisKeys.stockPositions(id),
          redisKeys.indicators(run.asset, id),
          redisKeys.entrySignal(id),
          redisKeys.exitSignal(id),
          redisKeys.runtime(id),
          redisKeys.lock(id),
          redisKeys.strategyConfig(id),
          redisKeys.dailyStats(id),
        );
      },
      feedRecipe(id, 'status', Date.now(), { state: 'stopped', message: 'stopped' }),
    ];
  }

  private async onControl(entry: StreamEntry<LiveControl>): Promise<WriteRecipe[]> {
    const cmd = entry.payload;
    if (cmd.action === 'kill_switch') return [];
    const id = cmd.strategy_id;
    if (cmd.action === 'start') {
      const config = await this.ctx.keyspace.runtime.getConfig(id);
      if (!config || config.status !== 'running') return []; // stale: stopped since
      const asset = config.asset_type === 'options' ? 'options' : 'stocks';
      const made = await ensureRun(this.ctx.redis, entry.id, cmd, asset);
      if ('error' in made) return reportRecipes(this.ctx, { strategyId: id, asset, level: 'ERROR', component: 'EvaluationWorker', message: `cannot start: ${made.error}`, status: 'error' });
      const r = await this.runOf(id, made.run);
      if (!r) return [];
      const what = r.run.replay ? `replaying ${r.run.replay} at ${r.run.speed}× on the paper broker` : `trading ${r.run.mode === 'paper' ? 'on the paper broker' : 'live'}`;
      return [
        statusFieldsRecipe(r.run.asset, id, { state: 'running', mode: r.run.mode, message: `running: ${what} (run ${r.run.run_id}, from ${new Date(runStartOf(r.run)).toISOString()})` }),
        feedRecipe(id, 'status', Date.now(), { state: 'running', mode: r.run.mode, run_id: r.run.run_id, ...(r.run.replay ? { replay: r.run.replay, speed: r.run.speed } : {}) }),
        ...(made.created ? startedRecipes(this.ctx, r.run) : []),
      ];
    }
    if (cmd.action === 'stop') {
      const run = await getRun(this.ctx.redis, id);
      if (!run) return [];
      const r = await this.runOf(id, run);
      if (!r) return this.finalize(run, []);
      r.run.state = 'stopping';
      const out: WriteRecipe[] = [runFieldsRecipe(id, { state: 'stopping' }), ...r.closeAll('stop', Date.now())];
      const open = r.summary().positions;
      out.push(statusFieldsRecipe(run.asset, id, { state: 'stopping', trading: 'reducing_only', message: open ? `stopping: closing ${open} position(s)` : 'stopping' }));
      out.push(...this.maybeSettled(r));
      return out;
    }
    // reload: the core's state stays; its program is the new version's, loaded on next use.
    this.runs.delete(id);
    this.broken.delete(id);
    return [feedRecipe(id, 'log', Date.now(), { level: 'info', message: `version ${cmd.version} loaded; positions kept` })];
  }
}
