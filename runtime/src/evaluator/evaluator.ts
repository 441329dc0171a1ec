import { STATE_FACTS, type Series } from '@algo/compiler';
import { createIndicator } from '../indicators/factory.js';
import type { Candle } from '../market/candle.js';
import { BarClock } from './bar-clock.js';
import { emptySlot, type BarSlot } from './bar-slot.js';
import { compileExpr, type ExprScope } from './compile-expr.js';
import { compileRules, typed, type CompiledRule, type ConditionTrace, type FactReader, type TraceValue } from './compile-rules.js';
import { RUNTIME_ERROR_CODES, RuntimeError } from './errors.js';
import type { GraphProgram } from './program.js';
import { SeriesBuffer } from './series-buffer.js';
import { Aggregator } from './timeframes.js';
import { minuteOfDay } from './bar-clock.js';

/**
 * The fast evaluator of one strategy on one instrument: fed base-timeframe bars in time
 * order, it updates every series (indicators through the runtime's indicator classes,
 * higher timeframes only when their bucket completes) and runs every rule once the graph's
 * warm-up is met. Per bar it does a fixed amount of work and allocates nothing; fired rules
 * are left in `fired[0 … firedCount)`, in graph order.
 *
 * The strategy core writes the instrument's position facts into `state` (in `STATE_FACTS`
 * order) before each `push`, and reads series values for order levels with `read`.
 * Explaining a bar (`trace`, `explain`) reads the same buffers again, after the fact.
 */
export class StrategyEvaluator {
  /** position facts in `STATE_FACTS` order: qty, entry_price, bars, pnl_pct */
  readonly state = new Float64Array(STATE_FACTS.length);
  /** clock facts of the latest bar */
  readonly clock: BarClock;
  /** one buffer per series, graph order */
  readonly buffers: readonly SeriesBuffer[];
  readonly rules: readonly CompiledRule[];
  /** indices of the rules that fired on the latest bar, graph order, `firedCount` long */
  readonly fired: Int32Array;
  firedCount = 0;
  /** true once every timeframe has more completed bars than its warm-up */
  warm = false;
  /** base bars seen */
  bars = 0;

  private readonly updates: (() => void)[][];
  private readonly counts: Int32Array;
  private readonly warmups: Int32Array;
  private readonly baseSlot: BarSlot;
  private readonly aggregators: Aggregator[] = [];
  private readonly sampled: { buf: SeriesBuffer; prev: Float64Array }[] = [];
  private lastT = -Infinity;

  constructor(readonly program: GraphProgram) {
    const tfs = program.timeframes;
    const zone = program.clock.zone;
    const minuteOf = (t: number) => minuteOfDay(zone.toWall(t));
    this.clock = new BarClock(program.clock, tfs[0]!.ms);
    this.buffers = program.series.map((p) => new SeriesBuffer(p.depth));
    this.counts = new Int32Array(tfs.length);
    this.warmups = Int32Array.from(tfs.map((t) => t.warmup));
    const slots = tfs.map(() => emptySlot());
    this.baseSlot = slots[0]!;
    this.updates = tfs.map(() => []);

    const byId = program.byId;
    const plan = (id: string) => {
      const p = byId.get(id);
      if (!p) throw new RuntimeError(RUNTIME_ERROR_CODES.graph, `unknown series "${id}"`);
      return p;
    };
    const param = (name: string) => {
      const v = program.params.get(name);
      if (v === undefined) throw new RuntimeError(RUNTIME_ERROR_CODES.graph, `unknown parameter "${name}"`);
      return v;
    };
    const scope: ExprScope = {
      buffer: (id) => this.buffers[plan(id).index]!,
      typeOf: (id) => plan(id).series.type,
      param,
      state: this.state,
    };
    for (const p of program.series) {
      const buf = this.buffers[p.index]!;
      const fn = this.seriesFn(p.series, slots[p.tf]!, scope);
      this.updates[p.tf]!.push(() => buf.push(fn()));
    }
    for (let k = 1; k < tfs.length; k++) {
      const updates = this.updates[k]!;
      const counts = this.counts;
      this.aggregators[k] = new Aggregator(tfs[k]!.bucketer!, tfs[0]!.ms, slots[k]!, minuteOf, () => {
        for (let i = 0; i < updates.length; i++) updates[i]!();
        counts[k]!++;
      });
    }
    this.rules = compileRules(program.graph.rules, {
      series: (id) => {
        const p = byId.get(id);
        return p ? this.factReader(p.index, p.tf === 0, p.series) : undefined;
      },
      state: this.state,
      clock: this.clock,
      param: (name) => program.params.get(name),
    });
    this.fired = new Int32Array(this.rules.length);
  }

