import { describe, expect, it } from 'vitest';
import { fixture, ist, readAll, readError } from './helpers.js';

// Bad input: handled as documented, or refused with the line, the column and the text.

const HEADER = 'Date,Time,Open,High,Low,Close,Volume';
const row = (time: string, close = '100.5', volume = '10', high = '101') => `2024-01-02,${time},100,${high},99,${close},${volume}`;
const many = (n: number) => Array.from({ length: n }, (_, i) => row(`${String(9 + Math.floor((15 + i) / 60)).padStart(2, '0')}:${String((15 + i) % 60).padStart(2, '0')}`));

describe('CSV refusals', () => {
  it('names the row and column of a value that is not a number — in the first rows and far down', async () => {
    expect(await readError(fixture([HEADER, row('09:15'), row('09:16', 'abc')]))).toBe('BAD_NUMBER: prices.csv:3: column 6 (close): "abc" is not a number');
    const far = [HEADER, ...many(200)];
    far[150] = row('11:44', ' ');
    expect(await readError(fixture(far))).toBe('BAD_NUMBER: prices.csv:151: column 6 (close): is empty');
  });

  it('refuses zero and negative prices, negative volume, and bars whose high is not the high', async () => {
    expect(await readError(fixture([HEADER, row('09:15', '0')]))).toBe('BAD_PRICE: prices.csv:2: column 6 (close): 0 is not a positive price');
    expect(await readError(fixture([HEADER, row('09:15', '-3')]))).toBe('BAD_PRICE: prices.csv:2: column 6 (close): -3 is not a positive price');
    expect(await readError(fixture([HEADER, row('09:15', '100', '-5')]))).toBe('BAD_VOLUME: prices.csv:2: column 7 (volume): -5 is negative');
    expect(await readError(fixture([HEADER, row('09:15', '102')]))).toBe('INCONSISTENT_BAR: prices.csv:2: high 101 (column 4) is below close 102 (column 6)');
    expect(await readError(fixture([HEADER, row('09:15', '98.5')]))).toBe('INCONSISTENT_BAR: prices.csv:2: low 99 (column 5) is above close 98.5 (column 6)');
  });

  it('refuses NaN and Infinity written as text', async () => {
    expect(await readError(fixture([HEADER, row('09:15'), row('09:16', 'NaN')]))).toBe('BAD_NUMBER: prices.csv:3: column 6 (close): "NaN" is not a number');
    expect(await readError(fixture([HEADER, row('09:15'), row('09:16', '100', 'Infinity')]))).toBe('BAD_NUMBER: prices.csv:3: column 7 (volume): "Infinity" is not a number');
  });

  it('refuses a bad time and a row with the wrong number of columns', async () => {
    expect(await readError(fixture([HEADER, row('09:15'), row('25:00')]))).toBe('BAD_TIME: prices.csv:3: column 2 (time): "25:00" is not a clock time like 09:15 or 09:15:00');
    expect(await readError(fixture([HEADER, row('09:15'), `${row('09:16')},7`]))).toBe('BAD_ROW: prices.csv:3: has 8 columns; the rows before it have 7');
    const far = [HEADER, ...many(150)];
    far.push('2024-01-02,11:45,100,101,99,100.5');
    expect(await readError(fixture(far))).toBe('BAD_ROW: prices.csv:152: has 6 columns; the rows of this file have 7');
  });

  it('refuses rows out of time order, unless asked to sort', async () => {
    const path = fixture([HEADER, row('09:15'), row('09:17'), row('09:16')]);
    expect(await readError(path)).toBe(
      'OUT_OF_ORDER: prices.csv:4: 2024-01-02 09:16 comes before 2024-01-02 09:17 on line 3; rows must be in time order (--sort sorts the file in memory first)',
    );
    const sorted = await readAll(path, { sort: true });
    expect(sorted.candles.map((c) => c.t)).toEqual([ist(2024, 1, 2, 9, 15), ist(2024, 1, 2, 9, 16), ist(2024, 1, 2, 9, 17)]);
  });

  it('drops exact duplicates with a note; refuses conflicting ones unless told which to keep', async () => {
    const same = await readAll(fixture([HEADER, row('09:15'), row('09:15'), row('09:16')]));
    expect(same.candles).toHaveLength(2);
    expect(same.notes.at(-1)).toBe('dropped 1 row(s) repeating the time of the row before (first on line 3)');
    const conflict = fixture([HEADER, row('09:15'), row('09:15', '100.75'), row('09:16')]);
    expect(await readError(conflict)).toBe(
      'DUPLICATE_TIME: prices.csv:3: 2024-01-02 09:15 appears again (line 2) with different prices; say which to keep with --duplicates first or --duplicates last',
    );
    expect((await readAll(conflict, { duplicates: 'first' })).candles[0]!.c).toBe(100.5);
    expect((await readAll(conflict, { duplicates: 'last' })).candles[0]!.c).toBe(100.75);
  });

  it('keeps gaps as they are (no bars are invented)', async () => {
    const { candles } = await readAll(fixture([HEADER, row('09:15'), row('10:40'), row('15:29')]));
    expect(candles.map((c) => c.t)).toEqual([ist(2024, 1, 2, 9, 15), ist(2024, 1, 2, 10, 40), ist(2024, 1, 2, 15, 29)]);
  });

  it('says when it cannot tell the columns apart, and when dates stay ambiguous', async () => {
    expect(await readError(fixture(['2024-01-02,100,101']))).toBe(
      'UNKNOWN_LAYOUT: prices.csv: cannot tell which columns hold what: found 2 numeric columns after the time; open, high, low and close need 4; name them with --columns (e.g. --columns date,time,open,high,low,close,volume)',
    );
    expect(await readError(fixture(['02/01/2024,10:00,10,11,9,10,1', '03/01/2024,10:00,10,11,9,10,1']))).toBe(
      'UNKNOWN_LAYOUT: prices.csv: dates like "02/01/2024" could be day-first or month-first and no row settles it; pass --date-format DD-MM-YYYY or --date-format MM-DD-YYYY',
    );
    expect(await readError(fixture([]))).toBe('EMPTY_FILE: prices.csv: the file has no rows');
    expect(await readError(fixture([HEADER]))).toBe('EMPTY_FILE: prices.csv: the file has a header but no rows');
  });

  it('follows --columns, and checks it', async () => {
    const path = fixture(['x,2024-01-02,09:15,100,101,99,100.5,10']);
    const { candles } = await readAll(path, { columns: 'skip,date,time,open,high,low,close,volume' });
    expect(candles[0]).toEqual({ t: ist(2024, 1, 2, 9, 15), o: 100, h: 101, l: 99, c: 100.5, v: 10 });
    expect(await readError(path, { columns: 'date,time,open,high,low,close' })).toBe('BAD_OPTION: --columns names 6 columns but the rows of prices.csv have 8');
    expect(await readError(path, { columns: 'skip,date,time,open,high,low,close,price' })).toBe('BAD_OPTION: --columns: unknown column "price" (one of date, time, datetime, epoch, open, high, low, close, adj_close, volume, oi, skip)');
    expect(await readError(path, { columns: 'skip,date,time,high,open,low,close,volume' })).toBe('INCONSISTENT_BAR: prices.csv:1: high 100 (column 4) is below open 101 (column 5)');
  });

  it('refuses a missing file and options that cannot work', async () => {
    expect(await readError('/nonexistent/prices.csv')).toBe('FILE_UNREADABLE: prices.csv: cannot read the file (no such file)');
    expect(await readError(fixture([HEADER, row('09:15')]), { timeZone: 'Mars/Olympus' })).toBe(
      'BAD_OPTION: --tz: not a time zone this Node knows (e.g. Asia/Kolkata, America/New_York, UTC)',
    );
    expect(await readError(fixture([HEADER, row('09:15')]), { barTime: 'close' })).toBe("BAD_OPTION: --bar-time close needs --tf (the bar length) to find each bar's open time");
    expect(await readError(fixture([HEADER, row('09:15')]), { dateFormat: 'YY-MM-DD' })).toBe(
      'BAD_OPTION: --date-format YY-MM-DD: use one of YYYY-MM-DD, DD-MM-YYYY, MM-DD-YYYY, YYYYMMDD, DD-MON-YYYY',
    );
  });
});
