import type { FastifyRequest } from 'fastify';
import type { Authenticator, Principal } from '../accounts/authenticator.js';
import { ApiError } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the bearer-auth hook on every protected route. */
    principal?: Principal;
  }
}

/** The WebSocket subprotocol that carries a token for clients that cannot set headers (browsers): `["algo.bearer", "<token>"]`. */
export const WS_BEARER_PROTOCOL = 'algo.bearer';

function tokenFromProtocols(req: FastifyRequest): string | undefined {
  const raw = req.headers['sec-websocket-protocol'];
  if (typeof raw !== 'string') return undefined;
  const parts = raw.split(',').map((s) => s.trim());
  const at = parts.indexOf(WS_BEARER_PROTOCOL);
  return at >= 0 ? parts[at + 1] : undefined;
}

/**
 * The `onRequest` hook of every protected route: a valid bearer token or 401 — before the
 * body is even read. The answer is the same for a missing, malformed, unknown, revoked or
 * expired token, so it tells a prober nothing.
 */
export function bearerAuth(auth: Authenticator) {
  return async (req: FastifyRequest): Promise<void> => {
    const header = req.headers.authorization;
    const principal = header !== undefined ? await auth.authenticate(header) : await tokenOrNull(auth, tokenFromProtocols(req));
    if (!principal) throw new ApiError('UNAUTHORIZED', 'a valid API token is required: send "Authorization: Bearer <token>" (get one with algo login or POST /auth/login)');
    req.principal = principal;
  };
}

async function tokenOrNull(auth: Authenticator, token: string | undefined): Promise<Principal | null> {
  return token ? auth.authenticateToken(token) : null;
}

/** The authenticated user of a protected route (the hook guarantees one). */
export function userOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new ApiError('UNAUTHORIZED', 'a valid API token is required');
  return req.principal;
}
