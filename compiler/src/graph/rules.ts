import { z } from 'zod';
import { EntryIntentSchema, ExitIntentSchema } from './intent.js';
import { OPERATORS, type OperatorName } from './names.js';
import { conditionIssues } from './tree-check.js';

/**
 * The `rules` of `algo.rulegraph/v1`: json-rules-engine rule documents, loadable as they
 * are by `new Engine(rules)` once our operators are registered (see `reference/`).
 *
 * Facts a condition may name:
 * - a series id (`close`, `ema(close,9)`, `upper`, `$3`): the series' value on this bar;
 *   with `params: { window: 2 }` the pair `[now, previous]` (crossing operators only);
 * - `position.*` and `clock.*` (see `names.ts`);
 * - `param.<name>`: a parameter's resolved value (always on the `value` side).
 */

/** `params` of a fact read: only the crossing operators use it, to get `[now, previous]`. */
export const FactParamsSchema = z.strictObject({ window: z.literal(2) });
export type FactParams = z.infer<typeof FactParamsSchema>;

/** The right-hand side of a comparison read from a fact. */
export const FactValueSchema = z.strictObject({ fact: z.string().min(1), params: FactParamsSchema.optional() });
export type FactValue = z.infer<typeof FactValueSchema>;

/** One comparison: `<fact> <operator> <value>`. */
export interface LeafCondition {
  fact: string;
  params?: FactParams;
  operator: OperatorName;
  value: number | boolean | FactValue;
}

export type Condition = LeafCondition | { all: Condition[] } | { any: Condition[] } | { not: Condition };
/** json-rules-engine requires a boolean node at the top of a rule. */
export type TopCondition = { all: Condition[] } | { any: Condition[] } | { not: Condition };

export const LeafConditionSchema: z.ZodType<LeafCondition> = z.strictObject({
  fact: z.string().min(1),
  params: FactParamsSchema.optional(),
  operator: z.enum(OPERATORS),
  value: z.union([z.number(), z.boolean(), FactValueSchema]),
});

/** Zod schema of a condition tree (checked by one walk, see `tree-check.ts`). */
export const ConditionSchema: z.ZodType<Condition> = z.custom<Condition>().superRefine((v, ctx) => {
  for (const i of conditionIssues(v, false)) ctx.addIssue({ code: 'custom', message: i.message, path: i.path, continue: false });
});

/** A rule's `conditions`: a condition tree with `all`, `any` or `not` at the top. */
export const TopConditionSchema: z.ZodType<TopCondition> = z.custom<TopCondition>().superRefine((v, ctx) => {
  for (const i of conditionIssues(v, true)) ctx.addIssue({ code: 'custom', message: i.message, path: i.path, continue: false });
});

/** The event a rule fires: `type` plus the order intent in `params`. */
export const RuleEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('entry'), params: EntryIntentSchema }),
  z.strictObject({ type: z.literal('exit'), params: ExitIntentSchema }),
]);
export type RuleEvent = z.infer<typeof RuleEventSchema>;

/**
 * One rule. `name` is unique (`entry.1`, `exit.2`: kind and 1-based source order).
 * `priority`: exits 2, entries 1 — json-rules-engine runs higher first, and a runtime
 * acting on one bar's events handles exits before entries.
 */
export const RuleSchema = z.strictObject({
  name: z.string().min(1),
  priority: z.int().min(1),
  conditions: TopConditionSchema,
  event: RuleEventSchema,
});
export type Rule = z.infer<typeof RuleSchema>;

/** Calls `visit` on every leaf condition below `c`. */
export function forEachLeaf(c: Condition, visit: (leaf: LeafCondition) => void): void {
  if ('all' in c) c.all.forEach((x) => forEachLeaf(x, visit));
  else if ('any' in c) c.any.forEach((x) => forEachLeaf(x, visit));
  else if ('not' in c) forEachLeaf(c.not, visit);
  else visit(c);
}
