import { forEachLeaf, STATE_FACTS, type Series } from '@algo/compiler';
import { createIndicator } from '../indicators/factory.js';
import type { Candle } from '../market/candle.js';
import { BarClock, minuteOfDay } from './bar-clock.js';
import { emptySlot, type BarSlot } from './bar-slot.js';
import { indicatorOp, IndicatorStep } from './indicator-op.js';
import { compileExpr, registerCount, type ExprScope, type Op } from './compile-expr.js';
import { compileRules, typed, type CompiledRule, type ConditionTrace, type FactReader, type TraceValue } from './compile-rules.js';
import { RUNTIME_ERROR_CODES, RuntimeError } from './errors.js';
import type { GraphProgram } from './program.js';
import { Registers } from './registers.js';
import { SeriesBuffer } from './series-buffer.js';
import { Aggregator } from './timeframes.js';

/**
 * The fast evaluator of one strategy on one instrument: fed base-timeframe bars in time
 * order, it updates every series (indicators through the runtime's indicator classes,
 * higher timeframes only when their bucket completes) and runs every rule once the graph's
 * warm-up is met. Per bar it runs a fixed list of register operations and allocates
 * nothing; fired rules are left in `fired[0 … firedCount)`, in graph order.
 *
 * The strategy core writes the instrument's position facts into `state` (in `STATE_FACTS`
 * order) before each `push`, and reads series values for order levels with `read`.
 * Explaining a bar (`trace`) reads the same registers again, after the fact.
 */
export class StrategyEvaluator {
  /** every value of the latest bar (see `registers.ts`); series `i`'s latest value is `R[i]` */
  readonly R: Float64Array;
  /** position facts in `STATE_FACTS` order (a view into `R`), written by the strategy core */
  readonly state: Float64Array;
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

  private readonly updates: Op[][];
  /** copied at the start of each bar, `R[prevTo[k]] = R[prevFrom[k]]`: previous-bar values of crossed facts */
  private readonly prevFrom: Int32Array;
  private readonly prevTo: Int32Array;
  /** run after the series: clock facts */
  private readonly after: Op[] = [];
  private readonly counts: Int32Array;
  private readonly warmups: Int32Array;
  private readonly baseSlot: BarSlot;
  private readonly aggregators: Aggregator[] = [];
  private readonly needMinute: boolean;
  private lastT = -Infinity;

  constructor(readonly program: GraphProgram) {
    const tfs = program.timeframes;
    const zone = program.clock.zone;
    const minuteOf = (t: number) => minuteOfDay(zone.toWall(t));
    const series = program.series;
    this.clock = new BarClock(program.clock, tfs[0]!.ms);
    this.buffers = series.map((p) => new SeriesBuffer(p.depth));
    // Registers: series, position facts, every expression node, and per rule leaf at most
    // two constants and two previous-value registers; plus the two clock facts and the NaN
    // an indicator without a second source reads.
    let capacity = series.length + STATE_FACTS.length + 3;
    for (const p of series) capacity += registerCount(p.series.expr);
    for (const r of program.graph.rules) forEachLeaf(r.conditions, () => (capacity += 4));
    const regs = new Registers(capacity, series.length + STATE_FACTS.length);
    const R = regs.R;
    this.R = R;
    this.state = R.subarray(series.length, series.length + STATE_FACTS.length);
    this.state.fill(0);
    this.counts = new Int32Array(tfs.length);
    this.warmups = Int32Array.from(tfs.map((t) => t.warmup));
    const slots = tfs.map(() => emptySlot());
    this.baseSlot = slots[0]!;
    this.updates = tfs.map(() => []);
    this.needMinute = series.some((p) => p.series.expr.op === 'field' && p.series.expr.field === 'time');

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
    const stateIndex = new Map<string, number>(STATE_FACTS.map((n, i) => [n, series.length + i]));
    const scope: ExprScope = {
      regs,
      series: (id) => {
        const p = plan(id);
        return { reg: p.index, buf: this.buffers[p.index]!, type: p.series.type };
      },
      param,
      state: (name) => {
        const r = stateIndex.get(name);
        if (r === undefined) throw new RuntimeError(RUNTIME_ERROR_CODES.graph, `unknown position fact "${name}"`);
        return r;
      },
    };
    for (const p of series) this.compileSeries(p.index, p.series, p.ring, slots[p.tf]!, scope, this.updates[p.tf]!);
    for (let k = 1; k < tfs.length; k++) {
      const updates = this.updates[k]!;
      const counts = this.counts;
      this.aggregators[k] = new Aggregator(tfs[k]!.bucketer!, tfs[0]!.ms, slots[k]!, minuteOf, () => {
        for (let i = 0; i < updates.length; i++) updates[i]!();
        counts[k]!++;
      });
    }

    // Rule facts. A crossed series' previous value is the value it had when the previous base
    // bar was evaluated: copied into its own register before this bar's updates.
    const prevRegs = new Map<number, number>();
    const clockRegs = new Map<string, number>();
    this.rules = compileRules(program.graph.rules, {
      regs,
      series: (id, crossed): FactReader | undefined => {
        const p = byId.get(id);
        if (!p) return undefined;
        let prev = p.index;
        if (crossed) {
          let r = prevRegs.get(p.index);
          if (r === undefined) {
            r = regs.alloc();
            prevRegs.set(p.index, r);
          }
          prev = r;
        }
        return { type: p.series.type, reg: p.index, prev, label: p.series.label };
      },
      state: (name) => stateIndex.get(name),
      clock: (which) => {
        let r = clockRegs.get(which);
        if (r === undefined) {
          r = regs.alloc();
          clockRegs.set(which, r);
          const dst = r;
          const clock = this.clock;
          this.after.push(which === 'time' ? () => (R[dst] = clock.time) : () => (R[dst] = clock.prevTime));
        }
        return r;
      },
      param: (name) => program.params.get(name),
    });
    this.fired = new Int32Array(this.rules.length);
    this.prevFrom = Int32Array.from(prevRegs.keys());
    this.prevTo = Int32Array.from(prevRegs.values());
  }

