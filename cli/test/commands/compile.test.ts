import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile, parseGraph, serializeGraph } from '@algo/compiler';
import { describe, expect, it } from 'vitest';
import { repoRoot, runAlgo } from './run-algo.js';

// `algo compile` as a user runs it: a real process, real files.

const dir = mkdtempSync(join(tmpdir(), 'algo-compile-cli-'));
const env = { ...process.env };
const example = 'examples/01-banknifty-options-breakout.algo';
const exampleText = readFileSync(join(repoRoot, example), 'utf8');

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('algo compile', () => {
  it('prints the graph to standard output, the same bytes as the library gives', async () => {
    const run = await runAlgo(['compile', example], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(serializeGraph(compile(exampleText).graph!));
    expect(parseGraph(JSON.parse(run.stdout)).errors).toEqual([]);
  });

  it('writes a pretty file with -o, applies --param overrides, and says what it wrote', async () => {
    const out = join(dir, 'breakout.json');
    const run = await runAlgo(['compile', example, '-o', out, '--pretty', '--param', 'lookback=30', '-p', 'rsi_len=7'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`${example} → ${out}: 8 series, 3 rules, warm-up 31 bars of 5m\n`);
    const text = readFileSync(out, 'utf8');
    expect(text).toBe(serializeGraph(compile(exampleText, { params: { lookback: 30, rsi_len: 7 } }).graph!, { pretty: true }));
    expect(text.startsWith('{\n  "format": "algo.rulegraph/v1",')).toBe(true);
  });

  it('takes percentages and true/false in --param', async () => {
    const file = write('flags.algo', 'strategy "F" {\n  asset stocks\n  symbols "NSE_EQ|TCS"\n  param sl = 2% in 1%..4%\n  param strict = true\n  entry long when strict and close > open { stop_loss sl }\n}\n');
    const run = await runAlgo(['compile', file, '--param', 'sl=1.5%', '--param', 'strict=false'], env);
    expect(run.code).toBe(0);
    const g = JSON.parse(run.stdout) as { params: { value: unknown }[] };
    expect(g.params.map((p) => p.value)).toEqual([0.015, false]);
  });

  it('prints diagnostics like algo check, exits 1 and writes nothing on an error', async () => {
    const file = write('typo.algo', 'strategy "T" {\n  asset stocks\n  symbols "NSE_EQ|TCS"\n  entry long when rsii(close, 14) > 50 { stop_loss 2% }\n}\n');
    const out = join(dir, 'never.json');
    const run = await runAlgo(['compile', file, '-o', out], env);
    const check = await runAlgo(['check', file], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const diagnosticLines = check.stdout.split('\n').filter((l) => l.startsWith(file));
    expect(diagnosticLines).toHaveLength(1);
    expect(run.stderr).toBe(`${diagnosticLines[0]}\n${file}: not compiled: 1 error\n`);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('reports a bad override at the param, exit 1', async () => {
    const run = await runAlgo(['compile', example, '--param', 'lookback=70'], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const line = exampleText.split('\n').findIndex((l) => l.includes('param lookback')) + 1;
    expect(run.stderr).toBe(`${example}:${line}:9: error ALG303: the override lookback = 70 is outside the param's range 10..60\n${example}: not compiled: 1 error\n`);
  });

  it('refuses malformed flags and unreadable paths in one line, exit 1', async () => {
    const cases: [string[], string][] = [
      [['compile', example, '--param', 'lookback'], 'algo compile: --param lookback: write it as name=value, e.g. --param lookback=30\n'],
      [['compile', example, '--param', 'lookback=abc'], 'algo compile: --param lookback=abc: the value must be a number (30, 1.5, 1_000), a percentage (2%) or true/false\n'],
      [['compile', example, '-p', 'a=1', '-p', 'a=2'], 'algo compile: --param a is given twice\n'],
      [['compile', 'no/such.algo'], 'algo compile: no/such.algo: cannot read: no such file or directory\n'],
      [['compile', 'examples'], 'algo compile: examples: is a directory; compile takes one .algo file\n'],
      [['compile', example, '-o', join(dir, 'missing-dir', 'x.json')], `algo compile: cannot write ${join(dir, 'missing-dir', 'x.json')}: no such directory\n`],
    ];
    const runs = await Promise.all(cases.map(([args]) => runAlgo(args, env)));
    runs.forEach((run, i) => {
      const [args, message] = cases[i]!;
      expect(run.stderr, args.join(' ')).toBe(message);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
    });
  }, 120_000);

  it('explains itself in --help', async () => {
    const run = await runAlgo(['compile', '--help'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: algo compile [options] <file>');
    expect(run.stdout).toContain('--param <name=value>');
    expect(run.stdout).toContain('algo compile rsi.algo --param lookback=30');
  });
});
