import { createHash, randomBytes } from 'node:crypto';

/**
 * API tokens for the CLI: `algo_` + 43 characters of base64url (256 random bits). Only
 * their SHA-256 is stored (a fast hash is right here: the token is random, not a
 * password — nothing to brute-force), and the first 12 characters are kept as a
 * non-secret `prefix` so a person can tell their tokens apart in a list.
 */

export const TOKEN_PREFIX = 'algo_';
const TOKEN_SHAPE = /^algo_[A-Za-z0-9_-]{43}$/;

export function newToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The non-secret start of a token shown in lists (`algo_AbC1234`). */
export function tokenPrefix(token: string): string {
  return token.slice(0, 12);
}

/** True when `value` has a token's shape (anything else is refused without a lookup). */
export function looksLikeToken(value: string): boolean {
  return TOKEN_SHAPE.test(value);
}
