import { describe, expect, it } from 'vitest';
import { InvalidDocumentError } from '../../../src/storage/repositories/validation.js';
import type { NewStrategy } from '../../../src/storage/repositories/strategies.js';
import { useStorage } from '../support.js';

const fixture = useStorage('strategies');
const repo = () => fixture().storage.strategies;

function input(over: Partial<NewStrategy> = {}): NewStrategy {
  return {
    user_id: 'u1',
    set_name: 'RSI pullback',
    asset_type: 'stocks',
    source: 'strategy "RSI pullback" { }',
    config: { schema: 'algo.rulegraph/v1', rules: [] },
    indicators_config: [{ id: 'rsi_14', fn: 'rsi', period: 14 }],
    ...over,
  };
}

describe('strategies', () => {
  it('creates version 1, paper, not active', async () => {
    const r = await repo().create(input());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ version: 1, status: 'created', mode: 'paper', is_active: false, set_name: 'RSI pullback' });
    expect(await repo().get(r.value._id)).toEqual(r.value);
  });

  it('refuses a second strategy with the same name for the same user, not for another user', async () => {
    await repo().create(input({ set_name: 'Twice' }));
    expect(await repo().create(input({ set_name: 'Twice' }))).toEqual({ ok: false, conflict: 'user_id,set_name' });
    expect((await repo().create(input({ set_name: 'Twice', user_id: 'u2' }))).ok).toBe(true);
  });

  it('scopes reads to the owner', async () => {
    const r = await repo().create(input({ set_name: 'Mine' }));
    if (!r.ok) throw new Error('create failed');
    expect(await repo().getOwned('u1', r.value._id)).not.toBeNull();
    expect(await repo().getOwned('someone-else', r.value._id)).toBeNull();
    expect((await repo().findByName('u1', 'Mine'))?._id).toBe(r.value._id);
    expect((await repo().listByUser('u1')).map((s) => s.set_name)).toEqual([...(await repo().listByUser('u1')).map((s) => s.set_name)].sort());
  });

  it('bumps the version only from the version the caller read', async () => {
    const r = await repo().create(input({ set_name: 'Versioned' }));
    if (!r.ok) throw new Error('create failed');
    const code = { source: 'v2', config: { rules: [1] }, indicators_config: {} };
    const v2 = await repo().updateCode(r.value._id, 1, code);
    expect(v2.ok && v2.value.version).toBe(2);
    expect(await repo().updateCode(r.value._id, 1, code)).toEqual({ ok: false, conflict: 'version' });
    const [a, b] = await Promise.all([repo().updateCode(r.value._id, 2, code), repo().updateCode(r.value._id, 2, code)]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    expect((await repo().get(r.value._id))?.version).toBe(3);
  });

  it('lists summaries without source, indicators_config or the graph beyond its settings', async () => {
    const r = await repo().create(input({ user_id: 'summary-user', set_name: 'Light', config: { format: 'algo.rulegraph/v1', settings: { asset: 'stocks', symbols: ['NSE_EQ|TCS'] }, rules: [{ big: true }] } }));
    if (!r.ok) throw new Error('create failed');
    const [s] = await repo().listSummariesByUser('summary-user');
    expect(s).toMatchObject({ _id: r.value._id, set_name: 'Light', version: 1, status: 'created', config: { settings: { asset: 'stocks', symbols: ['NSE_EQ|TCS'] } } });
    expect(s).not.toHaveProperty('source');
    expect(s).not.toHaveProperty('indicators_config');
    expect(s!.config).not.toHaveProperty('rules');
    expect(await repo().listSummariesByUser('nobody')).toEqual([]);
  });

  it('tracks lifecycle state and lists the active strategies', async () => {
    const r = await repo().create(input({ set_name: 'Live one' }));
    if (!r.ok) throw new Error('create failed');
    const before = await repo().countRunning();
    const s = await repo().setState(r.value._id, { status: 'running', is_active: true, mode: 'live' });
    expect(s).toMatchObject({ status: 'running', is_active: true, mode: 'live' });
    expect(await repo().countRunning()).toBe(before + 1);
    expect((await repo().listActive()).map((x) => x._id)).toContain(r.value._id);
    await expect(repo().setState(r.value._id, { status: 'exploded' as never })).rejects.toThrow(/^strategies: status:/);
    expect(await repo().setState('missing', { status: 'stopped' })).toBeNull();
  });

  it('renames with the same uniqueness rule and deletes only for the owner', async () => {
    const a = await repo().create(input({ set_name: 'A' }));
    await repo().create(input({ set_name: 'B' }));
    if (!a.ok) throw new Error('create failed');
    expect(await repo().rename(a.value._id, 'B')).toEqual({ ok: false, conflict: 'user_id,set_name' });
    expect((await repo().rename(a.value._id, 'A2')).ok).toBe(true);
    expect(await repo().delete('u2', a.value._id)).toBe(false);
    expect(await repo().delete('u1', a.value._id)).toBe(true);
    expect(await repo().get(a.value._id)).toBeNull();
  });

  it('refuses a malformed strategy naming the field', async () => {
    const err = await repo().create(input({ asset_type: 'crypto' as never })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidDocumentError);
    expect((err as InvalidDocumentError).field).toBe('asset_type');
    await expect(repo().create({ ...input(), set_name: '' })).rejects.toThrow(/^strategies: set_name:/);
    await expect(repo().create({ ...input(), _id: 'has{brace}' })).rejects.toThrow(/^strategies: _id:/);
  });
});
