import type { ApiTokensRepository } from '@algo/runtime';
import { hashToken, looksLikeToken } from './tokens.js';

/** Who a request is from, once its bearer token checked out. */
export interface Principal {
  readonly userId: string;
  readonly tokenId: string;
}

interface Cached {
  readonly principal: Principal;
  readonly until: number;
}

/**
 * Bearer-token authentication. A token is looked up by its hash (`api_tokens.use`, which
 * also records `last_used_at`); a valid answer is remembered for `cacheMs` so a busy
 * client does not cost a database write per request. Revoking a token through this
 * process forgets it at once; another API process forgets it within `cacheMs` (default
 * 5 s) — the price of not writing to MongoDB on every request, stated in OPERATIONS.md.
 * Failed lookups are never cached, and anything not shaped like a token is refused
 * without a lookup.
 */
export class Authenticator {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly tokens: ApiTokensRepository,
    private readonly cacheMs = 5_000,
    private readonly maxEntries = 10_000,
  ) {}

  /** The principal for an `Authorization` header value, or null (missing, malformed, unknown, revoked or expired). */
  async authenticate(header: string | undefined): Promise<Principal | null> {
    const m = header ? /^Bearer ([^\s]+)$/i.exec(header.trim()) : null;
    if (!m) return null;
    return this.authenticateToken(m[1]!);
  }

  async authenticateToken(token: string): Promise<Principal | null> {
    if (!looksLikeToken(token)) return null;
    const hash = hashToken(token);
    const now = Date.now();
    const hit = this.cache.get(hash);
    if (hit && hit.until > now) return hit.principal;
    const doc = await this.tokens.use(hash);
    if (!doc) {
      this.cache.delete(hash);
      return null;
    }
    const principal: Principal = { userId: doc.user_id, tokenId: doc._id };
    const until = Math.min(now + this.cacheMs, doc.expires_at ? doc.expires_at.getTime() : Infinity);
    if (this.cache.size >= this.maxEntries) this.cache.clear();
    this.cache.set(hash, { principal, until });
    return principal;
  }

  /** Forgets a revoked token at once (by id: the hash is not known to the revoker). */
  forget(tokenId: string): void {
    for (const [hash, c] of this.cache) if (c.principal.tokenId === tokenId) this.cache.delete(hash);
  }
}
