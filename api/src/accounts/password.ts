import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Passwords: the rule an account's password must meet, and scrypt hashing (node:crypto).
 *
 * The rule is stricter than seed 001's "≥ 6 characters": at least 10 characters (length
 * is what makes a password hard to guess — NIST SP 800-63B), at most 256 (a hash of a
 * megabyte is a denial of service), not one character repeated, and not the email itself.
 *
 * Hashes are `scrypt$N$r$p$salt$hash` (base64), so the cost can be raised later and old
 * hashes still verify. N = 2^15, r = 8, p = 1: about 32 MiB and tens of milliseconds.
 */

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

export const PasswordSchema = z
  .string()
  .min(PASSWORD_MIN, `a password needs at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `a password has at most ${PASSWORD_MAX} characters`)
  .refine((p) => new Set(p).size > 1, 'a password cannot be one character repeated');

const COST = { N: 2 ** 15, r: 8, p: 1, keylen: 32 };

function derive(password: string, salt: Buffer, N: number, r: number, p: number, keylen: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keylen, { N, r, p, maxmem: 256 * N * r }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** Hashes a password with a fresh 16-byte salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST.N, COST.r, COST.p, COST.keylen);
  return `scrypt$${COST.N}$${COST.r}$${COST.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** True when `password` matches `stored`; a malformed hash is false, never an exception. Constant-time compare. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 2 ** 20) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (expected.length < 16) return false;
  const actual = await derive(password, salt, N, r, p, expected.length);
  return timingSafeEqual(actual, expected);
}

let dummy: Promise<string> | undefined;

/**
 * Spends the time a real verification takes, for a login whose email does not exist, so
 * response time does not tell an attacker which emails have accounts.
 */
export async function verifyNothing(password: string): Promise<false> {
  dummy ??= hashPassword('not-a-real-password-0');
  await verifyPassword(password, await dummy);
  return false;
}
