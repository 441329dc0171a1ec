import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAlgo, startAlgo } from './run-algo.js';

// `algo fmt` as a user runs it: a real process, real files.

const dir = mkdtempSync(join(tmpdir(), 'algo-fmt-cli-'));
const env = { ...process.env };
const MESSY = 'strategy "m" { asset stocks symbols "NSE_EQ|TCS"\n entry long when close>open { stop_loss 2% } }\n';
const TIDY = 'strategy "m" {\n  asset stocks\n  symbols "NSE_EQ|TCS"\n  entry long when close > open {\n    stop_loss 2%\n  }\n}\n';

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('algo fmt', () => {
  it('rewrites a file in place and says so; a second run changes nothing', async () => {
    const file = write('messy.algo', MESSY);
    const first = await runAlgo(['fmt', file], env);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('formatted 1 of 1 file\n');
    expect(readFileSync(file, 'utf8')).toBe(TIDY);
    const second = await runAlgo(['fmt', file], env);
    expect(second.stderr).toBe('');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('--check lists unformatted files, changes nothing, and exits 1', async () => {
    const messy = write('check-messy.algo', MESSY);
    const tidy = write('check-tidy.algo', TIDY);
    const run = await runAlgo(['fmt', '--check', messy, tidy], env);
    expect(run.stdout).toBe(`${messy}\n`);
    expect(run.stderr).toBe('1 of 2 files not formatted; run `algo fmt` on them\n');
    expect(run.code).toBe(1);
    expect(readFileSync(messy, 'utf8')).toBe(MESSY);
  });

  it('--check passes on the examples', async () => {
    const run = await runAlgo(['fmt', '--check', 'examples'], env);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(0);
  });

  it('leaves a file with syntax errors untouched and prints why', async () => {
    const text = 'strategy "b" {\n  stop_los 2%\n}\n';
    const file = write('broken.algo', text);
    const run = await runAlgo(['fmt', file], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`${file}:2:3: error ALG101: unknown keyword \`stop_los\` — did you mean \`stop_loss\`? (it belongs inside an entry block or after \`default\`)\n${file}: not formatted: fix the syntax errors first\n`);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('formats standard input to standard output with -', async () => {
    const child = startAlgo(['fmt', '-'], env);
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stdin.end(MESSY);
    const code = await new Promise((r) => child.on('close', r));
    expect(code).toBe(0);
    expect(out).toBe(TIDY);
  });

  it('explains itself in --help', async () => {
    const run = await runAlgo(['fmt', '--help'], env);
    expect(run.stdout).toContain('Usage: algo fmt [options] <paths...>');
    expect(run.stdout).toContain('--check');
    expect(run.stdout).toContain('algo fmt --check examples');
  });
});
