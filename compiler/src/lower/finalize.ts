import { timeframeMs } from '@algo/language';
import type { Expr, NumArg } from '../graph/expr.js';
import type { Level, Trail } from '../graph/intent.js';
import { forEachLeaf, type Condition, type Rule } from '../graph/rules.js';
import type { IndicatorJob, IndicatorsConfig, Series } from '../graph/schema.js';
import type { Settings } from '../graph/settings.js';
import { requireBuiltin } from './catalogue.js';
import type { LowerContext } from './context.js';
import { printExpr } from './print.js';
import type { PendingSeries } from './series-table.js';
import { historyDepths, readsOf, timeframeWarmups, warmups, type Read } from './warmup.js';

/**
 * The last stage: keeps only series the rules reach, gives them their final ids, and
 * computes what a runtime must not re-derive — history depth, warm-up per series and per
 * timeframe, the timeframe list, labels and the indicator worker's configuration.
 * Temporary ids are replaced in place: the trees belong to this compile and are complete.
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
const levelSeries = (l: Levelish): string[] => (l && 'series' in l ? [l.series] : []);

export function finalize(ctx: LowerContext, rules: Rule[], defaults: Settings['defaults']): Finalized {
  const resolve = (a: NumArg | undefined): number => (a === undefined ? 0 : a.op === 'const' ? a.value : Number(ctx.params.get(a.name)?.value ?? 0));
  const table = ctx.table;
  const indexOf = (id: string): number => table.get(id)?.index ?? -1;
  // reads[i]: what series i reads; set exactly for the series kept
  const reads: (Read[] | undefined)[] = new Array<Read[] | undefined>(table.list.length);

  // 1. keep what the rules and intents reach
  const stack: number[] = [];
  const keep = (id: string) => {
    const i = indexOf(id);
    if (i >= 0 && reads[i] === undefined) {
      reads[i] = [];
      stack.push(i);
    }
  };
  for (const r of rules) {
    forEachLeaf(r.conditions, (leaf) => {
      keep(leaf.fact);
      if (typeof leaf.value === 'object') keep(leaf.value.fact);
    });
    if (r.event.type === 'entry') [r.event.params.stop_loss, r.event.params.take_profit, r.event.params.trailing_stop].flatMap(levelSeries).forEach(keep);
  }
  [defaults.stop_loss, defaults.take_profit, defaults.trailing_stop].flatMap(levelSeries).forEach(keep);
  while (stack.length) {
    const i = stack.pop()!;
    const r = readsOf(table.list[i]!.expr, resolve, indexOf, reads[i]);
    for (const x of r) {
      if (x.series >= 0 && reads[x.series] === undefined) {
        reads[x.series] = [];
        stack.push(x.series);
      }
    }
  }
  const live = table.list.filter((s) => reads[s.index] !== undefined);

  // 2. history, warm-up and timeframes
  const history = historyDepths(live, reads, rules, indexOf);
  const warm = warmups(live, reads, resolve);
  const timeframes = [ctx.base, ...[...new Set(live.map((s) => s.timeframe))].filter((tf) => tf !== ctx.base).sort((a, b) => timeframeMs(a) - timeframeMs(b))];
  const warmup = timeframeWarmups(live, warm, rules, timeframes, indexOf);
  const types: ('number' | 'bool')[] = new Array<'number' | 'bool'>(table.list.length);
  for (const s of live) types[s.index] = typeOf(s.expr, types, indexOf);

  // 3. final ids, in evaluation order (children are named before their parents)
  const finalId = nameSeries(live, ctx.base);
  const rename = (t: string) => finalId.get(t) ?? t;
  for (const s of live) renameInPlace(s.expr, rename);
  for (const r of rules) renameCondition(r.conditions, rename);
  for (const r of rules) if (r.event.type === 'entry') renameLevels(r.event.params, rename);
  renameLevels(defaults, rename);

  // 4. the series, with labels
  const tfOf = new Map(live.map((s) => [finalId.get(s.tempId)!, s.timeframe]));
  const labels = new Map<string, string>();
  const series: Series[] = live.map((s) => {
    const id = finalId.get(s.tempId)!;
    const label = labelOf(s, tfOf, labels, ctx.base);
    labels.set(id, label);
    const out: Series = {
      id,
      kind: s.kind,
      type: types[s.index]!,
      timeframe: s.timeframe,
      expr: s.expr,
      warmup: warm[s.index]!,
      history: history[s.index]!,
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
  return { series, rules, defaults, timeframes, warmup, indicatorsConfig };
}

/**
 * Final ids: a field by name (`close`), an indicator by its canonical call
 * (`ema(close,9)`), a derived series by its first `let` name, anything else `$1`, `$2`, …;
 * fields, indicators and lets on a higher timeframe get `@tf`.
 */
