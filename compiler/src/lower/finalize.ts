import { timeframeMs } from '@algo/language';
import { walkExpr, type Expr, type NumArg } from '../graph/expr.js';
import type { Level, Trail } from '../graph/intent.js';
import type { Condition, Rule } from '../graph/rules.js';
import { forEachLeaf } from '../graph/rules.js';
import type { IndicatorsConfig, Series } from '../graph/schema.js';
import type { Settings } from '../graph/settings.js';
import { renameRefs } from './build.js';
import { requireBuiltin } from './catalogue.js';
import type { LowerContext } from './context.js';
import type { PendingSeries } from './series-table.js';
import { printExpr } from './print.js';

/**
 * The last stage: keeps only series the rules reach, gives them their final ids, and
 * computes what a runtime must not re-derive — history depth, warm-up per series and per
 * timeframe, the timeframe list and the indicator worker's configuration.
 */

export interface Finalized {
  readonly series: Series[];
  readonly rules: Rule[];
  readonly defaults: Settings['defaults'];
  readonly timeframes: string[];
  readonly warmup: Record<string, number>;
  readonly indicatorsConfig: IndicatorsConfig;
}

type Levelish = Level | Trail | undefined;

export function finalize(ctx: LowerContext, rules: Rule[], defaults: Settings['defaults']): Finalized {
  const pending = ctx.table.list;
  const byTemp = new Map(pending.map((s) => [s.tempId, s]));
  const resolve = (a: NumArg | undefined): number => (a === undefined ? 0 : a.op === 'const' ? a.value : Number(ctx.params.get(a.name)?.value ?? 0));

  // 1. reachability from what the rules and intents read
  const kept = new Set<string>();
  const keep = (id: string) => {
    if (kept.has(id) || !byTemp.has(id)) return;
    kept.add(id);
    walkExpr(byTemp.get(id)!.expr, (n) => n.op === 'ref' && keep(n.id));
    walkCross(byTemp.get(id)!.expr, keep);
  };
  const levelSeries = (l: Levelish) => (l && 'series' in l ? [l.series] : []);
  for (const r of rules) {
    forEachLeaf(r.conditions, (leaf) => {
      keep(leaf.fact);
      if (typeof leaf.value === 'object') keep(leaf.value.fact);
    });
    if (r.event.type === 'entry') {
      const p = r.event.params;
      [p.stop_loss, p.take_profit, p.trailing_stop].flatMap(levelSeries).forEach(keep);
    }
  }
  [defaults.stop_loss, defaults.take_profit, defaults.trailing_stop].flatMap(levelSeries).forEach(keep);
  const live = pending.filter((s) => kept.has(s.tempId));

  // 2. final ids, in evaluation order (children are named before their parents)
  const finalId = new Map<string, string>();
  const used = new Set<string>();
  let anonymous = 0;
  const suffix = (tf: string) => (tf === ctx.base ? '' : `@${tf}`);
  const localId = (tempId: string, tf: string) => {
    const id = finalId.get(tempId)!;
    return id.endsWith(suffix(tf)) && suffix(tf) ? id.slice(0, -suffix(tf).length) : id;
  };
  for (const s of live) {
    let id: string;
    if (s.expr.op === 'field') id = s.expr.field + suffix(s.timeframe);
    else if (s.kind === 'indicator') id = printExpr(s.expr, true, (t) => localId(t, s.timeframe)) + suffix(s.timeframe);
    else if (s.names.length) id = s.names[0]! + suffix(s.timeframe);
    else id = `$${++anonymous}`;
    while (used.has(id)) id += "'";
    used.add(id);
    finalId.set(s.tempId, id);
  }
  const rename = (t: string) => finalId.get(t) ?? t;

  // 3. history depth and warm-up
  const history = new Map<string, number>(live.map((s) => [s.tempId, 0]));
  const need = (t: string, n: number) => history.set(t, Math.max(history.get(t) ?? 0, n));
  for (const s of live) {
    walkExpr(s.expr, (n) => n.op === 'ref' && n.ago && need(n.id, resolve(n.ago)));
    walkCross(s.expr, (t) => need(t, 1));
  }
  for (const r of rules) forEachLeaf(r.conditions, (leaf) => {
    if (leaf.params?.window === 2) need(leaf.fact, 1);
    if (typeof leaf.value === 'object' && leaf.value.params?.window === 2) need(leaf.value.fact, 1);
  });
  const warm = new Map<string, number>();
  for (const s of live) warm.set(s.tempId, warmupOf(s, byTemp, warm, resolve));

  // 4. timeframes, per-timeframe warm-up, indicator worker config
  const timeframes = [ctx.base, ...[...new Set(live.map((s) => s.timeframe))].filter((tf) => tf !== ctx.base).sort((a, b) => timeframeMs(a) - timeframeMs(b))];
  const warmup: Record<string, number> = Object.fromEntries(timeframes.map((tf) => [tf, 0]));
  for (const s of live) warmup[s.timeframe] = Math.max(warmup[s.timeframe]!, warm.get(s.tempId)!);
  for (const r of rules) forEachLeaf(r.conditions, (leaf) => {
    for (const side of typeof leaf.value === 'object' ? [leaf, leaf.value] : [leaf]) {
      const w = warm.get(side.fact);
      if (w !== undefined) warmup[ctx.base] = Math.max(warmup[ctx.base]!, w + (side.params?.window === 2 ? 1 : 0));
    }
  });

  // labels print a reference on the series' own timeframe without its `@tf`; a bare copy
  // of a higher-timeframe value reads as that value (`ema(close, 50) on 1h`)
  const tfOf = new Map(live.map((s) => [finalId.get(s.tempId)!, s.timeframe]));
  const labels = new Map<string, string>();
  const labelOf = (s: PendingSeries, expr: Expr): string => {
    if (expr.op === 'ref' && !expr.ago && tfOf.get(expr.id) !== s.timeframe) return labels.get(expr.id) ?? expr.id;
    const local = (id: string) => (tfOf.get(id) === s.timeframe && id.endsWith(`@${s.timeframe}`) ? id.slice(0, -s.timeframe.length - 1) : id);
    return printExpr(expr, false, local) + (s.timeframe === ctx.base ? '' : ` on ${s.timeframe}`);
  };
  const series: Series[] = live.map((s) => {
    const expr = renameRefs(s.expr, rename);
    const label = labelOf(s, expr);
    labels.set(rename(s.tempId), label);
    const out: Series = {
      id: rename(s.tempId),
      kind: s.kind,
      type: typeOf(s.expr, byTemp),
      timeframe: s.timeframe,
      expr,
      warmup: warm.get(s.tempId)!,
      history: history.get(s.tempId)!,
      label,
    };
    if (s.names.length) out.names = [...s.names];
    return out;
  });

  const indicatorsConfig: IndicatorsConfig = {
    timeframes: timeframes.map((tf) => ({
      timeframe: tf,
      warmup: warmup[tf]!,
      series: series.filter((s) => s.timeframe === tf).map((s) => s.id),
      indicators: series.filter((s) => s.timeframe === tf && s.expr.op === 'call').map((s) => indicatorJob(s, resolve)),
    })),
  };

  return {
    series,
    rules: rules.map((r) => renameRule(r, rename)),
    defaults: renameLevels(defaults, rename),
    timeframes,
    warmup,
    indicatorsConfig,
  };
}

