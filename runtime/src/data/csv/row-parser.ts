import type { Candle } from '../../market/candle.js';
import { DataError } from '../candle-source.js';
import type { ZoneClock } from '../zone-clock.js';
import type { ColumnRole, CsvLayout } from './columns.js';
import { parseDate, parseDateTime, parseEpoch, parseTime } from './timestamps.js';

const GROUPED = /^\s*[-+]?\d{1,3}(,\d{2,3})+(\.\d+)?\s*$/;

/** Splits one CSV line: plain `split(',')`, or RFC 4180 quoting when the line has a quote. */
export function splitFields(line: string): string[] {
  if (line.indexOf('"') === -1) return line.split(',');
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

/** How rows become candles once the layout is known. */
export interface RowParserOptions {
  /** The file name as messages should show it. */
  readonly file: string;
  readonly layout: CsvLayout;
  /** The exchange's zone, for timestamps written without an offset. */
  readonly zone: ZoneClock;
  /** Subtracted from each intraday timestamp: the bar length when rows are stamped at the bar's close. */
  readonly closeShiftMs: number;
  /** Scale open/high/low/close by `Adj Close / Close`. */
  readonly adjusted: boolean;
}

/**
 * Turns the fields of one row into a {@link Candle}, or throws a {@link DataError} naming the
 * line, the column (1-based, with its role) and the text it could not use. Checks every row:
 * numbers that are numbers, prices > 0, volume and open interest ≥ 0, high the highest and low
 * the lowest of the bar.
 */
export class RowParser {
  private readonly o: RowParserOptions;
  private readonly col: Readonly<Partial<Record<ColumnRole, number>>>;
  private readonly width: number;
  private lastDate = '';
  private lastDateWall = NaN;
  private lastOffsetText = '\u0000';
  private lastOffset = 0;

  constructor(options: RowParserOptions) {
    this.o = options;
    const col: Partial<Record<ColumnRole, number>> = {};
    options.layout.roles.forEach((r, i) => {
      if (r !== 'skip') col[r] = i;
    });
    this.col = col;
    this.width = options.layout.roles.length;
  }

  parse(fields: readonly string[], line: number): Candle {
    if (fields.length !== this.width) {
      throw new DataError('BAD_ROW', `${this.o.file}:${line}: has ${fields.length} columns; the rows of this file have ${this.width}`);
    }
    const col = this.col;
    const t = this.time(fields, line);
    let o = this.price(fields, col.open!, line);
    let h = this.price(fields, col.high!, line);
    let l = this.price(fields, col.low!, line);
    let c = this.price(fields, col.close!, line);
    const v = col.volume === undefined ? 0 : this.count(fields, col.volume, line);
    const candle: Candle = { t, o, h, l, c, v };
    if (col.oi !== undefined) candle.oi = this.count(fields, col.oi, line);
    if (this.o.adjusted && col.adj_close !== undefined) {
      const f = this.price(fields, col.adj_close, line) / c;
      candle.o = o *= f;
      candle.h = h *= f;
      candle.l = l *= f;
      candle.c = c *= f;
    }
    if (h < o || h < c || h < l) {
      const [name, value, at] = h < o ? ['open', o, col.open!] : h < c ? ['close', c, col.close!] : ['low', l, col.low!];
      throw new DataError('INCONSISTENT_BAR', `${this.o.file}:${line}: high ${h} (column ${col.high! + 1}) is below ${name} ${value} (column ${at + 1})`);
    }
    if (l > o || l > c) {
      const [name, value, at] = l > o ? ['open', o, col.open!] : ['close', c, col.close!];
      throw new DataError('INCONSISTENT_BAR', `${this.o.file}:${line}: low ${l} (column ${col.low! + 1}) is above ${name} ${value} (column ${at + 1})`);
    }
    return candle;
  }

  private where(line: number, at: number): string {
    return `${this.o.file}:${line}: column ${at + 1} (${this.o.layout.roles[at]})`;
  }

  private number(fields: readonly string[], at: number, line: number): number {
    const s = fields[at]!;
    let v = +s;
    // Digit grouping as NSE's downloads write it inside quotes: "1,23,456.70", "2,345.60".
    if (v !== v && GROUPED.test(s)) v = +s.replace(/,/g, '');
    if (v - v !== 0 || (v === 0 && !/\d/.test(s))) {
      const what = s.trim() === '' ? 'is empty' : `${JSON.stringify(s)} is not a number`;
      throw new DataError('BAD_NUMBER', `${this.where(line, at)}: ${what}`);
    }
    return v;
  }

  private price(fields: readonly string[], at: number, line: number): number {
    const v = this.number(fields, at, line);
    if (!(v > 0)) throw new DataError('BAD_PRICE', `${this.where(line, at)}: ${v} is not a positive price`);
    return v;
  }

  private count(fields: readonly string[], at: number, line: number): number {
    const v = this.number(fields, at, line);
    if (v < 0) throw new DataError('BAD_VOLUME', `${this.where(line, at)}: ${v} is negative`);
    return v;
  }

  /**
   * `YYYY-MM-DDTHH:MM[:SS][offset]` (or a space for T) without regular expressions, reusing the
   * previous row's date and offset when they repeat — most rows of a file. Undefined sends the
   * field down the general path (which also produces the error message).
   */
  private fastDateTime(s: string): number | undefined {
    const n = s.length;
    if (n < 16 || (s.charCodeAt(10) !== 84 && s.charCodeAt(10) !== 32) || s.charCodeAt(13) !== 58) return undefined;
    let day = this.lastDateWall;
    if (this.lastDate.length !== 10 || !s.startsWith(this.lastDate)) {
      const text = s.slice(0, 10);
      const parsed = parseDate(text, this.o.layout.dateOrder);
      if (parsed === undefined) return undefined;
      this.lastDate = text;
      this.lastDateWall = day = parsed;
    }
    const h = digits2(s, 11);
    const m = digits2(s, 14);
    let i = 16;
    let sec = 0;
    if (s.charCodeAt(16) === 58) {
      sec = digits2(s, 17);
      i = 19;
    }
    if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59) return undefined;
    const wall = day + ((h * 60 + m) * 60 + sec) * 1000;
    if (i === n) return this.o.zone.fromWall(wall) - this.o.closeShiftMs;
    const off = this.lastOffsetText;
    if (n - i !== off.length || !s.endsWith(off)) {
      const text = s.slice(i);
      const match = /^(?:Z|([+-])(\d{2}):?(\d{2}))$/.exec(text);
      if (!match) return undefined;
      this.lastOffsetText = text;
      this.lastOffset = match[1] === undefined ? 0 : (match[1] === '-' ? -1 : 1) * (+match[2]! * 60 + +match[3]!) * 60_000;
    }
    return wall - this.lastOffset - this.o.closeShiftMs;
  }

  private time(fields: readonly string[], line: number): number {
    const col = this.col;
    const order = this.o.layout.dateOrder;
    if (col.epoch !== undefined) {
      const s = fields[col.epoch]!.trim();
      const t = /^\d{10}$|^\d{13}$/.test(s) ? parseEpoch(s) : NaN;
      if (t !== t) throw new DataError('BAD_TIME', `${this.where(line, col.epoch)}: ${JSON.stringify(s)} is not seconds or milliseconds since 1970`);
      return t;
    }
    if (col.datetime !== undefined) {
      const s = fields[col.datetime]!;
      const fast = this.fastDateTime(s);
      if (fast !== undefined) return fast;
      const dt = parseDateTime(s, order);
      if (dt) return (dt.offset !== undefined ? dt.wall - dt.offset : this.o.zone.fromWall(dt.wall)) - this.o.closeShiftMs;
      const day = parseDate(s.trim(), order);
      if (day === undefined) throw new DataError('BAD_TIME', `${this.where(line, col.datetime)}: ${JSON.stringify(s)} is not a date and time like ${example(order)} 09:15`);
      return this.o.zone.fromWall(day);
    }
    const s = fields[col.date!]!;
    let day = this.lastDateWall;
    if (s !== this.lastDate) {
      day = parseDate(s.trim(), order) ?? NaN;
      if (day !== day) throw new DataError('BAD_TIME', `${this.where(line, col.date!)}: ${JSON.stringify(s)} is not a date like ${example(order)}`);
      this.lastDate = s;
      this.lastDateWall = day;
    }
    if (col.time === undefined) return this.o.zone.fromWall(day);
    const ts = fields[col.time]!;
    const ms = clockMs(ts) ?? parseTime(ts.trim());
    if (ms === undefined) throw new DataError('BAD_TIME', `${this.where(line, col.time)}: ${JSON.stringify(ts)} is not a clock time like 09:15 or 09:15:00`);
    return this.o.zone.fromWall(day + ms) - this.o.closeShiftMs;
  }
}

/** `HH:MM` or `HH:MM:SS` exactly, in ms after midnight, without a regular expression. */
function clockMs(s: string): number | undefined {
  if ((s.length !== 5 && s.length !== 8) || s.charCodeAt(2) !== 58) return undefined;
  const h = digits2(s, 0);
  const m = digits2(s, 3);
  const sec = s.length === 8 ? (s.charCodeAt(5) === 58 ? digits2(s, 6) : -1) : 0;
  return h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59 ? undefined : ((h * 60 + m) * 60 + sec) * 1000;
}

/** The two-digit number at `at`, or -1 when either character is not a digit. */
function digits2(s: string, at: number): number {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function example(order: CsvLayout['dateOrder']): string {
  return { ymd: '2024-01-31', dmy: '31-01-2024', mdy: '01/31/2024', compact: '20240131', dmon: '31-Jan-2024' }[order];
}
