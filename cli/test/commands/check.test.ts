import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runAlgo } from './run-algo.js';

// `algo check` as a user runs it: a real process, real files.

const dir = mkdtempSync(join(tmpdir(), 'algo-check-cli-'));
const env = { ...process.env };

describe('algo check', () => {
  it('passes every example: exit 0 and a one-line summary', async () => {
    const run = await runAlgo(['check', 'examples'], env);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^\d+ files checked: no problems\n$/);
    expect(run.code).toBe(0);
  });

  it('prints a broken file exactly as its golden diagnostics, then a summary, and exits 1', async () => {
    const file = 'examples/broken/unknown-names.algo';
    const run = await runAlgo(['check', file], env);
    const golden = readFileSync(join(repoRoot, 'examples/broken/unknown-names.diagnostics.txt'), 'utf8');
    expect(run.stdout).toBe(`${golden}6 errors in 1 of 1 file\n`);
    expect(run.code).toBe(1);
  });

  it('exits 0 on warnings alone, and counts them', async () => {
    const run = await runAlgo(['check', 'examples/broken/no-entries.algo'], env);
    expect(run.stdout).toBe('examples/broken/no-entries.algo:2:1: warning ALG413: this strategy has no `entry`, so it never trades\n0 errors, 1 warning in 1 of 1 file\n');
    expect(run.code).toBe(0);
  });

  it('reports an unreadable path by name without a stack trace', async () => {
    const run = await runAlgo(['check', 'examples/03-tcs-timed-stop-loss.algo', join(dir, 'missing.algo')], env);
    expect(run.stdout).toBe(`${join(dir, 'missing.algo')}: error: cannot read: no such file or directory\n1 error in 1 of 2 files\n`);
    expect(run.code).toBe(1);
  });

  it('prints one JSON document with --json', async () => {
    const file = join(dir, 'typo.algo');
    writeFileSync(file, 'strategy "t" {\n  asset stocks\n  symbols "NSE_EQ|TCS"\n  entry long when rsii(close, 14) < 30 {\n    stop_loss 2%\n  }\n}\n');
    const run = await runAlgo(['check', '--json', file], env);
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as { errors: number; warnings: number; files: Array<{ file: string; diagnostics: Array<{ code: string; range: { start: { line: number; column: number } }; fixes: Array<{ text: string }> }> }> };
    expect(json.errors).toBe(1);
    expect(json.files[0]!.file).toBe(file);
    expect(json.files[0]!.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.column, d.fixes[0]?.text])).toEqual([['ALG201', 4, 19, 'rsi']]);
  });

  it('explains itself in --help, with examples', async () => {
    const run = await runAlgo(['check', '--help'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: algo check [options] <paths...>');
    expect(run.stdout).toContain('file:line:col: severity CODE: message');
    expect(run.stdout).toContain('algo check examples');
  });
});
