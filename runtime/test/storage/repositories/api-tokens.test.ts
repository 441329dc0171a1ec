import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useStorage } from '../support.js';

const fixture = useStorage('tokens');
const repo = () => fixture().storage.apiTokens;
const hash = (t: string) => createHash('sha256').update(t).digest('hex');

describe('api_tokens', () => {
  it('authenticates by hash and records last use', async () => {
    const r = await repo().create({ user_id: 'u1', name: 'laptop', token_hash: hash('secret-1'), prefix: 'algo_ab' });
    expect(r.ok).toBe(true);
    const used = await repo().use(hash('secret-1'));
    expect(used?.user_id).toBe('u1');
    expect(used?.last_used_at).toBeInstanceOf(Date);
    expect(await repo().use(hash('wrong'))).toBeNull();
    expect(await repo().create({ user_id: 'u2', name: 'x', token_hash: hash('secret-1') })).toEqual({ ok: false, conflict: 'token_hash' });
  });

  it('stops accepting revoked and expired tokens', async () => {
    const r = await repo().create({ user_id: 'u1', name: 'ci', token_hash: hash('secret-2') });
    if (!r.ok) throw new Error('create failed');
    expect(await repo().revoke('u2', r.value._id)).toBe(false);
    expect(await repo().revoke('u1', r.value._id)).toBe(true);
    expect(await repo().use(hash('secret-2'))).toBeNull();
    await repo().create({ user_id: 'u1', name: 'old', token_hash: hash('secret-3'), expires_at: new Date(Date.now() - 1000) });
    expect(await repo().use(hash('secret-3'))).toBeNull();
    expect((await repo().listForUser('u1')).map((t) => t.name)).toEqual(['old', 'ci', 'laptop']);
  });

  it('refuses malformed tokens naming the field', async () => {
    await expect(repo().create({ user_id: 'u1', name: 'x', token_hash: 'short' })).rejects.toThrow(/^api_tokens: token_hash:/);
  });
});
