import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { probeRedis } from '../../src/redis/probe.js';
import { resolveRedis } from '../../src/redis/resolve.js';

const here = dirname(fileURLToPath(import.meta.url));
/** This machine's PATH without REDIS_URL: these tests are about what gets spawned. */
const local = { PATH: process.env.PATH, HOME: process.env.HOME };
const repoRoot = resolve(here, '../../..');

async function until(check: () => Promise<boolean>, deadlineMs: number): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe('resolveRedis', () => {
  it('spawns a throwaway redis-server from PATH and stops it', async () => {
    const lines: string[] = [];
    const r = await resolveRedis({ purpose: 'test', env: local, notify: (l) => lines.push(l) });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ kind: 'spawned', persistent: false });
    expect(lines).toEqual([expect.stringMatching(/^redis: started \S*redis-server at redis:\/\/127\.0\.0\.1:\d+, throwaway data$/)]);
    expect((await probeRedis(r.value.url)).ok).toBe(true);
    await r.value.stop();
    expect((await probeRedis(r.value.url, { timeoutMs: 300 })).ok).toBe(false);
  });

  it('uses REDIS_URL when it answers, and reports it in one line when it does not', async () => {
    const spawned = await resolveRedis({ purpose: 'test', env: local, notify: () => undefined });
    if (!spawned.ok) throw new Error(spawned.message);
    try {
      const lines: string[] = [];
      const r = await resolveRedis({ purpose: 'serve', env: { PATH: '/nonexistent', REDIS_URL: spawned.value.url }, notify: (l) => lines.push(l) });
      expect(r.ok && r.value.kind).toBe('external');
      expect(lines[0]).toMatch(new RegExp(`^redis: using REDIS_URL ${spawned.value.url} \\(Redis \\d+\\.`));
    } finally {
      await spawned.value.stop();
    }
    const bad = await resolveRedis({ purpose: 'serve', env: { REDIS_URL: 'redis://:topsecret@127.0.0.1:9' }, timeoutMs: 500, notify: () => undefined });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.message).toMatch(/^Redis unreachable at redis:\/\/:\*\*\*@127\.0\.0\.1:9 \(REDIS_URL\): tried for 0\.5 s — /);
    expect(bad.message).not.toContain('topsecret');
  });

  it('says what to install when no Redis can be had', async () => {
    const r = await resolveRedis({ purpose: 'test', env: { PATH: '/nonexistent' }, notify: () => undefined });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toContain('no redis-server on PATH; redis-memory-server is not installed');
    expect(r.message).toContain('apt-get install redis-server');
  });

  it('keeps data across restarts for serve (AOF in the data directory)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'algo-redis-'));
    const first = await resolveRedis({ purpose: 'serve', env: local, dataDir, notify: () => undefined });
    if (!first.ok) throw new Error(first.message);
    expect(first.value).toMatchObject({ kind: 'spawned', persistent: true, dataDir: join(dataDir, 'redis') });
    const c1 = new Redis(first.value.url);
    expect(await c1.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    expect(await c1.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'volatile-lru']);
    await c1.set('survives', 'yes');
    c1.disconnect();
    await first.value.stop();
    const second = await resolveRedis({ purpose: 'serve', env: local, dataDir, notify: () => undefined });
    if (!second.ok) throw new Error(second.message);
    const c2 = new Redis(second.value.url);
    expect(await c2.get('survives')).toBe('yes');
    c2.disconnect();
    await second.value.stop();
    expect(readdirSync(join(dataDir, 'redis')).join(' ')).toMatch(/appendonly/);
  });

  it('takes its redis-server down when the owning process is killed outright', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'fixtures/hold-redis.ts')], { cwd: repoRoot, env: local, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    expect(await until(async () => out.includes('\n'), 20_000)).toBe(true);
    const url = out.trim();
    expect((await probeRedis(url)).ok).toBe(true);
    child.kill('SIGKILL');
    expect(await until(async () => !(await probeRedis(url, { timeoutMs: 200 })).ok, 10_000)).toBe(true);
  });
});
