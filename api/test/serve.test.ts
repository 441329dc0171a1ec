import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ServeConfigSchema } from '../src/config.js';
import { startServer } from '../src/serve.js';

describe('startServer (what algo serve runs)', { timeout: 120_000 }, () => {
  it('resolves storage, announces what it uses, runs companions, and shuts down in order', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'algo-serve-'));
    const lines: string[] = [];
    const events: string[] = [];
    const env = { ...process.env };
    delete env.ALGO_CREDENTIALS_KEY;
    const server = await startServer(ServeConfigSchema.parse({ port: 0, dataDir, logLevel: 'silent' }), {
      env,
      notify: (l) => lines.push(l),
      companions: [
        async ({ context }) => {
          events.push('companion started');
          return {
            description: 'companion: test engine',
            stop: async () => {
              await context.storage.db.command({ ping: 1 });
              events.push('companion stopped while storage was open');
            },
          };
        },
      ],
    });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines.map((l) => l.split(':')[0])).toEqual(['mongo', 'redis', 'credentials key', 'companion', 'api']);
    expect(lines.at(-1)).toBe(`api: listening on ${server.url} (docs at ${server.url}/docs, 1 backtest worker)`);
    expect(statSync(join(dataDir, 'credentials.key')).mode & 0o777).toBe(0o600);
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    await Promise.all([server.close(), server.close()]);
    expect(events).toEqual(['companion started', 'companion stopped while storage was open']);
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  });

  it('fails to start with one line when a configured server is unreachable, and stops what it had started', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'algo-serve-'));
    await expect(startServer(ServeConfigSchema.parse({ port: 0, dataDir, logLevel: 'silent', redisUrl: 'redis://127.0.0.1:1' }), { notify: () => undefined })).rejects.toThrow(/^Redis unreachable at redis:\/\/127\.0\.0\.1:1 \(REDIS_URL\)/);
  });
});