  private compileSeries(index: number, s: Series, ring: boolean, slot: BarSlot, scope: ExprScope, ops: Op[]): void {
    const R = this.R;
    const buf = this.buffers[index]!;
    const e = s.expr;
    if (e.op === 'field') {
      ops.push(ring ? fieldOp(e.field, slot, buf, R, index) : fieldOp(e.field, slot, null, R, index));
      return;
    }
    if (e.op !== 'call') {
      const node = compileExpr(e, scope, ops);
      const res = node.reg;
      ops.push(
        ring
          ? () => {
              buf.push(R[res]!);
              R[index] = buf.last;
            }
          : () => {
              const v = R[res]!;
              R[index] = v - v === 0 ? v : NaN;
            },
      );
      return;
    }
    const consts = e.args.map((a) => (a.op === 'const' && typeof a.value === 'number' ? a.value : a.op === 'param' ? Number(scope.param(a.name)) : undefined));
    const ind = createIndicator(e.fn, consts, { session: this.program.session });
    const idx = ind.outputIndex(e.output ?? '');
    if (idx < 0) throw new RuntimeError(RUNTIME_ERROR_CODES.graph, `${e.fn}() has no output "${e.output}"`);
    const [a, b] = e.args.filter((a) => a.op === 'ref').map((a) => scope.series((a as { id: string }).id).reg);
    const none = scope.regs.constant(NaN);
    ops.push(indicatorOp(new IndicatorStep(ind, slot, R, a ?? none, b ?? none, index, idx, ring ? buf : null)));
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
    const R = this.R;
    const from = this.prevFrom;
    const to = this.prevTo;
    for (let k = 0; k < from.length; k++) R[to[k]!] = R[from[k]!]!;
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
    if (this.needMinute) s.minute = minuteOfDay(this.program.clock.zone.toWall(bar.t));
    const base = this.updates[0]!;
    for (let i = 0; i < base.length; i++) base[i]!();
    this.counts[0]!++;
    const after = this.after;
    for (let i = 0; i < after.length; i++) after[i]!();
    if (!this.warm) {
      const c = this.counts;
      const w = this.warmups;
      for (let k = 0; k < c.length; k++) if (c[k]! <= w[k]!) return (this.firedCount = 0);
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

  /** Base bars that a higher timeframe skipped because their bucket had already completed. */
  lateBars(): number {
    let n = 0;
    for (const a of this.aggregators) if (a) n += a.late;
    return n;
  }

  /** The latest value of series `id` as a trace shows it (null when missing); undefined for an unknown id. */
  read(id: string): TraceValue | undefined {
    const p = this.program.byId.get(id);
    if (!p) return undefined;
    return typed(this.R[p.index]!, p.series.type);
  }

  /** The latest raw value of series `index` (NaN when missing, booleans 1/0). */
  valueAt(index: number): number {
    return this.R[index]!;
  }

  /** Rule `index`'s conditions with every value on the latest bar. */
  trace(index: number): ConditionTrace {
    return this.rules[index]!.trace();
  }

  /**
   * Every series' value on the latest bar, by id (null when missing) — a row of
   * `algo series`, and the "data window" of explain.
   */
  seriesValues(): Record<string, TraceValue> {
    const out: Record<string, TraceValue> = {};
    for (const p of this.program.series) out[p.id] = typed(this.R[p.index]!, p.series.type);
    return out;
  }

  /**
   * Why the latest bar did or did not fire each rule: warm-up state, the clock facts, every
   * rule's conditions with the values they compared, and every series' value. What
   * `algo explain --at` prints; nothing on the per-bar path calls it.
   */
  explain(): BarExplanation {
    const fired = new Set(Array.from(this.fired.subarray(0, this.firedCount)));
    return {
      warm: this.warm,
      completed: this.completed(),
      warmup: Array.from(this.warmups),
      clock: { time: this.clock.time, prev_time: this.clock.prevTime },
      position: Object.fromEntries(STATE_FACTS.map((name, i) => [name, this.state[i]!])),
      rules: this.rules.map((r, i) => ({ rule: r.rule.name, type: r.rule.event.type, fired: fired.has(i), conditions: r.trace() })),
      series: this.seriesValues(),
    };
  }
}

/** One bar explained (see `StrategyEvaluator.explain`). */
export interface BarExplanation {
  /** rules run only once every timeframe has passed its warm-up */
  warm: boolean;
  /** completed bars per timeframe (base first) and the warm-up each needs exceeded */
  completed: number[];
  warmup: number[];
  clock: { time: number; prev_time: number };
  position: Record<string, number>;
  rules: { rule: string; type: 'entry' | 'exit'; fired: boolean; conditions: ConditionTrace }[];
  series: Record<string, TraceValue>;
}

/** The operation of a field series: a property of the timeframe's bar slot into its register (and ring, when kept). */
function fieldOp(field: string, s: BarSlot, buf: SeriesBuffer | null, R: Float64Array, i: number): Op {
  if (!buf) {
    switch (field) {
      case 'open':
        return () => void (R[i] = s.o);
      case 'high':
        return () => void (R[i] = s.h);
      case 'low':
        return () => void (R[i] = s.l);
      case 'close':
        return () => void (R[i] = s.c);
      case 'volume':
        return () => void (R[i] = s.v);
    }
    const full = fieldOp(field, s, new SeriesBuffer(0), R, i);
    return full;
  }
  switch (field) {
    case 'open':
      return () => {
        buf.push(s.o);
        R[i] = buf.last;
      };
    case 'high':
      return () => {
        buf.push(s.h);
        R[i] = buf.last;
      };
    case 'low':
      return () => {
        buf.push(s.l);
        R[i] = buf.last;
      };
    case 'close':
      return () => {
        buf.push(s.c);
        R[i] = buf.last;
      };
    case 'volume':
      return () => {
        buf.push(s.v);
        R[i] = buf.last;
      };
    case 'oi':
      return () => {
        buf.push(s.oi);
        R[i] = buf.last;
      };
    case 'hl2':
      return () => {
        buf.push((s.h + s.l) / 2);
        R[i] = buf.last;
      };
    case 'hlc3':
      return () => {
        buf.push((s.h + s.l + s.c) / 3);
        R[i] = buf.last;
      };
    case 'ohlc4':
      return () => {
        buf.push((s.o + s.h + s.l + s.c) / 4);
        R[i] = buf.last;
      };
    case 'time':
      return () => {
        buf.push(s.minute);
        R[i] = buf.last;
      };
  }
  throw new RuntimeError(RUNTIME_ERROR_CODES.graph, `unknown bar field "${field}"`);
}
