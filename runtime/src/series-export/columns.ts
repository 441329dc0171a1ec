import type { RuleGraph } from '@algo/compiler';

/**
 * Which series a trader wants to see per bar, and under which name: every `let` (by its
 * name) and every indicator (as written, with param values filled in — `highest(high, 20)`
 * rather than `highest(high, lookback)`), in graph order. Bar fields are shown as the bar's
 * own columns and the compiler's intermediate expressions (`$1` = `close[1]`) are left out:
 * they are steps of a rule, not values anyone reads. `algo series` writes these columns and
 * `algo explain` lists them as the bar's data window.
 */
export interface SeriesColumn {
  /** position of the series in the graph (its register in the evaluator) */
  readonly index: number;
  readonly id: string;
  readonly header: string;
  readonly type: 'number' | 'bool';
  readonly timeframe: string;
  /** index of the first bar (of `timeframe`) with a value */
  readonly warmup: number;
}

/** `label` with each param name replaced by its value (`ema(close, fast)` → `ema(close, 9)`). */
export function withParamValues(label: string, params: ReadonlyMap<string, number | boolean>): string {
  let out = label;
  for (const [name, value] of params) out = out.replace(new RegExp(`(?<![\\w.$])${name}(?![\\w])`, 'g'), String(value));
  return out;
}

/** The columns of `graph`, headers unique. */
export function seriesColumns(graph: RuleGraph): SeriesColumn[] {
  const params = new Map(graph.params.map((p) => [p.name, p.value]));
  const seen = new Set<string>();
  const out: SeriesColumn[] = [];
  graph.series.forEach((s, index) => {
    const named = s.names !== undefined && s.names.length > 0;
    if (!named && s.kind !== 'indicator') return;
    let header = named ? s.names!.join(' / ') : withParamValues(s.label, params);
    if (seen.has(header)) header = `${header} [${s.id}]`;
    seen.add(header);
    out.push({ index, id: s.id, header, type: s.type, timeframe: s.timeframe, warmup: s.warmup });
  });
  return out;
}

/** A raw register value as a CSV cell: blank when missing (before warm-up), `true`/`false` for conditions, numbers exact. */
export function cell(v: number, type: 'number' | 'bool'): string {
  if (v - v !== 0) return '';
  if (type === 'bool') return v !== 0 ? 'true' : 'false';
  return String(v);
}

/** A CSV field, quoted when it holds a comma, quote or line break. */
export function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
