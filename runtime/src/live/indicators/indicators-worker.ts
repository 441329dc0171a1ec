import type { StrategyEvaluator } from '../../evaluator/evaluator.js';
import type { WriteRecipe } from '../../redis/keyspace/codec.js';
import type { LiveControl } from '../../redis/keyspace/control.js';
import type { StreamEntry } from '../../redis/keyspace/streams.js';
import type { EngineContext } from '../context.js';
import { runStartOf } from '../evaluation/eval-run.js';
import { RoleWorker } from '../role-worker.js';
import { getRun } from '../runs/run-record.js';
import { loadStrategy, type LoadedStrategy } from '../runs/strategy-loader.js';
import { primingBars } from '../runs/warmup.js';
import { indicatorValuesRecipe } from '../state/recipes.js';
import { inflightRecipe } from '../streams/channels.js';
import { marketOf, type CandleEvent } from '../streams/messages.js';

interface IndicatorRun {
  readonly runId: string;
  readonly market: string;
  readonly s: LoadedStrategy;
  readonly evaluators: Map<string, StrategyEvaluator>;
  readonly lastT: Map<string, number>;
}

/**
 * The indicators worker (seed 003): keeps each running strategy's indicator and `let`
 * values current in `state:{asset}:{id}:indicators` — per instrument for stocks, keyed by
 * the indicator's call (`ema(close,9)`) and by the author's `let` names — on every
 * closed candle, computed by the same evaluator the strategy core and the backtester use
 * (an instance per strategy and instrument, primed from the same warm-up and run bars), so
 * what a person sees is what the rules compared. It decides nothing: the evaluation worker's
 * core runs the rules. One process at a time runs it (a lease).
 */
export class IndicatorsWorker extends RoleWorker {
  private readonly runs = new Map<string, IndicatorRun>();

  constructor(ctx: EngineContext) {
    super(ctx, 'indicators');
    this.consume('candles', (e) => this.onCandles(e), { batched: true });
    this.consume('control', (e) => this.onControl(e));
  }

  protected async onTakeOver(): Promise<void> {
    this.runs.clear();
  }

  private async runOf(strategyId: string): Promise<IndicatorRun | undefined> {
    // a cached run stays until a control command (stop, reload) or a take-over drops it
    const known = this.runs.get(strategyId);
    if (known) return known;
    const run = await getRun(this.ctx.redis, strategyId);
    if (!run) {
      this.runs.delete(strategyId);
      return undefined;
    }
    const cached = this.runs.get(strategyId);
    if (cached?.runId === run.run_id) return cached;
    const loaded = await loadStrategy(this.ctx.keyspace, this.ctx.storage, strategyId);
    if ('error' in loaded) return undefined; // reported by evaluation
    const s = loaded.value;
    const r: IndicatorRun = { runId: run.run_id, market: marketOf(run), s, evaluators: new Map(), lastT: new Map() };
    for (const k of s.instruments) {
      const ev = s.program.instantiate();
      for (const bar of await primingBars(this.ctx.storage, this.ctx.redis, s.program, strategyId, k, runStartOf(run))) {
        ev.push(bar);
        r.lastT.set(k, bar.t);
      }
      r.evaluators.set(k, ev);
    }
    this.runs.set(strategyId, r);
    return r;
  }

  private async onCandles(entry: StreamEntry<CandleEvent>): Promise<WriteRecipe[]> {
    const ev = entry.payload;
    const replayId = ev.market.startsWith('replay:') ? ev.market.slice(7) : undefined;
    const out: WriteRecipe[] = replayId !== undefined ? [inflightRecipe(replayId, -1)] : [];
    if (ev.kind !== 'candle') return out;
    const ids = replayId !== undefined ? [replayId] : await this.ctx.keyspace.runtime.strategiesFor(ev.instrument);
    for (const id of ids) {
      const r = await this.runOf(id);
      if (!r || r.market !== ev.market || r.s.timeframe !== ev.timeframe) continue;
      const evaluator = r.evaluators.get(ev.instrument);
      if (!evaluator || ev.candle.t <= (r.lastT.get(ev.instrument) ?? -Infinity)) continue;
      evaluator.push(ev.candle);
      r.lastT.set(ev.instrument, ev.candle.t);
      const values: Record<string, number | boolean | null> = {};
      for (const p of r.s.program.series) {
        if (p.series.kind !== 'indicator' && !p.series.names?.length) continue;
        const v = evaluator.read(p.id) ?? null;
        if (p.series.kind === 'indicator') values[p.id] = v;
        for (const name of p.series.names ?? []) values[name] = v;
      }
      out.push(indicatorValuesRecipe(r.s.asset, id, { bar_time: ev.candle.t, close: ev.candle.c, warm: evaluator.warm, values }, ev.instrument));
    }
    return out;
  }

  private async onControl(entry: StreamEntry<LiveControl>): Promise<WriteRecipe[]> {
    const cmd = entry.payload;
    if (cmd.action === 'stop' || cmd.action === 'reload') this.runs.delete(cmd.strategy_id);
    return [];
  }
}
