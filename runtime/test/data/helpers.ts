import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectCandles, DataError, readCsvCandles, type CsvReadOptions } from '../../src/data/index.js';
import type { Candle } from '../../src/market/candle.js';

const dir = mkdtempSync(join(tmpdir(), 'algo-data-test-'));
let n = 0;

/** Writes `text` to a fresh temp file and returns its path (lines joined with `eol`). */
export function fixture(lines: readonly string[], eol = '\n', name?: string): string {
  const path = join(dir, name ?? `f${++n}.csv`);
  writeFileSync(path, lines.join(eol) + eol);
  return path;
}

/** Reads a CSV fixture completely. */
export async function readAll(path: string, options: CsvReadOptions = {}): Promise<{ candles: Candle[]; notes: string[]; roles: string[] | undefined }> {
  const source = readCsvCandles(path, { name: 'prices.csv', ...options });
  const candles = await collectCandles(source);
  return { candles, notes: source.report.notes, roles: source.report.layout?.roles.slice() };
}

/** The DataError a read rejects with, as `CODE: message`. */
export async function readError(path: string, options: CsvReadOptions = {}): Promise<string> {
  try {
    await readAll(path, options);
  } catch (e) {
    if (e instanceof DataError) return `${e.code}: ${e.message}`;
    throw e;
  }
  throw new Error('expected the read to fail');
}

/** UTC ms of a wall-clock time in IST (UTC+05:30). */
export const ist = (y: number, mo: number, d: number, h = 0, mi = 0): number => Date.UTC(y, mo - 1, d, h, mi) - 330 * 60_000;
