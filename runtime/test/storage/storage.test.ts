import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { COLLECTION_INDEXES, ensureIndexes, openStorage } from '../../src/storage/storage.js';
import { useStorage } from './support.js';

const fixture = useStorage('open');

/** A port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('openStorage', () => {
  it('creates every collection index the seeds list', async () => {
    const db = fixture().storage.db;
    for (const { collection, indexes } of COLLECTION_INDEXES) {
      if (indexes.length === 0) continue;
      const names = (await db.collection(collection).indexes()).map((i) => i.name);
      expect(names, collection).toEqual(['_id_', ...indexes.map((i) => i.name)]);
    }
  });

  it('creates indexes idempotently (every process does it at start)', async () => {
    await ensureIndexes(fixture().storage.db);
    await ensureIndexes(fixture().storage.db);
    const names = (await fixture().storage.db.collection('orders').indexes()).map((i) => i.name);
    expect(names.filter((n) => n === 'client_order_id_unique')).toHaveLength(1);
  });

  it('names an index whose definition changed instead of running with a stale one', async () => {
    const db = fixture().storage.db;
    await db.collection('users').dropIndex('email_unique');
    await db.collection('users').createIndex({ email: 1 }, { name: 'email_unique' });
    await expect(ensureIndexes(db)).rejects.toMatchObject({ code: 'STORAGE_CONFIG', message: expect.stringContaining('users: an index differs') });
    await db.collection('users').dropIndex('email_unique');
    await ensureIndexes(db);
  });

  it('reports an unreachable server in one line with the URL (password hidden) and what was tried', async () => {
    const port = await closedPort();
    const started = Date.now();
    const r = await openStorage({ url: `mongodb://algo:hunter2@127.0.0.1:${port}/?directConnection=true`, timeoutMs: 600 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('STORAGE_UNREACHABLE');
    expect(r.message).toContain(`MongoDB unreachable at mongodb://algo:***@127.0.0.1:${port}`);
    expect(r.message).toContain('tried for 0.6 s');
    expect(r.message).not.toContain('hunter2');
    expect(r.message.split('\n')).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
