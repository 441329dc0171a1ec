// What each column of a candle CSV holds, and how that is decided: an explicit mapping when the
// user gives one; the header's names when the header has as many columns as the rows do and its
// reading passes the content checks; otherwise the rows' content.

import { detectDateOrder, isEpoch, parseTime, type DateOrder } from './timestamps.js';

/** What one column holds. `skip` columns are read past. */
export type ColumnRole = 'date' | 'time' | 'datetime' | 'epoch' | 'open' | 'high' | 'low' | 'close' | 'adj_close' | 'volume' | 'oi' | 'skip';

export const COLUMN_ROLES: readonly ColumnRole[] = ['date', 'time', 'datetime', 'epoch', 'open', 'high', 'low', 'close', 'adj_close', 'volume', 'oi', 'skip'];

/** Header spellings (lower case, letters and digits only) for each role. */
const SYNONYMS: Readonly<Record<string, ColumnRole>> = {
  date: 'date', day: 'date', tradedate: 'date', tradingdate: 'date',
  time: 'time',
  datetime: 'datetime', timestamp: 'datetime', dt: 'datetime',
  unix: 'epoch', epoch: 'epoch', unixtime: 'epoch',
  open: 'open', o: 'open', openprice: 'open',
  high: 'high', h: 'high', highprice: 'high',
  low: 'low', l: 'low', lowprice: 'low',
  close: 'close', c: 'close', last: 'close', closeprice: 'close', ltp: 'close',
  adjclose: 'adj_close', adjustedclose: 'adj_close',
  volume: 'volume', vol: 'volume', v: 'volume', qty: 'volume', tradedqty: 'volume', quantity: 'volume',
  oi: 'oi', openinterest: 'oi',
};

/** The role a header name stands for, if any. */
export function roleOfHeader(name: string): ColumnRole | undefined {
  return SYNONYMS[name.toLowerCase().replace(/[^a-z0-9]/g, '')];
}

/** A decided layout: one role per column, the date order, and how it was decided. */
export interface CsvLayout {
  readonly roles: readonly ColumnRole[];
  readonly dateOrder: DateOrder;
  readonly source: 'option' | 'header' | 'content';
  readonly hasHeader: boolean;
}

// A number, plain or with digit grouping ("1,23,456.70", as NSE's downloads quote them).
const NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+|\d{1,3}(,\d{2,3})+(\.\d+)?)([eE][-+]?\d+)?\s*$/;

/**
 * True when the first line is a header: some field is text (neither a number, a date nor a
 * time) where the next row has a value — or, with no next row, no field is a value at all. So a
 * data row with a text column (a symbol) is not mistaken for a header.
 */
export function looksLikeHeader(first: readonly string[], next?: readonly string[]): boolean {
  const isValue = (f: string | undefined): boolean => {
    const s = (f ?? '').trim();
    return s !== '' && (NUMBER.test(s) || detectDateOrder([s]) !== undefined || parseTime(s) !== undefined || /[T ]\d/.test(s));
  };
  if (!next) return !first.some(isValue);
  return first.some((f, i) => f.trim() !== '' && !isValue(f) && isValue(next[i]));
}

/**
 * A role per column from the header's names: unknown names are skipped (NSE's `series`,
 * `PREV. CLOSE`, `VALUE`, …); a role named twice goes to the column spelled exactly like the
 * role (`close` over `ltp`), else the first. Undefined unless a time and all four prices are named.
 */
export function rolesFromHeader(header: readonly string[]): ColumnRole[] | undefined {
  const roles: ColumnRole[] = header.map((h) => roleOfHeader(h.trim()) ?? 'skip');
  const canonical = (i: number) => header[i]!.trim().toLowerCase().replace(/[^a-z0-9]/g, '') === roles[i]!.replace('_', '');
  for (let i = 0; i < roles.length; i++) {
    const r = roles[i]!;
    if (r === 'skip') continue;
    for (let j = i + 1; j < roles.length; j++) {
      if (roles[j] !== r) continue;
      if (canonical(j) && !canonical(i)) roles[i] = 'skip';
      else roles[j] = 'skip';
    }
  }
  return complete(roles) ? roles : undefined;
}

