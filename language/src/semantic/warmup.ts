import type { Expression } from '../ast.js';
import type { CheckContext } from './context.js';
import { foldConstant } from './constants.js';
import { LookbackCalculator } from './lookback.js';
import type { EntryInfo, ExitInfo } from './model.js';

/**
 * The strategy's warm-up (bars before every condition, stop and target has a value), with
 * params at their defaults and at the ends of their sweep ranges, and the warm-up of any
 * checked expression. Computed on first use, not while checking: nothing on the way from
 * source to graph needs it (the compiler derives the graph's warm-ups from the graph), and
 * on a large file it is a full walk of the rules per param setting.
 */
export class StrategyWarmup {
  private readonly atDefaults: LookbackCalculator;
  private atMaxima: LookbackCalculator | undefined;
  private defaultsValue: number | undefined;
  private maximaValue: number | undefined;

  constructor(
    private readonly ctx: CheckContext,
    private readonly entries: readonly EntryInfo[],
    private readonly exits: readonly ExitInfo[],
  ) {
    this.atDefaults = new LookbackCalculator(ctx, ctx.paramDefaults);
  }

  /** Bars of warm-up with params at their defaults. */
  get warmup(): number {
    if (this.defaultsValue === undefined) {
      const roots = warmupRoots(this.entries, this.exits);
      const rules = roots.reduce((m, e) => Math.max(m, this.atDefaults.of(e)), 0);
      this.defaultsValue = Math.max(rules, this.atrWarmup(this.ctx.paramDefaults));
    }
    return this.defaultsValue;
  }

  /** Bars of warm-up with params at the ends of their sweep ranges. */
  get maxWarmup(): number {
    if (this.maximaValue === undefined) {
      // Without sweep ranges the maxima are the defaults: one calculation serves both.
      const ctx = this.ctx;
      const sameEnv = [...ctx.paramMaxima].every(([k, v]) => ctx.paramDefaults.get(k) === v);
      if (sameEnv) this.warmup;
      const calc = sameEnv ? this.atDefaults : (this.atMaxima ??= new LookbackCalculator(ctx, ctx.paramMaxima));
      const rules = warmupRoots(this.entries, this.exits).reduce((m, e) => Math.max(m, calc.of(e)), 0);
      this.maximaValue = Math.max(rules, this.atrWarmup(ctx.paramMaxima));
    }
    return this.maximaValue;
  }

  /** Bars before `expr` has a value, params at their defaults. */
  lookbackOf(expr: Expression): number {
    // The strategy's own warm-up first, so the lets it reaches are settled in rule order
    // whatever an editor asks about first (it matters only for lets in a cycle).
    void this.warmup;
    return this.atDefaults.of(expr);
  }

  /** An ATR stop reads ATR(length) at entry: its warm-up is the ATR's (lookback = length). */
  private atrWarmup(env: ReadonlyMap<string, number>): number {
    let m = 0;
    for (const e of this.entries) {
      for (const s of [e.stopLoss, e.takeProfit, e.trailingStop]) {
        if (s?.distance.kind !== 'atr') continue;
        const n = s.distance.lengthExpr ? (foldConstant(s.distance.lengthExpr, env) ?? s.distance.length) : s.distance.length;
        m = Math.max(m, n);
      }
    }
    return m;
  }
}

/** The expressions whose values the strategy needs on every bar, for the warm-up. */
function warmupRoots(entries: readonly EntryInfo[], exits: readonly ExitInfo[]): Expression[] {
  const out: Expression[] = [];
  for (const e of entries) {
    if (e.when) out.push(e.when);
    for (const s of [e.stopLoss, e.takeProfit, e.trailingStop]) if (s) out.push(s.distance.value);
  }
  for (const x of exits) {
    if (x.trigger?.kind === 'when') out.push(x.trigger.condition);
  }
  return out;
}
