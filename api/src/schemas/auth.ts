import { z } from 'zod';
import { PasswordSchema } from '../accounts/password.js';
import { IdSchema, TimestampSchema } from './common.js';

/** Accounts and API tokens: request and response bodies of `/auth/*`. */

export const EmailSchema = z.email('a valid email address').max(255).transform((e) => e.toLowerCase());

export const RegisterBodySchema = z.strictObject({
  email: EmailSchema,
  password: PasswordSchema,
  name: z.string().trim().min(1).max(100).optional(),
}).refine((b) => b.password.toLowerCase() !== b.email, { message: 'a password cannot be the email address', path: ['password'] });

export const UserSchema = z.object({ id: IdSchema, email: z.string(), name: z.string().optional(), created_at: TimestampSchema }).meta({ id: 'User' });

/** Login checks the password only; the password rule is for new passwords. */
export const LoginBodySchema = z.strictObject({
  email: EmailSchema,
  password: z.string().min(1).max(1024),
  /** names the token in `GET /auth/tokens` (the CLI sends `algo-cli@<host>`) */
  token_name: z.string().trim().min(1).max(100).optional(),
});

/** A new token — the only time it is ever shown. */
export const NewTokenSchema = z.object({
  token: z.string().describe('the bearer token; shown once, stored only as a hash'),
  id: IdSchema,
  name: z.string(),
  prefix: z.string(),
  expires_at: TimestampSchema.optional(),
});

export const CreateTokenBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  /** days until it expires; omit for a token that lives until revoked */
  expires_in_days: z.int().min(1).max(3650).optional(),
});

export const TokenInfoSchema = z
  .object({
    id: IdSchema,
    name: z.string(),
    prefix: z.string().optional(),
    created_at: TimestampSchema,
    last_used_at: TimestampSchema.optional(),
    expires_at: TimestampSchema.optional(),
    revoked_at: TimestampSchema.optional(),
    current: z.boolean().describe('true for the token this request was made with'),
  })
  .meta({ id: 'TokenInfo' });

export const TokenListSchema = z.object({ tokens: z.array(TokenInfoSchema) });
