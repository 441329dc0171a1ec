import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';

import { freePort, runAlgo, startAlgo, waitFor } from './run-algo.js';

// No mongod can be had in this environment (nothing on PATH, an empty cache, downloads off),
// so `algo db serve` must start the offline stand-in and say its data does not persist.
const home = mkdtempSync(join(tmpdir(), 'algo-db-serve-'));
const env = { PATH: process.env.PATH ?? '', HOME: home, MONGOMS_DOWNLOAD_DIR: join(home, 'dl'), MONGOMS_RUNTIME_DOWNLOAD: 'false', ALGO_DATA_DIR: join(home, 'data') };
const children: Array<ReturnType<typeof startAlgo>> = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

describe('algo db serve', () => {
  it('prints MONGO_URL (on the port asked for) on one line, says the stand-in keeps data only while it runs, serves the driver, and stops on Ctrl-C', async () => {
    const port = await freePort();
    const child = startAlgo(['db', 'serve', '--port', String(port)], { ...env, PATH: '/usr/bin:/bin' });
    children.push(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const [, url] = await waitFor(() => out, /^MONGO_URL=(mongodb:\/\/127\.0\.0\.1:\d+)\n/);
    expect(url).toBe(`mongodb://127.0.0.1:${port}`);
    await waitFor(() => err, /keeps data only while this command runs/);
    expect(err).toMatch(/offline MongoDB stand-in/);
    expect(out.split('\n').filter(Boolean)).toHaveLength(1);
    const client = await MongoClient.connect(url!);
    await client.db('shared').collection('x').insertOne({ from: 'another process' });
    expect(await client.db('shared').collection('x').countDocuments()).toBe(1);
    await client.close();
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(err).toContain('algo db serve: stopped');
  });

  it('refuses a port that is not one', async () => {
    const bad = await runAlgo(['db', 'serve', '--port', 'lots'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('algo db serve: --port lots: a port number from 1 to 65535\n');
  });

  it('starts nothing when MONGO_URL is already set', async () => {
    const r = await runAlgo(['db', 'serve'], { ...env, MONGO_URL: 'mongodb://db.example:27017' });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('MONGO_URL=mongodb://db.example:27017\n');
    expect(r.stderr).toContain('MONGO_URL is already set');
  });
});
