import type { Param } from '@algo/compiler';

/**
 * The grid of a parameter sweep: every value of every declared range (`param lookback = 20
 * in 10..60 step 5` → 10, 15, …, 60), crossed. Params fixed with `--param` (or left out of
 * an explicit `--sweep a,b` list) keep one value. Combinations are numbered in a fixed order
 * — the first param changes slowest — so a sweep's rows, and its ties, never depend on which
 * worker finished first.
 */

/** One swept param and its values, ascending. */
export interface SweepAxis {
  readonly name: string;
  readonly type: Param['type'];
  readonly values: readonly number[];
}

export interface SweepGrid {
  readonly axes: readonly SweepAxis[];
  /** number of combinations (the product of the axes' lengths) */
  readonly size: number;
}

/** Default most runs one sweep accepts (`--max-runs` raises it). */
export const DEFAULT_MAX_RUNS = 10_000;

export interface GridRequest {
  /** the graph's params, declaration order */
  readonly params: readonly Param[];
  /** the strategy's name, for messages */
  readonly strategy: string;
  /** sweep only these (default: every param with a range) */
  readonly only?: readonly string[];
  /** params fixed with `--param` (not swept) */
  readonly fixed: Readonly<Record<string, unknown>>;
  readonly maxRuns: number;
}

/** `param x = 20 in 10..30 step 1`, as an example in a message: about half to one and a half times the value, in round steps. */
function example(p: Param): string {
  const v = typeof p.value === 'number' && p.value > 0 ? p.value : 20;
  const step = p.integer ? Math.max(1, 10 ** Math.floor(Math.log10(v / 5))) : 10 ** Math.floor(Math.log10(v / 5));
  const clean = (x: number) => Number(x.toPrecision(6));
  const lo = clean(Math.max(step, Math.floor((v * 0.5) / step) * step));
  const hi = clean(Math.ceil((v * 1.5) / step) * step);
  const show = (x: number) => (p.type === 'percent' ? `${clean(x * 100)}%` : String(clean(x)));
  return `param ${p.name} = ${show(v)} in ${show(lo)}..${show(hi)} step ${show(step)}`;
}

/** The values of a range: min, min + step, … up to max (inclusive, within float noise). */
export function rangeValues(min: number, max: number, step: number, integer: boolean): number[] {
  const n = Math.floor((max - min) / step + 1e-9) + 1;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = Number((min + i * step).toPrecision(12));
    out.push(integer ? Math.round(v) : v);
  }
  return [...new Set(out)];
}

/**
 * Builds the grid, or says in one line why there is nothing (sensible) to sweep: a named
 * param that does not exist or has no range, no ranged param at all, a range with no step on
 * a non-integer param, or more combinations than `maxRuns` (with the arithmetic, and how to
 * narrow it).
 */
export function sweepGrid(req: GridRequest): { grid: SweepGrid; error?: undefined } | { grid?: undefined; error: string } {
  const byName = new Map(req.params.map((p) => [p.name, p]));
  const names = req.params.map((p) => p.name);
  for (const n of req.only ?? []) {
    const p = byName.get(n);
    if (!p) return { error: `--sweep ${n}: "${req.strategy}" has no param ${n}${names.length ? ` (its params: ${names.join(', ')})` : ''}` };
    if (p.min === undefined || p.max === undefined) return { error: `--sweep ${n}: param ${n} has no range to sweep; declare one, e.g. \`${example(p)}\`` };
    if (n in req.fixed) return { error: `--sweep ${n}: ${n} is also fixed with --param ${n}=…; sweep it or fix it, not both` };
  }
  const chosen = req.only ? req.params.filter((p) => req.only!.includes(p.name)) : req.params.filter((p) => p.min !== undefined && p.max !== undefined && !(p.name in req.fixed));
  if (chosen.length === 0) {
    const ranged = req.params.filter((p) => p.min !== undefined && p.max !== undefined);
    if (ranged.length === 0) {
      return { error: `nothing to sweep: no param of "${req.strategy}" declares a range${req.params[0] ? `; declare one, e.g. \`${example(req.params[0])}\`` : ' (write e.g. `param lookback = 20 in 10..60 step 5` and use it)'}` };
    }
    return { error: `nothing left to sweep: every param with a range (${ranged.map((p) => p.name).join(', ')}) is fixed with --param` };
  }
  const axes: SweepAxis[] = [];
  for (const p of chosen) {
    const step = p.step ?? (p.integer ? 1 : undefined);
    if (step === undefined || !(step > 0)) return { error: `param ${p.name} has a range but no step; write one, e.g. \`in ${p.min}..${p.max} step ${(p.max! - p.min!) / 10}\`` };
    axes.push({ name: p.name, type: p.type, values: rangeValues(p.min!, p.max!, step, p.integer) });
  }
  const size = axes.reduce((n, a) => n * a.values.length, 1);
  if (size > req.maxRuns) {
    const shape = axes.map((a) => `${a.name} ${a.values.length}`).join(' × ');
    return { error: `the grid has ${size.toLocaleString('en-US')} combinations (${shape}), more than ${req.maxRuns.toLocaleString('en-US')} runs: narrow a range, raise a step, fix a param with --param name=value, or raise --max-runs` };
  }
  return { grid: { axes, size } };
}

/** The params of combination `i` (0 ≤ i < size): mixed-radix digits, the first axis slowest. */
export function combination(grid: SweepGrid, i: number): Record<string, number> {
  const out: Record<string, number> = {};
  let rest = i;
  for (let k = grid.axes.length - 1; k >= 0; k--) {
    const a = grid.axes[k]!;
    out[a.name] = a.values[rest % a.values.length]!;
    rest = Math.floor(rest / a.values.length);
  }
  return Object.fromEntries(grid.axes.map((a) => [a.name, out[a.name]!]));
}
