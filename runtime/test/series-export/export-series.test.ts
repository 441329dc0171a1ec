import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { exportSeries } from '../../src/series-export/export-series.js';
import { seriesColumns, withParamValues } from '../../src/series-export/columns.js';
import { bars, compileOk } from '../backtest/helpers.js';
import { fixtureRun } from '../explain/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'algo-series-'));

const SOURCE = `strategy "Values" {
  asset stocks
  symbols "NSE_EQ|TCS"
  timeframe 5m
  param len = 3 in 2..5
  let mid = sma(close, len)
  let gap = close - mid
  entry long when gap > 0 and position.qty == 0 { qty 1  stop_loss 5% }
  exit when close < mid
}`;

const CLOSES = [100, 102, 104, 103, 99, 101];
const FIXTURE = bars(
  '2024-01-03 09:15',
  5,
  CLOSES.map((c) => [c, c + 1, c - 1, c]),
);

/** One CSV line's fields (quoted fields may hold commas). */
function csvRow(line: string): string[] {
  return [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"')).slice(0, -1);
}

describe('exportSeries', () => {
  it('writes one row per bar: time, the bar, each let by name and each indicator with its param values, blank before warm-up', async () => {
    const path = join(dir, 'values.csv');
    const r = await exportSeries(fixtureRun(SOURCE, { 'NSE_EQ|TCS': FIXTURE }), path);
    expect(r.errors).toEqual([]);
    expect(r.value).toEqual({ rows: 6, columns: ['mid', 'gap'] });
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('time (Asia/Kolkata),open,high,low,close,volume,mid,gap');
    expect(lines.slice(1)).toEqual([
      '2024-01-03 09:15,100,101,99,100,1000,,',
      '2024-01-03 09:20,102,103,101,102,1000,,',
      '2024-01-03 09:25,104,105,103,104,1000,102,2',
      '2024-01-03 09:30,103,104,102,103,1000,103,0',
      '2024-01-03 09:35,99,100,98,99,1000,102,-3',
      `2024-01-03 09:40,101,102,100,101,1000,${(103 + 99 + 101) / 3},${101 - (103 + 99 + 101) / 3}`,
    ]);
    // whole or nothing: no temporary file left beside it
    expect(readdirSync(dir).filter((f) => f.startsWith('values.csv'))).toEqual(['values.csv']);
  });

  it('uses the param values the run was given in headers and values', async () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (b: Buffer) => (text += b.toString()));
    const source = SOURCE.replace('entry long when gap > 0 and', 'entry long when gap > 0 and ema(close, len) > 0 and');
    const r = await exportSeries(fixtureRun(source, { 'NSE_EQ|TCS': FIXTURE }, { len: 2 }), stream);
    expect([...r.value!.columns].sort()).toEqual(['ema(close, 2)', 'gap', 'mid']);
    const [head, , second] = text.split('\n').map(csvRow);
    expect(head!.slice(6)).toEqual(r.value!.columns);
    // on the second bar the 2-bar SMA, and the EMA seeded with it, are (100 + 102) / 2
    expect(second![head!.indexOf('mid')]).toBe('101');
    expect(second![head!.indexOf('ema(close, 2)')]).toBe('101');
  });

  it('refuses an output it cannot write, leaving nothing behind', async () => {
    const r = await exportSeries(fixtureRun(SOURCE, { 'NSE_EQ|TCS': FIXTURE }), join(dir, 'missing', 'out.csv'));
    expect(r.errors).toEqual([`-o ${join(dir, 'missing', 'out.csv')}: cannot write the file (no such folder)`]);
  });
});

describe('seriesColumns', () => {
  it('lists lets by name and indicators as written, leaving out fields and intermediate steps', () => {
    const graph = compileOk(`strategy "C" {
  asset stocks
  symbols "NSE_EQ|TCS"
  timeframe 15m
  param fast = 9 in 5..20
  let upper = highest(high, fast)[1]
  entry long when close crosses above upper and rsi(close, 14) > 50 and close[2] > open { qty 1  stop_loss 1% }
}`);
    expect(seriesColumns(graph).map((c) => c.header)).toEqual(['highest(high, 9)', 'upper', 'rsi(close, 14)']);
  });

  it('fills in param values by whole word only', () => {
    expect(withParamValues('ema(close, fast) - fast_line + x.fast', new Map([['fast', 9]]))).toBe('ema(close, 9) - fast_line + x.fast');
  });
});
