import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectCandles, readCsvCandles, synthCandles, writeCandlesCsv } from '../../../src/data/index.js';
import { useStorage } from '../support.js';

// The backtester reads a series either from a CSV file or from Mongo (`--data mongo:KEY`).
// Imported through the CSV reader, Mongo must give back exactly the candles the CSV gives —
// same times, same prices, same order — so a backtest cannot tell the two apart.

const fixture = useStorage('csvparity');

describe('historical_candles round trip from CSV', () => {
  it('reads back exactly the candles of the CSV it was imported from', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'candles-csv-'));
    const file = join(dir, 'reliance.csv');
    await writeCandlesCsv(synthCandles({ symbol: 'NSE_EQ|RELIANCE', from: '2024-01-01', to: '2024-01-31', timeframe: '1m', seed: 11 }), file);
    const fromCsv = await collectCandles(readCsvCandles(file));
    const series = { instrument: 'NSE_EQ|RELIANCE', timeframe: '1m' };
    const summary = await fixture().storage.historicalCandles.importSource(series, readCsvCandles(file), { batchSize: 2_000 });
    expect(summary.candles).toBe(fromCsv.length);
    const fromMongo = await collectCandles(fixture().storage.historicalCandles.source(series));
    expect(fromMongo).toEqual(fromCsv);
    const [from, to] = [fromCsv[1000]!.t, fromCsv[5000]!.t];
    expect(await collectCandles(fixture().storage.historicalCandles.source({ ...series, from, to }))).toEqual(fromCsv.slice(1000, 5000));
  });
});