  private seriesFn(s: Series, slot: BarSlot, scope: ExprScope): () => number {
    const e = s.expr;
    if (e.op === 'field') return fieldReader(e.field, slot);
    if (e.op !== 'call') return compileExpr(e, scope).fn;
    const consts = e.args.map((a) => (a.op === 'const' && typeof a.value === 'number' ? a.value : a.op === 'param' ? Number(scope.param(a.name)) : undefined));
    const ind = createIndicator(e.fn, consts, { session: this.program.session });
    const out = ind.out;
    const idx = ind.outputIndex(e.output ?? '');
    if (idx < 0) throw new RuntimeError(RUNTIME_ERROR_CODES.graph, `${e.fn}() has no output "${e.output}"`);
    const sources = e.args.filter((a) => a.op === 'ref').map((a) => scope.buffer((a as { id: string }).id));
    const [a, b] = sources;
    if (!a) return () => (ind.update(slot), out[idx]!);
    if (!b) return () => (ind.update(slot, a.last), out[idx]!);
    return () => (ind.update(slot, a.last, b.last), out[idx]!);
  }

  private factReader(index: number, base: boolean, s: Series): FactReader {
    const buf = this.buffers[index]!;
    const label = s.label;
    if (base) return { type: s.type, now: () => buf.last, prev: () => buf.at(1), label };
    // A higher-timeframe fact read on base bars: "previous" is its value on the previous base bar.
    const prev = new Float64Array(1).fill(NaN);
    this.sampled.push({ buf, prev });
    return { type: s.type, now: () => buf.last, prev: () => prev[0]!, label };
  }

  /**
   * Feeds the next base-timeframe bar (at its close). Returns how many rules fired (0 until
   * warm); their indices are in `fired`. Throws `ALGO_EVALUATOR_FEED` when `bar.t` does not
   * move forward — the data layer guarantees order, so that is a bug in the driver.
   */
  push(bar: Candle): number {
    if (!(bar.t > this.lastT)) {
      throw new RuntimeError(RUNTIME_ERROR_CODES.feed, `bar at ${new Date(bar.t).toISOString()} does not come after ${new Date(this.lastT).toISOString()}`);
    }
    this.lastT = bar.t;
    this.bars++;
    this.clock.advance(bar.t);
    const sampled = this.sampled;
    for (let i = 0; i < sampled.length; i++) sampled[i]!.prev[0] = sampled[i]!.buf.last;
    const aggs = this.aggregators;
    for (let k = aggs.length - 1; k >= 1; k--) aggs[k]!.flushBefore(bar);
    for (let k = aggs.length - 1; k >= 1; k--) aggs[k]!.add(bar);
    const s = this.baseSlot;
    s.t = bar.t;
    s.o = bar.o;
    s.h = bar.h;
    s.l = bar.l;
    s.c = bar.c;
    s.v = bar.v;
    s.oi = bar.oi ?? NaN;
    s.minute = minuteOfDay(this.program.clock.zone.toWall(bar.t));
    const base = this.updates[0]!;
    for (let i = 0; i < base.length; i++) base[i]!();
    this.counts[0]!++;
    if (!this.warm) {
      const c = this.counts;
      const w = this.warmups;
      let ok = true;
      for (let k = 0; k < c.length; k++) if (c[k]! <= w[k]!) ok = false;
      if (!ok) return (this.firedCount = 0);
      this.warm = true;
    }
    const rules = this.rules;
    const fired = this.fired;
    let n = 0;
    for (let i = 0; i < rules.length; i++) if (rules[i]!.test()) fired[n++] = i;
    return (this.firedCount = n);
  }

  /** Completed bars of each timeframe (base first). */
  completed(): number[] {
    return Array.from(this.counts);
  }

  /** The latest value of series `id` as a trace shows it (null when missing); undefined for an unknown id. */
  read(id: string): TraceValue | undefined {
    const p = this.program.byId.get(id);
    if (!p) return undefined;
    return typed(this.buffers[p.index]!.last, p.series.type);
  }

  /** The latest raw value of series `index` (NaN when missing, booleans 1/0). */
  valueAt(index: number): number {
    return this.buffers[index]!.last;
  }

  /** Rule `index`'s conditions with every value on the latest bar. */
  trace(index: number): ConditionTrace {
    return this.rules[index]!.trace();
  }
}

/** The closure of a field series: a property of the timeframe's bar slot. */
function fieldReader(field: string, s: BarSlot): () => number {
  switch (field) {
    case 'open':
      return () => s.o;
    case 'high':
      return () => s.h;
    case 'low':
      return () => s.l;
    case 'close':
      return () => s.c;
    case 'volume':
      return () => s.v;
    case 'oi':
      return () => s.oi;
    case 'hl2':
      return () => (s.h + s.l) / 2;
    case 'hlc3':
      return () => (s.h + s.l + s.c) / 3;
    case 'ohlc4':
      return () => (s.o + s.h + s.l + s.c) / 4;
    case 'time':
      return () => s.minute;
  }
  throw new RuntimeError(RUNTIME_ERROR_CODES.graph, `unknown bar field "${field}"`);
}
