import type { z } from 'zod';
import { BROKER_ERROR_CODES as E, fail, ok, type BrokerResult } from './errors.js';

/**
 * A broker's answer checked against the shape we rely on. A broker that changes its API
 * gives a `BROKER_ERROR` naming the field ("zerodha answered orders with an unexpected
 * shape: 0.status: expected string"), never a crash deep in the engine.
 */
export function parseAnswer<S extends z.ZodType>(broker: string, what: string, schema: S, value: unknown): BrokerResult<z.output<S>> {
  const r = schema.safeParse(value);
  if (r.success) return ok(r.data);
  const issue = r.error.issues[0];
  return fail(E.brokerError, `${broker} answered ${what} with an unexpected shape: ${issue?.path.join('.') || '(value)'}: ${issue?.message ?? 'invalid'}`, { outcome: 'not_placed' });
}