/** Calls `visit` with the series ids a crossing inside `e` reads on the previous bar. */
function walkCross(e: Expr, visit: (id: string) => void): void {
  walkExpr(e, (n) => {
    if (n.op !== 'crossesAbove' && n.op !== 'crossesBelow') return;
    visit(n.args[0].id);
    if (n.args[1].op === 'ref') visit(n.args[1].id);
  });
}

function warmupOf(s: PendingSeries, byTemp: Map<string, PendingSeries>, warm: Map<string, number>, resolve: (a: NumArg | undefined) => number): number {
  const of = (id: string, ago: number) => {
    const t = byTemp.get(id);
    // a higher timeframe's readiness is counted in its own bars (graph.warmup), not here
    return t && t.timeframe === s.timeframe ? (warm.get(id) ?? 0) + ago : ago;
  };
  if (s.expr.op === 'field') return 0;
  if (s.expr.op === 'call') {
    const entry = requireBuiltin(s.expr.fn);
    const consts = s.expr.args.map((a) => (a.op === 'ref' ? undefined : a.op === 'const' || a.op === 'param' ? resolve(a as NumArg) : undefined));
    const sources = s.expr.args.map((a) => (a.op === 'ref' ? of(a.id, 0) : 0));
    return Math.max(0, ...sources) + entry.lookback(consts);
  }
  let w = 0;
  walkExpr(s.expr, (n) => {
    if (n.op === 'ref') w = Math.max(w, of(n.id, resolve(n.ago)));
  });
  walkCross(s.expr, (id) => (w = Math.max(w, of(id, 1))));
  return w;
}

