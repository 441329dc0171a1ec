import { pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';

/**
 * The API's structured logger (pino). Fastify adds a request id to every line of a
 * request. Secrets never reach a line: request bodies and headers are not logged at all,
 * query values are dropped from logged URLs,
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

/**
 * A URL as logged: the path, and the names of query parameters without their values (a
 * client that puts a token in a query string must not get it written to the log).
 */
export function loggableUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const names = url
    .slice(q + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => `${pair.split('=')[0]!.slice(0, 64)}=…`);
  return `${url.slice(0, q)}?${names.join('&')}`;
}

interface RequestLike {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** What a request line says: method, URL without query values, host, client address. Never headers or body. */
function requestSerializer(req: RequestLike): Record<string, unknown> {
  return { method: req.method, url: req.url === undefined ? undefined : loggableUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { service: 'algo-api' }, serializers: { req: requestSerializer } };
  return destination ? pino(options, destination) : pino(options);
}
