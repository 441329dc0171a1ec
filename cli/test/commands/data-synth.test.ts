import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectCandles, readCsvCandles, synthCandles } from '@algo/runtime';
import { describe, expect, it } from 'vitest';
import { runAlgo } from './run-algo.js';

// `algo data synth` as a user runs it: a real process, real files.

const dir = mkdtempSync(join(tmpdir(), 'algo-synth-cli-'));
const env = { ...process.env };

describe('algo data synth', () => {
  it('writes the generator’s candles to a file, the same for the same seed', async () => {
    const out = join(dir, 'tcs.csv');
    const args = ['data', 'synth', '--symbol', 'NSE_EQ|TCS', '--from', '2024-01-01', '--to', '2024-01-03', '--tf', '15m', '--seed', '7', '-o', out];
    const run = await runAlgo(args, env);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(`wrote 75 15m candles of NSE_EQ|TCS (2024-01-01 .. 2024-01-03, seed 7) to ${out}\n`);
    expect(run.code).toBe(0);
    const expected = await collectCandles(synthCandles({ symbol: 'NSE_EQ|TCS', from: '2024-01-01', to: '2024-01-03', timeframe: '15m', seed: 7 }));
    expect(await collectCandles(readCsvCandles(out))).toEqual(expected);
    const first = readFileSync(out, 'utf8');
    expect((await runAlgo(args, env)).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(first);
  });

  it('writes CSV to standard output when no file is named, the summary to standard error', async () => {
    const run = await runAlgo(['data', 'synth', '--symbol', 'X', '--from', '2024-01-05', '--to', '2024-01-05', '--tf', '1h'], env);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('datetime,open,high,low,close,volume');
    expect(lines.map((l) => l.slice(0, 25)).slice(1)).toEqual(['09:15', '10:15', '11:15', '12:15', '13:15', '14:15', '15:15'].map((t) => `2024-01-05T${t}:00+05:30`));
    expect(run.stderr).toBe('wrote 7 1h candles of X (2024-01-05 .. 2024-01-05, seed 1)\n');
  });

  it('refuses bad options in one line, exit 1, and writes nothing', async () => {
    const out = join(dir, 'never.csv');
    const cases: [string[], string][] = [
      [['--from', '2024-02-01', '--to', '2024-01-01'], 'algo data synth: synthetic data: from 2024-02-01 is after to 2024-01-01\n'],
      [['--from', '2024-01-01', '--to', '2024-01-02', '--seed', 'abc'], 'algo data synth: --seed abc: a whole number, e.g. 7\n'],
      [['--from', '2024-01-01', '--to', '2024-01-02', '--tf', '7x'], 'algo data synth: synthetic data: timeframe 7x: use 1m or higher (the generator makes 1m bars and resamples them)\n'],
    ];
    for (const [extra, message] of cases) {
      const run = await runAlgo(['data', 'synth', '--symbol', 'X', ...extra, '-o', out], env);
      expect(run.stderr).toBe(message);
      expect(run.code).toBe(1);
      expect(existsSync(out)).toBe(false);
    }
  });
});
