import { z } from 'zod';

/**
 * Every error the API answers with, defined once: a stable code, its HTTP status, and the
 * body shape (`ErrorBodySchema`) every 4xx/5xx response has. Handlers throw `ApiError` for
 * expected refusals; anything else that escapes a handler is a bug and becomes a 500 whose
 * body says only that (the details go to the log, never to the client).
 */

export const API_ERRORS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  /** a strategy name the user already has */
  NAME_TAKEN: 409,
  /** someone else changed the strategy at the same moment */
  VERSION_CONFLICT: 409,
  /** the strategy is running: stop it first */
  STRATEGY_RUNNING: 409,
  /** live mode without broker credentials */
  BROKER_CREDENTIALS_MISSING: 409,
  /** a kill switch is engaged */
  KILL_SWITCH_ENGAGED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** the source has errors: nothing was stored */
  COMPILE_ERRORS: 422,
  /** the backtest cannot run on what was asked (no data, bad range) */
  BACKTEST_REFUSED: 422,
  RATE_LIMITED: 429,
  /** too many backtests waiting */
  QUEUE_FULL: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  /** the server has no encryption key for broker credentials */
  CREDENTIALS_KEY_MISSING: 503,
} as const;
export type ApiErrorCode = keyof typeof API_ERRORS;

/** One field that failed validation: `body.email`, `params.id`, `query.limit`. */
export const FieldIssueSchema = z.object({ path: z.string(), message: z.string() });
export type FieldIssue = z.infer<typeof FieldIssueSchema>;

/** A compiler diagnostic as the API reports it (1-based line and column, as `algo check` prints them). */
export const ApiDiagnosticSchema = z.object({
  severity: z.enum(['error', 'warning', 'info']),
  code: z.string(),
  message: z.string(),
  line: z.int(),
  column: z.int(),
  end_line: z.int(),
  end_column: z.int(),
});
export type ApiDiagnostic = z.infer<typeof ApiDiagnosticSchema>;

export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      /** the fields that failed validation (400) */
      issues: z.array(FieldIssueSchema).optional(),
      /** the compiler's diagnostics (422) */
      diagnostics: z.array(ApiDiagnosticSchema).optional(),
      /** the request id, to find this request in the server's log */
      request_id: z.string().optional(),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** An expected refusal with a stable code. */
export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly extra: { issues?: FieldIssue[]; diagnostics?: ApiDiagnostic[] } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = API_ERRORS[code];
  }
}

/** The 404 every lookup of a missing or someone else's resource answers — the same either way. */
export function notFound(what: string, id: string): ApiError {
  return new ApiError('NOT_FOUND', `no ${what} with id ${JSON.stringify(id.slice(0, 128))}`);
}

/** The error responses a route may give, for its schema (and so for /docs). */
export function errorResponses(...statuses: number[]): Record<number, typeof ErrorBodySchema> {
  const out: Record<number, typeof ErrorBodySchema> = {};
  for (const s of [400, 401, 413, 429, 500, ...statuses]) out[s] = ErrorBodySchema;
  return out;
}
