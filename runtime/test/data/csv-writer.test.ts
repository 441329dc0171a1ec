import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectCandles, DataError, fromCandles, readCsvCandles, synthCandles, writeCandlesCsv, type CandleSource } from '../../src/data/index.js';

describe('CSV writer', () => {
  it('writes what the reader reads back exactly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'algo-writer-'));
    const path = join(dir, 'synth.csv');
    const opts = { symbol: 'NSE_EQ|INFY', from: '2024-02-05', to: '2024-02-09', seed: 5 };
    expect(await writeCandlesCsv(synthCandles(opts), path)).toBe(5 * 375);
    const text = readFileSync(path, 'utf8');
    expect(text.split('\n')[0]).toBe('datetime,open,high,low,close,volume');
    expect(text.split('\n')[1]).toMatch(/^2024-02-05T09:15:00\+05:30,/);
    expect(await collectCandles(readCsvCandles(path))).toEqual(await collectCandles(synthCandles(opts)));
  });

  it('writes open interest when the candles carry it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'algo-writer-'));
    const path = join(dir, 'oi.csv');
    const candles = [{ t: Date.UTC(2024, 0, 2, 3, 45), o: 10, h: 11, l: 9, c: 10.5, v: 3, oi: 700 }];
    await writeCandlesCsv(fromCandles(candles), path);
    expect(readFileSync(path, 'utf8')).toBe('datetime,open,high,low,close,volume,oi\n2024-01-02T09:15:00+05:30,10,11,9,10.5,3,700\n');
    expect(await collectCandles(readCsvCandles(path))).toEqual(candles);
  });

  it('leaves nothing behind when the source fails part way', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'algo-writer-'));
    const path = join(dir, 'broken.csv');
    const failing: CandleSource = {
      async *[Symbol.asyncIterator]() {
        yield [{ t: 1, o: 1, h: 1, l: 1, c: 1, v: 1 }];
        throw new DataError('BAD_ROW', 'source.csv:9: has 3 columns; the rows of this file have 7');
      },
    };
    await expect(writeCandlesCsv(failing, path)).rejects.toThrow('source.csv:9');
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});
