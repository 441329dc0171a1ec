import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadServeConfig } from '../src/config.js';

const dir = mkdtempSync(join(tmpdir(), 'algo-config-'));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('serve configuration', () => {
  it('defaults to 127.0.0.1:7070 with the embedded servers', async () => {
    const { config } = await loadServeConfig({ env: {} });
    expect(config).toMatchObject({ host: '127.0.0.1', port: 7070, mongoDb: 'trading_platform', backtests: { workers: 1 }, authRateLimit: { max: 10 } });
    expect(config?.mongoUrl).toBeUndefined();
  });

  it('layers file < environment < flags', async () => {
    const f = file('a.json', JSON.stringify({ port: 9000, host: '0.0.0.0', backtests: { workers: 3, timeoutMs: 5000 }, admins: ['ops@example.com'] }));
    const { config } = await loadServeConfig({ file: f, env: { ALGO_PORT: '9100', ALGO_BACKTEST_WORKERS: '2', ALGO_ADMINS: 'a@example.com, b@example.com' }, flags: { port: 9200 } });
    expect(config).toMatchObject({ port: 9200, host: '0.0.0.0', backtests: { workers: 2, timeoutMs: 5000 }, admins: ['a@example.com', 'b@example.com'] });
  });

  it('names the source and field of a bad value', async () => {
    expect((await loadServeConfig({ env: { ALGO_PORT: '99999' } })).error).toMatch(/^ALGO_PORT: port: Too big/);
    expect((await loadServeConfig({ env: {}, flags: { port: -1 } })).error).toMatch(/^command line: port:/);
    expect((await loadServeConfig({ file: file('b.json', '{"prot": 1}'), env: {} })).error).toMatch(/config file .*b\.json: unknown setting prot/);
    expect((await loadServeConfig({ file: file('c.json', '{"port": '), env: {} })).error).toMatch(/c\.json: not valid JSON/);
    expect((await loadServeConfig({ file: join(dir, 'missing.json'), env: {} })).error).toMatch(/missing\.json: cannot read it \(ENOENT\)/);
    expect((await loadServeConfig({ env: { ALGO_ADMINS: 'not-an-email' } })).error).toMatch(/^ALGO_ADMINS: admins\.0:/);
  });
});
