import type { ApiTokenDoc } from '@algo/runtime';
import { z } from 'zod';
import { hashPassword, verifyNothing, verifyPassword } from '../accounts/password.js';
import { hashToken, newToken, tokenPrefix } from '../accounts/tokens.js';
import type { AppContext } from '../context.js';
import { ApiError, errorResponses, notFound } from '../errors.js';
import { CreateTokenBodySchema, LoginBodySchema, NewTokenSchema, RegisterBodySchema, TokenListSchema, UserSchema } from '../schemas/auth.js';
import { IdParamsSchema, OkSchema } from '../schemas/common.js';
import { userOf } from '../server/auth.js';
import type { ZodApp } from '../server/zod-app.js';

const DAY = 86_400_000;

/** Issues a token: stores its hash, returns it — the only time it is ever seen. */
async function issueToken(ctx: AppContext, userId: string, name: string, expiresAt?: Date): Promise<z.input<typeof NewTokenSchema>> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const token = newToken();
    const r = await ctx.storage.apiTokens.create({ user_id: userId, name, token_hash: hashToken(token), prefix: tokenPrefix(token), ...(expiresAt ? { expires_at: expiresAt } : {}) });
    if (r.ok) return { token, id: r.value._id, name, prefix: tokenPrefix(token), ...(expiresAt ? { expires_at: expiresAt.toISOString() } : {}) };
  }
  throw new Error('three random tokens collided: the random source is broken');
}

/**
 * `POST /auth/register` and `POST /auth/login` — public, rate-limited per client address
 * (`authRateLimit`, kept in Redis). A wrong email and a wrong password get the same answer
 * in the same time.
 */
export function registerAuthRoutes(app: ZodApp, ctx: AppContext): void {
  const rateLimit = { max: ctx.config.authRateLimit.max, timeWindow: ctx.config.authRateLimit.windowMs };
  app.post(
    '/auth/register',
    {
      config: { rateLimit },
      schema: { tags: ['auth'], summary: 'Create an account (password: at least 10 characters)', body: RegisterBodySchema, response: { 201: z.object({ user: UserSchema }), ...errorResponses(409) } },
    },
    async (req, reply) => {
      const { email, password, name } = req.body;
      const r = await ctx.storage.users.create({ email, password_hash: await hashPassword(password), ...(name ? { name } : {}) });
      if (!r.ok) throw new ApiError('CONFLICT', 'an account with this email exists already; log in instead');
      req.log.info({ user_id: r.value._id }, 'account created');
      const u = r.value;
      return reply.status(201).send({ user: { id: u._id, email: u.email, ...(u.name ? { name: u.name } : {}), created_at: u.created_at.toISOString() } });
    },
  );

  app.post(
    '/auth/login',
    {
      config: { rateLimit },
      schema: { tags: ['auth'], summary: 'Exchange email and password for an API token (shown once)', body: LoginBodySchema, response: { 200: NewTokenSchema, ...errorResponses() } },
    },
    async (req) => {
      const { email, password, token_name } = req.body;
      const user = await ctx.storage.users.getByEmail(email);
      const ok = user ? await verifyPassword(password, user.password_hash) : await verifyNothing(password);
      if (!user || !ok) {
        req.log.info('login refused');
        throw new ApiError('UNAUTHORIZED', 'wrong email or password');
      }
      req.log.info({ user_id: user._id }, 'logged in');
      return issueToken(ctx, user._id, token_name ?? 'login', new Date(Date.now() + ctx.config.tokenTtlDays * DAY));
    },
  );
}

function tokenInfo(t: ApiTokenDoc, currentId: string) {
  return {
    id: t._id,
    name: t.name,
    ...(t.prefix ? { prefix: t.prefix } : {}),
    created_at: t.created_at.toISOString(),
    ...(t.last_used_at ? { last_used_at: t.last_used_at.toISOString() } : {}),
    ...(t.expires_at ? { expires_at: t.expires_at.toISOString() } : {}),
    ...(t.revoked_at ? { revoked_at: t.revoked_at.toISOString() } : {}),
    current: t._id === currentId,
  };
}

/** `GET /auth/me`, `GET|POST /auth/tokens`, `DELETE /auth/tokens/:id` — behind bearer auth. */
export function registerTokenRoutes(app: ZodApp, ctx: AppContext): void {
  app.get('/auth/me', { schema: { tags: ['auth'], summary: 'The account this token belongs to', response: { 200: z.object({ user: UserSchema }), ...errorResponses() } } }, async (req) => {
    const u = await ctx.storage.users.get(userOf(req).userId);
    if (!u) throw new ApiError('UNAUTHORIZED', 'this account no longer exists');
    return { user: { id: u._id, email: u.email, ...(u.name ? { name: u.name } : {}), created_at: u.created_at.toISOString() } };
  });

  app.post(
    '/auth/tokens',
    { schema: { tags: ['auth'], summary: 'Create another API token (shown once)', body: CreateTokenBodySchema, response: { 201: NewTokenSchema, ...errorResponses() } } },
    async (req, reply) => {
      const { name, expires_in_days } = req.body;
      const t = await issueToken(ctx, userOf(req).userId, name, expires_in_days ? new Date(Date.now() + expires_in_days * DAY) : undefined);
      return reply.status(201).send(t);
    },
  );

  app.get('/auth/tokens', { schema: { tags: ['auth'], summary: 'Your tokens, newest first, with last-used times (never the tokens)', response: { 200: TokenListSchema, ...errorResponses() } } }, async (req) => {
    const me = userOf(req);
    return { tokens: (await ctx.storage.apiTokens.listForUser(me.userId)).map((t) => tokenInfo(t, me.tokenId)) };
  });

  app.delete(
    '/auth/tokens/:id',
    { schema: { tags: ['auth'], summary: 'Revoke a token (at once on this server; within 5 s on others)', params: IdParamsSchema, response: { 200: OkSchema, ...errorResponses(404) } } },
    async (req) => {
      const me = userOf(req);
      if (!(await ctx.storage.apiTokens.revoke(me.userId, req.params.id))) throw notFound('token', req.params.id);
      ctx.auth.forget(req.params.id);
      return { ok: true as const };
    },
  );
}
