import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ApiError, type ApiErrorCode, type ErrorBody, type FieldIssue } from '../errors.js';

/**
 * Turns anything a route throws into the one error body (`ErrorBodySchema`):
 * - `ApiError` — its status, code and message;
 * - a request that fails its zod schema — 400 naming each field (`body.email`, `params.id`);
 * - Fastify's own refusals — 413 for an oversized body, 415 for a content type it cannot
 *   parse, 400 for malformed JSON, 429 from the rate limiter;
 * - anything else — a bug: 500 with a message that says only that, and the details (never
 *   the request body) in the log under the request id.
 */

const CONTEXT_NAMES: Record<string, string> = { body: 'body', querystring: 'query', params: 'params', headers: 'headers' };

function body(req: FastifyRequest, code: string, message: string, extra: Omit<ErrorBody['error'], 'code' | 'message' | 'request_id'> = {}): ErrorBody {
  return { error: { code, message, ...extra, request_id: String(req.id) } };
}

function fieldIssues(err: FastifyError): FieldIssue[] {
  const where = CONTEXT_NAMES[err.validationContext ?? 'body'] ?? 'body';
  return (err.validation ?? []).slice(0, 20).map((v) => {
    const path = v.instancePath.split('/').filter(Boolean).join('.');
    return { path: path ? `${where}.${path}` : where, message: v.message ?? 'invalid' };
  });
}

const FASTIFY_CODES: Record<string, { status: number; code: ApiErrorCode | 'URI_TOO_LONG'; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'the request body is larger than this server accepts' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'send the body as application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'BAD_REQUEST', message: 'the Content-Length header does not match the body' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'BAD_REQUEST', message: 'the body is empty; send a JSON object' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'BAD_REQUEST', message: 'the body is not valid JSON' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'URI_TOO_LONG', message: 'a path parameter is longer than any id' },
  FST_ERR_BAD_URL: { status: 400, code: 'BAD_REQUEST', message: 'the URL is not valid' },
};

export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  if (err instanceof ApiError) {
    if (err.status >= 500) req.log.error({ code: err.code }, err.message);
    void reply.status(err.status).send(body(req, err.code, err.message, err.extra));
    return;
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const issues = fieldIssues(err);
    const first = issues[0];
    void reply.status(400).send(body(req, 'BAD_REQUEST', first ? `${first.path}: ${first.message}` : 'the request is not valid', { issues }));
    return;
  }
  const known = err.code ? FASTIFY_CODES[err.code] : undefined;
  if (known) {
    void reply.status(known.status).send(body(req, known.code, known.message));
    return;
  }
  if (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    void reply.status(400).send(body(req, 'BAD_REQUEST', 'the body is not valid JSON'));
    return;
  }
  const status = err.statusCode ?? 500;
  if (status === 429) {
    void reply.status(429).send(body(req, 'RATE_LIMITED', err.message || 'too many requests; slow down'));
    return;
  }
  if (status >= 400 && status < 500) {
    void reply.status(status).send(body(req, status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST', err.message));
    return;
  }
  req.log.error({ err }, 'unhandled error');
  void reply.status(500).send(body(req, 'INTERNAL', 'the server failed to answer this request; it is logged under this request id'));
}
