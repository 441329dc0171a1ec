import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { MongoClient } from 'mongodb';
import { resolveMongo } from '../../src/storage/mongo/resolve.js';
import { startMongoStandin } from '../../src/storage/mongo-standin/index.js';

// What this machine resolves depends on the machine: where a real mongod can be had
// (MONGO_URL, PATH, the mongodb-memory-server cache, a download) it must be chosen over the
// stand-in. The tests below pin each rung with an environment of their own.

/** No mongod anywhere: nothing on PATH, an empty home and download directory, no downloads. */
const emptyHome = mkdtempSync(join(tmpdir(), 'no-mongod-home-'));
const offline = { PATH: '/nonexistent', HOME: emptyHome, MONGOMS_DOWNLOAD_DIR: join(emptyHome, 'dl'), MONGOMS_RUNTIME_DOWNLOAD: 'false' };

describe('resolveMongo', () => {
  it('falls through to the stand-in when no mongod can be had, announcing it in one line', async () => {
    const lines: string[] = [];
    const r = await resolveMongo({ purpose: 'test', env: offline, notify: (l) => lines.push(l) });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    try {
      expect(r.value.kind).toBe('standin');
      expect(r.value.persistent).toBe(false);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/offline MongoDB stand-in at mongodb:\/\/127\.0\.0\.1:\d+ \(data lives only while this process runs\)/);
      expect(lines[0]).toContain('MONGOMS_RUNTIME_DOWNLOAD=false');
      const client = await MongoClient.connect(r.value.url);
      expect((await client.db('admin').command({ ping: 1 })).ok).toBe(1);
      await client.close();
    } finally {
      await r.value.stop();
    }
  });

  it('prefers a mongod it can find, and says why it fell back when that one does not start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fake-mongod-'));
    const fake = join(dir, 'mongod');
    writeFileSync(fake, '#!/bin/sh\necho "db version v7.0.0"\nexit 3\n');
    chmodSync(fake, 0o755);
    const lines: string[] = [];
    const warn = vi.spyOn(console, 'warn');
    const r = await resolveMongo({ purpose: 'test', env: { ...offline, PATH: dir }, notify: (l) => lines.push(l) });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    await r.value.stop();
    expect(r.value.kind).toBe('standin');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`mongod ${fake} did not start`);
    expect(warn).not.toHaveBeenCalled(); // one line, nothing else
    warn.mockRestore();
  });

  it('uses MONGO_URL when it answers, and never starts anything else', async () => {
    const server = await startMongoStandin();
    try {
      const lines: string[] = [];
      const r = await resolveMongo({ purpose: 'serve', env: { ...offline, MONGO_URL: server.url }, notify: (l) => lines.push(l) });
      expect(r.ok && r.value.kind).toBe('external');
      expect(r.ok && r.value.url).toBe(server.url);
      expect(lines).toEqual([`mongo: using MONGO_URL ${server.url} (the offline stand-in)`]);
    } finally {
      await server.stop();
    }
  });

  it('reports an unreachable MONGO_URL in one line instead of falling back', async () => {
    const r = await resolveMongo({ purpose: 'serve', env: { ...offline, MONGO_URL: 'mongodb://me:s3cret@127.0.0.1:9/?directConnection=true' }, timeoutMs: 500, notify: () => undefined });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toMatch(/^MongoDB unreachable at mongodb:\/\/me:\*\*\*@127\.0\.0\.1:9\/\?directConnection=true \(MONGO_URL\): tried for 0\.5 s — /);
    expect(r.message).not.toContain('s3cret');
  });

  it('fails over from an impossible download in well under a second', async () => {
    const started = Date.now();
    const lines: string[] = [];
    const { MONGOMS_RUNTIME_DOWNLOAD: _, ...downloading } = offline;
    const r = await resolveMongo({ purpose: 'test', env: { ...downloading, MONGOMS_DOWNLOAD_URL: 'https://127.0.0.1:9/mongodb-linux-x86_64-debian12-8.2.6.tgz' }, notify: (l) => lines.push(l) });
    expect(r.ok && r.value.kind).toBe('standin');
    expect(lines[0]).toContain('downloading one failed (ECONNREFUSED)');
    expect(process.env.MONGOMS_DOWNLOAD_URL).toBeUndefined();
    if (r.ok) await r.value.stop();
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
