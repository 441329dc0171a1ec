import { describe, expect, it } from 'vitest';
import { useStorage } from '../support.js';

const fixture = useStorage('versions');
const repo = () => fixture().storage.strategyVersions;

const v = (version: number) => ({ strategy_id: 's1', version, source: `v${version}`, config: { v: version }, indicators_config: [] });

describe('strategy_versions', () => {
  it('records immutable versions and lists them newest first', async () => {
    for (const n of [1, 2, 3]) expect((await repo().record(v(n))).ok).toBe(true);
    expect(await repo().record(v(2))).toEqual({ ok: false, conflict: 'version' });
    expect((await repo().list('s1')).map((x) => x.version)).toEqual([3, 2, 1]);
    expect((await repo().get('s1', 2))?.source).toBe('v2');
    expect(await repo().get('s1', 9)).toBeNull();
  });

  it('refuses a malformed version naming the field', async () => {
    await expect(repo().record({ ...v(0) })).rejects.toThrow(/^strategy_versions: version:/);
    await expect(repo().record({ ...v(4), config: 'graph' as never })).rejects.toThrow(/^strategy_versions: config:/);
  });

  it('deletes all versions of a strategy', async () => {
    await repo().record({ ...v(1), strategy_id: 's2' });
    expect(await repo().deleteAll('s2')).toBe(1);
    expect(await repo().list('s2')).toEqual([]);
  });
});
