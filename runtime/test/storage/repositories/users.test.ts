import { describe, expect, it } from 'vitest';
import { useStorage } from '../support.js';

const fixture = useStorage('users');
const repo = () => fixture().storage.users;
const HASH = 'scrypt$N=16384$salt$0123456789abcdef0123456789abcdef';

describe('users', () => {
  it('creates accounts with unique, case-insensitive emails', async () => {
    const a = await repo().create({ email: 'Trader@Example.com', password_hash: HASH, name: 'T' });
    expect(a.ok && a.value.email).toBe('trader@example.com');
    expect(await repo().create({ email: 'TRADER@example.com', password_hash: HASH })).toEqual({ ok: false, conflict: 'email' });
    expect((await repo().getByEmail('trader@EXAMPLE.com'))?.name).toBe('T');
    if (a.ok) expect((await repo().get(a.value._id))?.email).toBe('trader@example.com');
  });

  it('replaces password hashes and holds a per-user kill switch', async () => {
    const a = await repo().create({ email: 'k@example.com', password_hash: HASH });
    if (!a.ok) throw new Error('create failed');
    expect(await repo().setPasswordHash(a.value._id, `${HASH}2`)).toBe(true);
    expect(await repo().setPasswordHash('missing', HASH)).toBe(false);
    expect((await repo().setKillSwitch(a.value._id, true, 'too many losses'))?.kill_switch).toMatchObject({ engaged: true, reason: 'too many losses' });
  });

  it('lists the users whose kill switch is engaged, and only those', async () => {
    const on = await repo().create({ email: 'on@example.com', password_hash: HASH });
    const off = await repo().create({ email: 'off@example.com', password_hash: HASH });
    if (!on.ok || !off.ok) throw new Error('create failed');
    await repo().setKillSwitch(on.value._id, true, 'halt');
    await repo().setKillSwitch(off.value._id, true, 'halt');
    await repo().setKillSwitch(off.value._id, false);
    const ids = (await repo().listWithKillSwitch()).map((u) => u._id);
    expect(ids).toContain(on.value._id);
    expect(ids).not.toContain(off.value._id);
  });

  it('refuses malformed accounts naming the field', async () => {
    await expect(repo().create({ email: 'not-an-email', password_hash: HASH })).rejects.toThrow(/^users: email:/);
    await expect(repo().create({ email: 'p@example.com', password_hash: 'plain' })).rejects.toThrow(/^users: password_hash:/);
  });
});
