import { z } from 'zod';
import { ExprSchema } from './expr.js';
import { GRAPH_FORMAT } from './names.js';
import { RuleSchema } from './rules.js';
import { ParamSchema, SettingsSchema } from './settings.js';
import { checkIntegrity } from './integrity.js';

/**
 * The whole `algo.rulegraph/v1` document: the compiler's output, stored as
 * `strategies.config` (with `indicators_config` copied beside it), validated at every
 * boundary with `RuleGraphSchema`. A graph that passes this schema is internally
 * consistent (ids unique, every reference resolves to an earlier series, every fact and
 * parameter exists), so a runtime can build its evaluator without further checks.
 */

const count = z.int().min(0);

/**
 * One series: a value per bar of `timeframe`.
 * - `kind`: `field` (a bar field), `indicator` (a stateful catalogue indicator — what the
 *   indicator worker computes), `derived` (plain math over other series, state and params).
 * - `warmup`: index (0-based, in bars of `timeframe`) of the first bar with a value,
 *   TA-Lib's "lookback". Series on a higher timeframe count their own bars.
 * - `history`: the most bars-ago anyone reads from this series (`ref.ago`, 1 for crossing
 *   operands): keep `history + 1` values in a ring buffer.
 * - `label`: the expression as the author would write it, for traces and reports.
 * - `names`: the `let` names bound to this series, in source order.
 *
 * `series` is in evaluation order: every series only references series before it.
 */
export const SeriesSchema = z.strictObject({
  id: z.string().min(1),
  kind: z.enum(['field', 'indicator', 'derived']),
  type: z.enum(['number', 'bool']),
  timeframe: z.string(),
  expr: ExprSchema,
  warmup: count,
  history: count,
  label: z.string(),
  names: z.array(z.string()).optional(),
});
export type Series = z.infer<typeof SeriesSchema>;

/** One indicator the indicator worker computes, with every argument resolved. */
export const IndicatorJobSchema = z.strictObject({
  /** the series id the result is stored under */
  id: z.string().min(1),
  /** catalogue indicator name */
  fn: z.string().min(1),
  output: z.string().optional(),
  /** source arguments by catalogue parameter name → series id (a field or another series) */
  inputs: z.record(z.string(), z.string()),
  /** constant arguments by catalogue parameter name → resolved number */
  args: z.record(z.string(), z.number()),
  warmup: count,
});
export type IndicatorJob = z.infer<typeof IndicatorJobSchema>;

/**
 * What the live indicator worker must compute, per timeframe (base first): the series in
 * evaluation order, the indicators among them with resolved arguments, and how many
 * completed bars of history to replay before the values are valid.
 */
export const IndicatorsConfigSchema = z.strictObject({
  timeframes: z.array(
    z.strictObject({
      timeframe: z.string(),
      warmup: count,
      series: z.array(z.string()),
      indicators: z.array(IndicatorJobSchema),
    }),
  ),
});
export type IndicatorsConfig = z.infer<typeof IndicatorsConfigSchema>;

const GraphShape = z.strictObject({
  format: z.literal(GRAPH_FORMAT),
  compiler: z.strictObject({ name: z.string(), version: z.string() }),
  /** sha256 (hex) of the UTF-8 source text the graph was compiled from */
  source_hash: z.string().regex(/^[0-9a-f]{64}$/),
  settings: SettingsSchema,
  /** parameters in declaration order */
  params: z.array(ParamSchema),
  series: z.array(SeriesSchema),
  rules: z.array(RuleSchema),
  /**
   * Completed bars needed per timeframe before every series the rules read has a value;
   * rules are evaluated only once every timeframe has this many bars.
   */
  warmup: z.record(z.string(), count),
  indicators_config: IndicatorsConfigSchema,
});

/** Zod schema of a rule graph, with the cross-reference checks. */
export const RuleGraphSchema = GraphShape.superRefine((graph, ctx) => {
  for (const issue of checkIntegrity(graph)) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
});
export type RuleGraph = z.infer<typeof GraphShape>;
