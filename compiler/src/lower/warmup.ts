import type { Expr, NumArg } from '../graph/expr.js';
import { forEachLeaf, type Rule } from '../graph/rules.js';
import { requireBuiltin } from './catalogue.js';
import type { PendingSeries } from './series-table.js';

/**
 * What each series reads, and from that: history depth per series, warm-up per series
 * (in bars of its own timeframe) and per timeframe. Every series is walked once; the
 * rest works on the read lists.
 */

/** One read of another series: how many bars back, and whether a crossing also reads the bar before. */
export interface Read {
  readonly id: string;
  readonly ago: number;
  readonly cross: boolean;
}

/** Resolves a constant argument to its number (a param to its compile value). */
export type Resolve = (a: NumArg | undefined) => number;

/** The series `e` reads, in tree order (duplicates kept; they are harmless). */
export function readsOf(e: Expr, resolve: Resolve, out: Read[] = []): Read[] {
  switch (e.op) {
    case 'ref':
      out.push({ id: e.id, ago: resolve(e.ago), cross: false });
      return out;
    case 'crossesAbove':
    case 'crossesBelow': {
      const [a, b] = e.args;
      out.push({ id: a.id, ago: 0, cross: true });
      if (b.op === 'ref') out.push({ id: b.id, ago: resolve(b.ago), cross: true });
      return out;
    }
    case 'const':
    case 'param':
    case 'field':
    case 'state':
      return out;
    default:
      for (const a of e.args) readsOf(a, resolve, out);
      return out;
  }
}

/** History depth of every series: the most bars back anything reads it (crossings read one more). */
export function historyDepths(live: readonly PendingSeries[], reads: ReadonlyMap<string, Read[]>, rules: readonly Rule[]): Map<string, number> {
  const depth = new Map<string, number>(live.map((s) => [s.tempId, 0]));
  const need = (id: string, n: number) => {
    const d = depth.get(id);
    if (d !== undefined && n > d) depth.set(id, n);
  };
  for (const s of live) for (const r of reads.get(s.tempId)!) need(r.id, r.ago + (r.cross ? 1 : 0));
  for (const rule of rules) {
    forEachLeaf(rule.conditions, (leaf) => {
      if (leaf.params?.window === 2) need(leaf.fact, 1);
      if (typeof leaf.value === 'object' && leaf.value.params?.window === 2) need(leaf.value.fact, 1);
    });
  }
  return depth;
}

/**
 * Warm-up of every series, in evaluation order: a field is ready at once; an indicator
 * after its sources plus the catalogue's lookback for its arguments; anything else after
 * the latest of its reads (shifted by `ago`, plus one bar for a crossing). A read of a
 * higher timeframe costs nothing here: that timeframe's own warm-up covers it.
 */
export function warmups(live: readonly PendingSeries[], reads: ReadonlyMap<string, Read[]>, resolve: Resolve): Map<string, number> {
  const warm = new Map<string, number>();
  const tf = new Map(live.map((s) => [s.tempId, s.timeframe]));
  for (const s of live) {
    let w = 0;
    for (const r of reads.get(s.tempId)!) {
      const own = tf.get(r.id) === s.timeframe ? (warm.get(r.id) ?? 0) : 0;
      w = Math.max(w, own + r.ago + (r.cross ? 1 : 0));
    }
    if (s.expr.op === 'field') w = 0;
    else if (s.expr.op === 'call') {
      const consts = s.expr.args.map((a) => (a.op === 'const' || a.op === 'param' ? resolve(a as NumArg) : undefined));
      w += requireBuiltin(s.expr.fn).lookback(consts);
    }
    warm.set(s.tempId, w);
  }
  return warm;
}

/**
 * Bars each timeframe consumes before everything the rules read has a value: the largest
 * warm-up among its series, and on the base timeframe one more for a series a rule crosses.
 */
export function timeframeWarmups(
  live: readonly PendingSeries[],
  warm: ReadonlyMap<string, number>,
  rules: readonly Rule[],
  timeframes: readonly string[],
): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(timeframes.map((t) => [t, 0]));
  const base = timeframes[0]!;
  for (const s of live) out[s.timeframe] = Math.max(out[s.timeframe]!, warm.get(s.tempId)!);
  for (const rule of rules) {
    forEachLeaf(rule.conditions, (leaf) => {
      for (const side of typeof leaf.value === 'object' ? [leaf, leaf.value] : [leaf]) {
        const w = warm.get(side.fact);
        if (w !== undefined) out[base] = Math.max(out[base]!, w + (side.params?.window === 2 ? 1 : 0));
      }
    });
  }
  return out;
}
