import type { Expr, NumArg } from '../graph/expr.js';
import { forEachLeaf, type Rule } from '../graph/rules.js';
import { requireBuiltin } from './catalogue.js';
import type { PendingSeries } from './series-table.js';

/**
 * What each series reads, and from that: history depth per series, warm-up per series
 * (in bars of its own timeframe) and per timeframe. Every series is walked once; the
 * rest works on the read lists. Series are numbered by their place in the series table
 * (`PendingSeries.index`), and the per-series results are arrays by that number.
 */

/** One read of another series: which one, how many bars back, and whether a crossing also reads the bar before. */
export interface Read {
  readonly series: number;
  readonly ago: number;
  readonly cross: boolean;
}

/** Resolves a constant argument to its number (a param to its compile value). */
export type Resolve = (a: NumArg | undefined) => number;

/** The number of the series with a temporary id, or −1 for a fact that is not a series (`position.qty`). */
export type IndexOf = (id: string) => number;

/** The series `e` reads, in tree order (duplicates kept; they are harmless). */
export function readsOf(e: Expr, resolve: Resolve, indexOf: IndexOf, out: Read[] = []): Read[] {
  switch (e.op) {
    case 'ref':
      out.push({ series: indexOf(e.id), ago: resolve(e.ago), cross: false });
      return out;
    case 'crossesAbove':
    case 'crossesBelow': {
      const [a, b] = e.args;
      out.push({ series: indexOf(a.id), ago: 0, cross: true });
      if (b.op === 'ref') out.push({ series: indexOf(b.id), ago: resolve(b.ago), cross: true });
      return out;
    }
    case 'const':
    case 'param':
    case 'field':
    case 'state':
      return out;
    default:
      for (const a of e.args) readsOf(a, resolve, indexOf, out);
      return out;
  }
}

/**
 * History depth of every live series: the most bars back anything reads it (crossings
 * read one more). `reads[i]` is set exactly for the live series.
 */
export function historyDepths(live: readonly PendingSeries[], reads: readonly (Read[] | undefined)[], rules: readonly Rule[], indexOf: IndexOf): number[] {
  const depth = new Array<number>(reads.length).fill(0);
  const need = (i: number, n: number) => {
    if (i >= 0 && reads[i] !== undefined && n > depth[i]!) depth[i] = n;
  };
  for (const s of live) for (const r of reads[s.index]!) need(r.series, r.ago + (r.cross ? 1 : 0));
  for (const rule of rules) {
    forEachLeaf(rule.conditions, (leaf) => {
      if (leaf.params?.window === 2) need(indexOf(leaf.fact), 1);
      if (typeof leaf.value === 'object' && leaf.value.params?.window === 2) need(indexOf(leaf.value.fact), 1);
    });
  }
  return depth;
}

/**
 * Warm-up of every live series, in evaluation order: a field is ready at once; an
 * indicator after its sources plus the catalogue's lookback for its arguments; anything
 * else after the latest of its reads (shifted by `ago`, plus one bar for a crossing). A
 * read of a higher timeframe costs nothing here: that timeframe's own warm-up covers it.
 */
export function warmups(live: readonly PendingSeries[], reads: readonly (Read[] | undefined)[], resolve: Resolve): number[] {
  const warm = new Array<number>(reads.length).fill(0);
  const timeframe: (string | undefined)[] = new Array<string | undefined>(reads.length);
  for (const s of live) timeframe[s.index] = s.timeframe;
  for (const s of live) {
    let w = 0;
    for (const r of reads[s.index]!) {
      const own = timeframe[r.series] === s.timeframe ? warm[r.series]! : 0;
      w = Math.max(w, own + r.ago + (r.cross ? 1 : 0));
    }
    if (s.expr.op === 'field') w = 0;
    else if (s.expr.op === 'call') {
      const consts = s.expr.args.map((a) => (a.op === 'const' || a.op === 'param' ? resolve(a as NumArg) : undefined));
      w += requireBuiltin(s.expr.fn).lookback(consts);
    }
    warm[s.index] = w;
  }
  return warm;
}

/**
 * Bars each timeframe consumes before everything the rules read has a value: the largest
 * warm-up among its series, and on the base timeframe one more for a series a rule crosses.
 */
export function timeframeWarmups(
  live: readonly PendingSeries[],
  warm: readonly number[],
  rules: readonly Rule[],
  timeframes: readonly string[],
  indexOf: IndexOf,
): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(timeframes.map((t) => [t, 0]));
  const base = timeframes[0]!;
  const isLive = new Set(live.map((s) => s.index));
  for (const s of live) out[s.timeframe] = Math.max(out[s.timeframe]!, warm[s.index]!);
  for (const rule of rules) {
    forEachLeaf(rule.conditions, (leaf) => {
      for (const side of typeof leaf.value === 'object' ? [leaf, leaf.value] : [leaf]) {
        const i = indexOf(side.fact);
        if (isLive.has(i)) out[base] = Math.max(out[base]!, warm[i]! + (side.params?.window === 2 ? 1 : 0));
      }
    });
  }
  return out;
}
