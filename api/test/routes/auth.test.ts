import { describe, expect, it } from 'vitest';
import { hashToken } from '../../src/accounts/tokens.js';
import { PASSWORD, bearer, email, signUp, useApi } from '../support.js';

const fx = useApi('auth');

describe('accounts', { timeout: 90_000 }, () => {
  it('registers with a valid email and a strong-enough password, naming the field that is not', async () => {
    const { app } = fx();
    const bad = await app.inject({ method: 'POST', url: '/auth/register', payload: { email: 'not-an-email', password: PASSWORD } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'BAD_REQUEST', issues: [{ path: 'body.email' }] });
    const short = await app.inject({ method: 'POST', url: '/auth/register', payload: { email: email(), password: 'abc12345' } });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.message).toBe('body.password: a password needs at least 10 characters');
    const same = await app.inject({ method: 'POST', url: '/auth/register', payload: { email: email(), password: 'aaaaaaaaaaaa' } });
    expect(same.json().error.issues[0].path).toBe('body.password');
    const who = email('Mixed');
    const ok = await app.inject({ method: 'POST', url: '/auth/register', payload: { email: who.toUpperCase(), password: PASSWORD, name: 'Trader' } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().user).toMatchObject({ email: who.toLowerCase(), name: 'Trader' });
    expect(ok.body).not.toContain(PASSWORD);
    const again = await app.inject({ method: 'POST', url: '/auth/register', payload: { email: who, password: PASSWORD } });
    expect(again.statusCode).toBe(409);
  });

  it('stores only a scrypt hash of the password', async () => {
    const { app, storage } = fx();
    const u = await signUp(app);
    const doc = await storage.users.get(u.userId);
    expect(doc?.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(JSON.stringify(doc)).not.toContain(PASSWORD);
  });

  it('answers a wrong password and an unknown email the same way', async () => {
    const { app } = fx();
    const u = await signUp(app);
    const wrong = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: u.email, password: 'wrong password here' } });
    const nobody = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: email('nobody'), password: PASSWORD } });
    expect(wrong.statusCode).toBe(401);
    expect(nobody.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe(nobody.json().error.message);
  });

  it('shows a token once, stores its hash, lists tokens with last use, and revokes them', async () => {
    const { app, storage } = fx();
    const u = await signUp(app);
    const made = await app.inject({ method: 'POST', url: '/auth/tokens', headers: bearer(u.token), payload: { name: 'ci', expires_in_days: 7 } });
    expect(made.statusCode).toBe(201);
    const ci = made.json<{ token: string; id: string; prefix: string }>();
    expect(ci.token).toMatch(/^algo_[A-Za-z0-9_-]{43}$/);
    const stored = await storage.apiTokens.listForUser(u.userId);
    expect(stored.map((t) => t.token_hash)).toContain(hashToken(ci.token));
    expect(JSON.stringify(stored)).not.toContain(ci.token);

    expect((await app.inject({ method: 'GET', url: '/auth/me', headers: bearer(ci.token) })).json().user.email).toBe(u.email);
    const list = await app.inject({ method: 'GET', url: '/auth/tokens', headers: bearer(u.token) });
    const tokens = list.json<{ tokens: Array<{ id: string; name: string; last_used_at?: string; current: boolean }> }>().tokens;
    expect(tokens).toHaveLength(2);
    expect(tokens.find((t) => t.id === ci.id)).toMatchObject({ name: 'ci', current: false, last_used_at: expect.any(String) });
    expect(tokens.find((t) => t.current)?.name).toBe('login');
    expect(list.body).not.toContain(ci.token);
    expect(list.body).not.toContain(u.token);

    expect((await app.inject({ method: 'DELETE', url: `/auth/tokens/${ci.id}`, headers: bearer(u.token) })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/auth/me', headers: bearer(ci.token) })).statusCode).toBe(401);
    expect((await app.inject({ method: 'DELETE', url: `/auth/tokens/${ci.id}`, headers: bearer(u.token) })).statusCode).toBe(404);
  });

  it('cannot revoke another user’s token', async () => {
    const { app } = fx();
    const a = await signUp(app);
    const b = await signUp(app);
    const bTokens = (await app.inject({ method: 'GET', url: '/auth/tokens', headers: bearer(b.token) })).json<{ tokens: Array<{ id: string }> }>().tokens;
    const r = await app.inject({ method: 'DELETE', url: `/auth/tokens/${bTokens[0]!.id}`, headers: bearer(a.token) });
    expect(r.statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/auth/me', headers: bearer(b.token) })).statusCode).toBe(200);
  });
});
