import { describe, expect, it } from 'vitest';
import { fixture, ist, readAll } from './helpers.js';

// The layouts real files come in, each reproduced in a small fixture.

describe('CSV layouts', () => {
  it('reads a daily Yahoo file by its header; Adj Close is ignored unless asked for', async () => {
    const path = fixture([
      'Date,Open,High,Low,Close,Adj Close,Volume',
      '1995-01-03,2.179012,2.191358,2.117284,2.117284,1.883304,36301200',
      '1995-01-04,2.123457,2.148148,2.092592,2.135803,1.899776,46051600',
    ]);
    const { candles, roles, notes } = await readAll(path, { timeZone: 'America/New_York' });
    expect(roles).toEqual(['date', 'open', 'high', 'low', 'close', 'adj_close', 'volume']);
    expect(candles).toEqual([
      { t: Date.UTC(1995, 0, 3, 5), o: 2.179012, h: 2.191358, l: 2.117284, c: 2.117284, v: 36301200 },
      { t: Date.UTC(1995, 0, 4, 5), o: 2.123457, h: 2.148148, l: 2.092592, c: 2.135803, v: 46051600 },
    ]);
    expect(notes).toEqual(['columns: date, open, high, low, close, adj_close, volume']);
    const adjusted = await readAll(path, { timeZone: 'America/New_York', adjusted: true });
    expect(adjusted.candles[0]!.c).toBeCloseTo(1.883304, 12);
    expect(adjusted.candles[0]!.o).toBeCloseTo(2.179012 * (1.883304 / 2.117284), 12);
  });

  it('reads an intraday file whose header names 7 columns over 8 (CRLF), by content', async () => {
    const path = fixture(
      [
        'Date,Open,High,Low,Close,Volume,OpenInterest',
        '2006-01-02,09:01:00,3602.00,3603.00,3597.00,3599.00,5699,0',
        '2006-01-02,09:02:00,3600.00,3601.00,3598.00,3599.00,894,0',
        '2006-01-02,09:03:00,3599.00,3602.00,3598.00,3600.00,883,12',
      ],
      '\r\n',
    );
    const { candles, roles, notes } = await readAll(path);
    expect(roles).toEqual(['date', 'time', 'open', 'high', 'low', 'close', 'volume', 'oi']);
    expect(notes[0]).toBe('the header names 7 columns but the rows have 8; the columns were mapped by their content');
    expect(candles[0]).toEqual({ t: ist(2006, 1, 2, 9, 1), o: 3602, h: 3603, l: 3597, c: 3599, v: 5699, oi: 0 });
    expect(candles[2]!.oi).toBe(12);
    const closeStamped = await readAll(path, { barTime: 'close', timeframe: '1m', timeZone: 'America/Chicago' });
    expect(closeStamped.candles[0]!.t).toBe(Date.UTC(2006, 0, 2, 15, 0));
  });

  it('reads separate date and time columns under an honest header, and files with no header', async () => {
    const rows = ['2024-01-02,09:15,100,101,99.5,100.5,1200', '2024-01-02,09:16,100.5,100.5,100,100.25,0'];
    for (const lines of [['Date,Time,Open,High,Low,Close,Volume', ...rows], rows]) {
      const { candles, roles } = await readAll(fixture(lines));
      expect(roles).toEqual(['date', 'time', 'open', 'high', 'low', 'close', 'volume']);
      expect(candles.map((c) => c.t)).toEqual([ist(2024, 1, 2, 9, 15), ist(2024, 1, 2, 9, 16)]);
      expect(candles[1]!.v).toBe(0);
    }
  });

  it('reads ISO date-times with an offset (what algo data synth writes) and epoch seconds', async () => {
    const iso = await readAll(fixture(['datetime,open,high,low,close,volume', '2024-01-02T09:15:00+05:30,10,11,9,10.5,5', '2024-01-02T03:46:00Z,10,11,9,10.5,5']));
    expect(iso.candles.map((c) => c.t)).toEqual([ist(2024, 1, 2, 9, 15), ist(2024, 1, 2, 9, 16)]);
    const epoch = await readAll(fixture(['1704167100,10,11,9,10.5,5']));
    expect(epoch.roles![0]).toBe('epoch');
    expect(epoch.candles[0]!.t).toBe(ist(2024, 1, 2, 9, 15));
  });

  it("reads NSE's download format: DD-Mon-YYYY, quoted grouped numbers, extra columns skipped", async () => {
    const path = fixture([
      '"Date ","series ","OPEN ","HIGH ","LOW ","PREV. CLOSE ","ltp ","close ","VOLUME "',
      '"01-Jan-2024","EQ","2,585.00","2,604.90","2,580.10","2,584.95","2,590.00","2,591.45","34,57,215"',
      '"02-Jan-2024","EQ","2,591.45","2,612.00","2,560.00","2,591.45","2,575.00","2,577.20","51,26,879"',
    ]);
    const { candles, roles } = await readAll(path);
    expect(roles).toEqual(['date', 'skip', 'open', 'high', 'low', 'skip', 'skip', 'close', 'volume']);
    expect(candles[0]).toEqual({ t: ist(2024, 1, 1), o: 2585, h: 2604.9, l: 2580.1, c: 2591.45, v: 3457215 });
  });

  it('settles day-first dates from a later row, and refuses when nothing settles them', async () => {
    const rows = (days: number[]) => days.flatMap((d) => Array.from({ length: 60 }, (_, m) => `${String(d).padStart(2, '0')}/01/2024,10:${String(m).padStart(2, '0')},10,11,9,10,1`));
    const { candles } = await readAll(fixture(rows([2, 3, 13])));
    expect(candles[0]!.t).toBe(ist(2024, 1, 2, 10, 0));
    expect(candles.at(-1)!.t).toBe(ist(2024, 1, 13, 10, 59));
    const mdy = await readAll(fixture(rows([2, 3])), { dateFormat: 'MM/DD/YYYY' });
    expect(mdy.candles[0]!.t).toBe(ist(2024, 2, 1, 10, 0));
  });

  it('streams a large file in batches', async () => {
    const lines = ['Date,Time,Open,High,Low,Close,Volume'];
    for (let i = 0; i < 60_000; i++) {
      const t = new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString();
      lines.push(`${t.slice(0, 10)},${t.slice(11, 16)},100,101,99,100.5,${i}`);
    }
    const { readCsvCandles } = await import('../../src/data/index.js');
    const source = readCsvCandles(fixture(lines));
    let batches = 0;
    let count = 0;
    for await (const batch of source) {
      batches++;
      count += batch.length;
    }
    expect(count).toBe(60_000);
    expect(batches).toBeGreaterThan(1);
    expect(source.report.rows).toBe(60_000);
    // A second pass reads the file afresh, report included.
    let again = 0;
    for await (const batch of source) again += batch.length;
    expect(again).toBe(60_000);
    expect(source.report.rows).toBe(60_000);
    expect(source.report.notes).toEqual(['columns: date, time, open, high, low, close, volume']);
  });
});