function typeOf(e: Expr, byTemp: Map<string, PendingSeries>): 'number' | 'bool' {
  switch (e.op) {
    case 'const':
      return typeof e.value === 'boolean' ? 'bool' : 'number';
    case 'ref': {
      const t = byTemp.get(e.id);
      return t ? typeOf(t.expr, byTemp) : 'number';
    }
    case 'call':
    case 'fn':
      return requireBuiltin(e.fn).returns === 'bool' ? 'bool' : 'number';
    case 'gt': case 'gte': case 'lt': case 'lte': case 'eq': case 'neq':
    case 'and': case 'or': case 'not': case 'between': case 'crossesAbove': case 'crossesBelow':
      return 'bool';
    default:
      return 'number';
  }
}

function indicatorJob(s: Series, resolve: (a: NumArg | undefined) => number): IndicatorsConfig['timeframes'][number]['indicators'][number] {
  const call = s.expr as Extract<Expr, { op: 'call' }>;
  const entry = requireBuiltin(call.fn);
  const inputs: Record<string, string> = {};
  const args: Record<string, number> = {};
  call.args.forEach((a, i) => {
    const name = entry.params[i]?.name ?? `arg${i}`;
    if (a.op === 'ref') inputs[name] = a.id;
    else args[name] = resolve(a as NumArg);
  });
  return { id: s.id, fn: call.fn, ...(call.output ? { output: call.output } : {}), inputs, args, warmup: s.warmup };
}

function renameCondition(c: Condition, rename: (id: string) => string): Condition {
  if ('all' in c) return { all: c.all.map((x) => renameCondition(x, rename)) };
  if ('any' in c) return { any: c.any.map((x) => renameCondition(x, rename)) };
  if ('not' in c) return { not: renameCondition(c.not, rename) };
  const value = typeof c.value === 'object' ? { ...c.value, fact: rename(c.value.fact) } : c.value;
  return { ...c, fact: rename(c.fact), value };
}

function renameLevels<T extends { stop_loss?: Level; take_profit?: Level; trailing_stop?: Trail }>(x: T, rename: (id: string) => string): T {
  const fix = <L extends Levelish>(l: L): L => (l && 'series' in l ? { ...l, series: rename(l.series) } : l);
  const out = { ...x };
  if (out.stop_loss) out.stop_loss = fix(out.stop_loss);
  if (out.take_profit) out.take_profit = fix(out.take_profit);
  if (out.trailing_stop) out.trailing_stop = fix(out.trailing_stop);
  return out;
}

function renameRule(r: Rule, rename: (id: string) => string): Rule {
  const conditions = renameCondition(r.conditions, rename) as Rule['conditions'];
  if (r.event.type === 'exit') return { ...r, conditions };
  return { ...r, conditions, event: { type: 'entry', params: renameLevels(r.event.params, rename) } };
}