/** True when the roles name a time (date, datetime or epoch) and all four prices. */
export function complete(roles: readonly ColumnRole[]): boolean {
  const has = (r: ColumnRole) => roles.includes(r);
  return (has('date') || has('datetime') || has('epoch')) && has('open') && has('high') && has('low') && has('close');
}

type Kind = 'date' | 'datetime' | 'time' | 'epoch' | 'integer' | 'number' | 'other';

function kindOf(column: readonly string[], index: number): Kind {
  const values = column.map((s) => s.trim());
  if (values.every((s) => parseTime(s) !== undefined)) return 'time';
  // Whole numbers read as a time only in the first column: epoch seconds/ms, or YYYYMMDD.
  if (index === 0 && values.every(isEpoch)) return 'epoch';
  if (index === 0 && detectDateOrder(values) === 'compact') return 'date';
  // Mostly numbers is a numeric column with some bad cells: mapped as numeric, so the row
  // check names the bad cell instead of the column being quietly skipped.
  const numbers = values.filter((s) => NUMBER.test(s));
  if (numbers.length >= 0.8 * values.length) return numbers.every((s) => /^-?[\d,]+$/.test(s.trim())) ? 'integer' : 'number';
  if (detectDateOrder(values) !== undefined) return values.some((s) => /[T ]\d/.test(s)) ? 'datetime' : 'date';
  return 'other';
}

/**
 * Roles read from the rows themselves: the first date / date-time / epoch column is the time
 * (a clock-time column right after a date joins it); the numeric columns after it are, in the
 * order every exporter uses, open, high, low, close, then volume, then open interest — or, when
 * the fifth one holds prices rather than whole numbers, Yahoo's `Adj Close` before volume.
 * Returns a sentence saying what could not be read when the rows do not fit that shape.
 */
export function rolesFromContent(rows: readonly (readonly string[])[]): ColumnRole[] | string {
  const width = rows[0]!.length;
  const kinds: Kind[] = [];
  for (let c = 0; c < width; c++) kinds.push(kindOf(rows.map((r) => r[c] ?? ''), c));
  const roles: ColumnRole[] = new Array<ColumnRole>(width).fill('skip');
  let at = kinds.findIndex((k) => k === 'date' || k === 'datetime' || k === 'epoch');
  if (at === -1) return 'no column holds dates';
  roles[at] = kinds[at] as ColumnRole;
  if (kinds[at] === 'date' && kinds[at + 1] === 'time') roles[++at] = 'time';
  const numeric: number[] = [];
  for (let c = at + 1; c < width; c++) if (kinds[c] === 'integer' || kinds[c] === 'number') numeric.push(c);
  if (numeric.length < 4) return `found ${numeric.length} numeric columns after the time; open, high, low and close need 4`;
  const names: ColumnRole[] = ['open', 'high', 'low', 'close'];
  const rest = numeric.length - 4;
  if (rest === 1) names.push('volume');
  else if (rest === 2) names.push(...(kinds[numeric[4]!] === 'number' && kinds[numeric[5]!] === 'integer' ? (['adj_close', 'volume'] as const) : (['volume', 'oi'] as const)));
  else if (rest > 2) return `found ${numeric.length} numeric columns after the time; expected 4 to 6 (open, high, low, close[, volume[, open interest]])`;
  numeric.forEach((c, i) => (roles[c] = names[i]!));
  return roles;
}

/** Parses `--columns date,time,open,high,low,close,volume,oi` (`skip` or `-` for a column to ignore). */
export function parseColumnsOption(text: string | readonly string[]): ColumnRole[] | string {
  const parts = typeof text === 'string' ? text.split(',') : [...text];
  const roles: ColumnRole[] = [];
  for (const raw of parts) {
    const p = raw.trim().toLowerCase();
    const role = p === '-' || p === '' ? 'skip' : ((COLUMN_ROLES as readonly string[]).includes(p) ? (p as ColumnRole) : roleOfHeader(p));
    if (!role) return `unknown column "${raw.trim()}" (one of ${COLUMN_ROLES.join(', ')})`;
    if (role !== 'skip' && roles.includes(role)) return `column "${role}" is named twice`;
    roles.push(role);
  }
  if (!complete(roles)) return 'the columns must include a date (or datetime or epoch), open, high, low and close';
  return roles;
}

/** `date, time, open, …` for messages. */
export function describeRoles(roles: readonly ColumnRole[]): string {
  return roles.join(', ');
}
