import type { Clock } from '../../feeds/clock.js';
import { systemClock } from '../../feeds/clock.js';
import type { Keyspace } from '../../redis/keyspace/index.js';
import type { BrokerCredentialsRepository } from '../../storage/repositories/broker-credentials.js';
import { BROKER_ERROR_CODES as E, fail, ok, type BrokerResult } from '../errors.js';
import { accessTokenExpiry, formatIst, type TokenBroker } from './token-expiry.js';

/** What a real broker adapter needs to sign a request: the app's API key and today's access token. */
export interface BrokerSession {
  readonly apiKey: string;
  readonly accessToken: string;
  /** Epoch ms. */
  readonly expiresAt: number;
}

/**
 * Where an adapter gets its session, asked before every request. It answers a usable
 * session or, in words a person can act on, why there is none (`BROKER_TOKEN_MISSING` /
 * `BROKER_TOKEN_STALE`) — the adapter then refuses to send anything. When the broker itself
 * rejects the token, the adapter calls `invalidate`, and the session stays refused until a
 * new token is stored.
 */
export interface SessionSource {
  current(): Promise<BrokerResult<BrokerSession>>;
  invalidate(reason: string): Promise<void>;
}

export interface StoredSessionOptions {
  readonly broker: TokenBroker;
  readonly userId: string;
  readonly credentials: BrokerCredentialsRepository;
  /** Mirrors the token at seed 000's `system:access_token:{broker}:{user}` (expiring with it) and clears it when it dies. */
  readonly keyspace?: Keyspace;
  readonly clock?: Clock;
  /** How long a read is reused before Mongo is asked again (default 30 s; never past the expiry). */
  readonly cacheMs?: number;
}

/**
 * The session as stored in `broker_credentials` (encrypted): the API key, the access token
 * and its expiry (Kite 06:00 IST, Upstox 03:30 IST; computed from when it was stored if the
 * record has none). Reads are cached briefly; an invalidated token is marked expired in
 * Mongo too, so every engine process stops using it.
 */
export class StoredSessionSource implements SessionSource {
  /** Why the token was last invalidated by this process (for status pages). */
  reason: string | undefined;
  private cached: { value: BrokerSession; until: number } | undefined;
  private readonly clock: Clock;

  constructor(private readonly o: StoredSessionOptions) {
    this.clock = o.clock ?? systemClock;
  }

  async current(): Promise<BrokerResult<BrokerSession>> {
    const now = this.clock.now();
    if (this.cached && now < this.cached.until) return ok(this.cached.value);
    this.cached = undefined;
    const { broker, userId, credentials } = this.o;
    const [secrets, info] = await Promise.all([credentials.reveal(userId, broker), credentials.describe(userId, broker)]);
    if (!secrets || !info) return fail(E.tokenMissing, `${broker}: no credentials stored for user ${userId} — add the API key and secret, then log in`);
    if (!secrets.access_token) return fail(E.tokenMissing, `${broker}: not logged in today (no access token for user ${userId}) — log in to ${broker} to trade live`);
    const expiresAt = info.access_token_expires_at?.getTime() ?? accessTokenExpiry(broker, info.updated_at.getTime());
    if (now >= expiresAt) return fail(E.tokenStale, `${broker}: the access token expired at ${formatIst(expiresAt)} — log in to ${broker} again to trade live`);
    const value: BrokerSession = { apiKey: secrets.api_key, accessToken: secrets.access_token, expiresAt };
    this.cached = { value, until: Math.min(expiresAt, now + (this.o.cacheMs ?? 30_000)) };
    return ok(value);
  }

  async invalidate(reason: string): Promise<void> {
    this.cached = undefined;
    const { broker, userId, credentials, keyspace } = this.o;
    const secrets = await credentials.reveal(userId, broker);
    if (secrets?.access_token) await credentials.setAccessToken(userId, broker, secrets.access_token, new Date(this.clock.now()));
    await keyspace?.system.setAccessToken(broker, userId, '', new Date(0));
    this.reason = reason;
  }
}

/**
 * A session given directly (a developer pointing the engine at a fake broker, or a token from
 * the environment). It still expires and can be invalidated, like a stored one.
 */
export class StaticSessionSource implements SessionSource {
  private dead: string | undefined;

  constructor(
    private readonly broker: string,
    private readonly session: BrokerSession | undefined,
    private readonly clock: Clock = systemClock,
  ) {}

  async current(): Promise<BrokerResult<BrokerSession>> {
    if (!this.session) return fail(E.tokenMissing, `${this.broker}: no access token configured — log in to ${this.broker} to trade live`);
    if (this.dead) return fail(E.tokenStale, `${this.broker}: the access token was rejected (${this.dead}) — log in again`);
    if (this.clock.now() >= this.session.expiresAt) return fail(E.tokenStale, `${this.broker}: the access token expired at ${formatIst(this.session.expiresAt)} — log in to ${this.broker} again to trade live`);
    return ok(this.session);
  }

  async invalidate(reason: string): Promise<void> {
    this.dead = reason;
  }
}

/**
 * Stores a fresh access token (after the daily login): encrypted in `broker_credentials`
 * with its expiry, and mirrored at `system:access_token:{broker}:{user}` until it expires.
 */
export async function storeAccessToken(
  deps: { credentials: BrokerCredentialsRepository; keyspace?: Keyspace },
  broker: TokenBroker,
  userId: string,
  accessToken: string,
  issuedAt: number,
): Promise<BrokerResult<{ expiresAt: number }>> {
  const expiresAt = accessTokenExpiry(broker, issuedAt);
  const stored = await deps.credentials.setAccessToken(userId, broker, accessToken, new Date(expiresAt));
  if (!stored) return fail(E.tokenMissing, `${broker}: no API key and secret stored for user ${userId} — add them before logging in`);
  await deps.keyspace?.system.setAccessToken(broker, userId, accessToken, new Date(expiresAt));
  return ok({ expiresAt });
}