function nameSeries(live: readonly PendingSeries[], base: string): Map<string, string> {
  const finalId = new Map<string, string>();
  const used = new Set<string>();
  let anonymous = 0;
  const suffix = (tf: string) => (tf === base ? '' : `@${tf}`);
  for (const s of live) {
    const sfx = suffix(s.timeframe);
    const local = (t: string) => {
      const id = finalId.get(t) ?? t;
      return sfx && id.endsWith(sfx) ? id.slice(0, -sfx.length) : id;
    };
    let id: string;
    if (s.expr.op === 'field') id = s.expr.field + sfx;
    else if (s.kind === 'indicator') id = printExpr(s.expr, true, local) + sfx;
    else if (s.names.length) id = s.names[0]! + sfx;
    else id = `$${++anonymous}`;
    while (used.has(id)) id += "'";
    used.add(id);
    finalId.set(s.tempId, id);
  }
  return finalId;
}

/** The label: the expression as written, refs on the same timeframe without `@tf`; a bare copy of a higher-timeframe value reads as that value. */
function labelOf(s: PendingSeries, tfOf: ReadonlyMap<string, string>, labels: ReadonlyMap<string, string>, base: string): string {
  const e = s.expr;
  if (e.op === 'ref' && !e.ago && tfOf.get(e.id) !== s.timeframe) return labels.get(e.id) ?? e.id;
  const sfx = `@${s.timeframe}`;
  const local = (id: string) => (tfOf.get(id) === s.timeframe && id.endsWith(sfx) ? id.slice(0, -sfx.length) : id);
  return printExpr(e, false, local) + (s.timeframe === base ? '' : ` on ${s.timeframe}`);
}

function renameInPlace(e: Expr, rename: (id: string) => string): void {
  if (e.op === 'ref') (e as { id: string }).id = rename(e.id);
  else if ('args' in e) for (const a of e.args) renameInPlace(a, rename);
}

function renameCondition(c: Condition, rename: (id: string) => string): void {
  forEachLeaf(c, (leaf) => {
    leaf.fact = rename(leaf.fact);
    if (typeof leaf.value === 'object') leaf.value.fact = rename(leaf.value.fact);
  });
}

function renameLevels(x: { stop_loss?: Level; take_profit?: Level; trailing_stop?: Trail }, rename: (id: string) => string): void {
  for (const l of [x.stop_loss, x.take_profit, x.trailing_stop]) if (l && 'series' in l) l.series = rename(l.series);
}

/** Whether `e` yields numbers or booleans; `types` holds the series evaluated before it. */
function typeOf(e: Expr, types: readonly ('number' | 'bool' | undefined)[], indexOf: (id: string) => number): 'number' | 'bool' {
  switch (e.op) {
    case 'const':
      return typeof e.value === 'boolean' ? 'bool' : 'number';
    case 'ref':
      return types[indexOf(e.id)] ?? 'number';
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

function indicatorJob(s: Series, resolve: (a: NumArg | undefined) => number): IndicatorJob {
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
