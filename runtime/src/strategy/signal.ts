import { z } from 'zod';
import type { ConditionTrace } from '../evaluator/compile-rules.js';

/**
 * Why an order exists: the rule that fired, on which bar, and every value its conditions
 * compared on that bar (the trace), plus the series the order read at signal time (an ATR
 * for the stop, `stop_loss at lowest(low, 5)`). Every order intent and every trade carries
 * one, so a report can say "entered because close (101.2) crossed above upper (100.9)".
 */
const TraceValueSchema = z.union([z.number(), z.boolean(), z.null()]);

export const LeafTraceSchema = z.strictObject({
  fact: z.string(),
  label: z.string().optional(),
  operator: z.string(),
  compare: z.union([z.number(), z.boolean(), z.string()]),
  compare_label: z.string().optional(),
  left: TraceValueSchema,
  right: TraceValueSchema,
  left_prev: TraceValueSchema.optional(),
  right_prev: TraceValueSchema.optional(),
  result: z.boolean(),
});

export const ConditionTraceSchema: z.ZodType<ConditionTrace> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(ConditionTraceSchema), result: z.boolean() }),
    z.strictObject({ any: z.array(ConditionTraceSchema), result: z.boolean() }),
    z.strictObject({ not: ConditionTraceSchema, result: z.boolean() }),
    LeafTraceSchema,
  ]),
) as z.ZodType<ConditionTrace>;

export const SignalSchema = z.strictObject({
  /** rule name (`entry.1`, `exit.2`) or the core's own reason (`max_daily_loss`, `end_of_data`) */
  rule: z.string(),
  label: z.string().optional(),
  /** open time (UTC ms) of the bar the rule fired on */
  time: z.number(),
  /** the conditions with their values on that bar; absent for the core's own exits */
  conditions: ConditionTraceSchema.optional(),
  /** series read by the order at signal time (id → value) */
  reads: z.record(z.string(), TraceValueSchema).optional(),
});
export type Signal = z.infer<typeof SignalSchema>;
