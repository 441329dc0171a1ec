import { pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';

/**
 * The API's structured logger (pino). Fastify adds a request id to every line of a
 * request. Secrets never reach a line: request bodies and headers are not logged at all,
 * and the paths below are redacted wherever they appear anyway (a defence against a
 * future `log.info({ body })`). A test captures the log of a whole session and greps it
 * for every secret it used.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'password',
  'token',
  'secrets',
  '*.password',
  '*.token',
  '*.secrets',
  '*.api_key',
  '*.api_secret',
  '*.access_token',
  '*.credentialsKey',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { service: 'algo-api' } };
  return destination ? pino(options, destination) : pino(options);
}
