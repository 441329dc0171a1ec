import { parseGraph, walkExpr, type RuleGraph, type Series, forEachLeaf } from '@algo/compiler';
import { timeframeMs } from '@algo/language';
import { ExchangeSessionSchema, sessionClock, type ExchangeSession, type SessionClock } from '../data/session.js';
import { IndicatorError } from '../indicators/indicator.js';
import { RUNTIME_ERROR_CODES, RuntimeError } from './errors.js';
import { bucketerFor, type Bucketer } from './timeframes.js';
import { StrategyEvaluator } from './evaluator.js';

/**
 * A rule graph checked and resolved for running: the load step of the evaluator. Done once
 * per strategy (per parameter set); `instantiate()` then gives each instrument its own
 * evaluator — fresh buffers, indicator states and closures — without looking at the graph's
 * JSON again.
 */

/** Exchange hours the evaluator needs: bucket alignment, the close of the last bar, VWAP's anchor. */
export interface ProgramOptions {
  /** default: 09:15–15:30 (NSE/BSE) in the graph's `settings.timezone` */
  readonly exchange?: { readonly open: string; readonly close: string };
}

/** One series, resolved. */
export interface SeriesPlan {
  readonly index: number;
  readonly id: string;
  readonly series: Series;
  /** index into `GraphProgram.timeframes` */
  readonly tf: number;
  /** values kept before the latest: the most bars-ago anything reads (≥ the graph's `history`) */
  readonly depth: number;
  /**
   * true when an expression reads this series' history (`ref` with `ago`, a crossing inside
   * a series); false when only rules read its previous value, which the evaluator keeps in a
   * register instead, so the per-bar write skips the ring
   */
  readonly ring: boolean;
}

/** One timeframe the graph reads, base first. */
export interface TimeframePlan {
  readonly tf: string;
  readonly ms: number;
  /** completed bars of this timeframe needed before rules run (the graph's `warmup`) */
  readonly warmup: number;
  /** how a base bar maps to this timeframe's bucket (higher timeframes only) */
  readonly bucketer?: Bucketer;
}

export class GraphProgram {
  readonly series: readonly SeriesPlan[];
  readonly byId: ReadonlyMap<string, SeriesPlan>;
  readonly timeframes: readonly TimeframePlan[];
  readonly params: ReadonlyMap<string, number | boolean>;
  readonly session: ExchangeSession;
  readonly clock: SessionClock;

  /** Use `loadProgram`, which validates first and reports problems as values. */
  constructor(
    readonly graph: RuleGraph,
    options: ProgramOptions,
  ) {
    const s = graph.settings;
    this.session = ExchangeSessionSchema.parse({ timeZone: s.timezone, open: options.exchange?.open ?? '09:15', close: options.exchange?.close ?? '15:30' });
    this.clock = sessionClock(this.session);
    this.params = new Map(graph.params.map((p) => [p.name, p.value]));
    const tfIndex = new Map(s.timeframes.map((tf, i) => [tf, i]));
    this.timeframes = s.timeframes.map((tf, i): TimeframePlan => {
      const plan: TimeframePlan = { tf, ms: timeframeMs(tf), warmup: graph.warmup[tf] ?? 0 };
      if (i === 0) return plan;
      const b = bucketerFor(tf, this.clock);
      if (typeof b === 'string') throw new RuntimeError(RUNTIME_ERROR_CODES.graph, b);
      return { ...plan, bucketer: b };
    });
    const reads = readDepths(graph, this.params, false);
    const exprReads = readDepths(graph, this.params, true);
    this.series = graph.series.map((series, index) => ({
      index,
      id: series.id,
      series,
      tf: tfIndex.get(series.timeframe) ?? 0,
      depth: Math.max(series.history, reads.get(series.id) ?? 0),
      ring: (exprReads.get(series.id) ?? 0) > 0,
    }));
    this.byId = new Map(this.series.map((p) => [p.id, p]));
  }

  /** A fresh evaluator (its own buffers and indicator state) for one instrument. */
  instantiate(): StrategyEvaluator {
    return new StrategyEvaluator(this);
  }
}

/** How deep each series is read: `ref` offsets, +1 for crossing operands and (unless `exprOnly`) crossed facts. */
function readDepths(graph: RuleGraph, params: ReadonlyMap<string, number | boolean>, exprOnly: boolean): Map<string, number> {
  const depth = new Map<string, number>();
  const need = (id: string, ago: number) => depth.set(id, Math.max(depth.get(id) ?? 0, ago));
  const agoOf = (a: { op: 'const'; value: number } | { op: 'param'; name: string } | undefined) =>
    a === undefined ? 0 : a.op === 'const' ? a.value : Number(params.get(a.name) ?? 0);
  for (const s of graph.series) {
    walkExpr(s.expr, (node) => {
      if (node.op === 'ref') need(node.id, agoOf(node.ago));
      if (node.op === 'crossesAbove' || node.op === 'crossesBelow') {
        for (const side of node.args) if (side.op === 'ref') need(side.id, agoOf(side.ago) + 1);
      }
    });
  }
  if (!exprOnly) for (const rule of graph.rules) {
    forEachLeaf(rule.conditions, (leaf) => {
      if (leaf.params?.window === 2) need(leaf.fact, 1);
      if (typeof leaf.value === 'object' && leaf.value.params?.window === 2) need(leaf.value.fact, 1);
    });
  }
  return depth;
}

/** A loaded program, or the reasons the input cannot run. */
export type LoadResult = { program: GraphProgram; errors: [] } | { program?: undefined; errors: string[] };

/**
 * Validates `input` as an `algo.rulegraph/v1` document (the compiler's zod schema and
 * integrity checks) and resolves it for running. Anything the runtime cannot run — an
 * indicator or function it lacks, a timeframe it cannot build — is an error naming it, found
 * here rather than on some later bar. Each error is one readable line.
 */
export function loadProgram(input: unknown, options: ProgramOptions = {}): LoadResult {
  const parsed = parseGraph(input);
  if (!parsed.graph) return { errors: parsed.errors };
  try {
    const program = new GraphProgram(parsed.graph, options);
    program.instantiate();
    return { program, errors: [] };
  } catch (err) {
    if (err instanceof RuntimeError || err instanceof IndicatorError) return { errors: [err.message] };
    if (err instanceof Error && err.name === 'ZodError') return { errors: [`exchange hours: ${err.message}`] };
    throw err;
  }
}
