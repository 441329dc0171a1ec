// Dates, clock times and date-times as market data files write them. Everything here returns
// "wall" milliseconds — the local date and time written as if it were UTC (Date.UTC fields) —
// so the caller applies the exchange's time zone once, in one place. An explicit offset in the
// text (`Z`, `+05:30`) is returned separately and wins over the exchange zone.

/** How a date is written: year-month-day, day-month-year, month-day-year (any of `- / .` between), `YYYYMMDD`, or `DD-Mon-YYYY`. */
export type DateOrder = 'ymd' | 'dmy' | 'mdy' | 'compact' | 'dmon';

/** The spellings `--date-format` accepts for each order. */
export const DATE_FORMATS: Readonly<Record<string, DateOrder>> = {
  'YYYY-MM-DD': 'ymd',
  'DD-MM-YYYY': 'dmy',
  'MM-DD-YYYY': 'mdy',
  YYYYMMDD: 'compact',
  'DD-MON-YYYY': 'dmon',
};

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

const DAY = 86_400_000;

/** The three parts of a date and the order they could be in, or undefined when it is not a date. */
function splitDate(s: string): { order: DateOrder | 'dm?'; a: number; b: number; c: number } | undefined {
  if (s.length === 8 && /^\d{8}$/.test(s)) return { order: 'compact', a: +s.slice(0, 4), b: +s.slice(4, 6), c: +s.slice(6) };
  const m = /^(\d{1,4})[-/.](\d{1,2}|[A-Za-z]{3})[-/.](\d{2,4})$/.exec(s);
  if (!m) return undefined;
  const [, p1, p2, p3] = m as unknown as [string, string, string, string];
  if (/[A-Za-z]/.test(p2)) {
    const month = MONTHS[p2.toLowerCase()];
    return month && p3.length === 4 ? { order: 'dmon', a: +p1, b: month, c: +p3 } : undefined;
  }
  if (p1.length === 4) return p3.length <= 2 ? { order: 'ymd', a: +p1, b: +p2, c: +p3 } : undefined;
  if (p3.length !== 4 || p1.length > 2) return undefined;
  return { order: 'dm?', a: +p1, b: +p2, c: +p3 };
}

/** Wall ms of local midnight of a date in the given order, or undefined when it is not one. */
export function parseDate(s: string, order: DateOrder): number | undefined {
  const d = splitDate(s);
  if (!d) return undefined;
  let y: number;
  let mo: number;
  let day: number;
  if (d.order === 'dm?') {
    if (order === 'dmy') [day, mo, y] = [d.a, d.b, d.c];
    else if (order === 'mdy') [mo, day, y] = [d.a, d.b, d.c];
    else return undefined;
  } else if (d.order !== order) return undefined;
  else if (order === 'dmon') [day, mo, y] = [d.a, d.b, d.c];
  else [y, mo, day] = [d.a, d.b, d.c];
  if (mo < 1 || mo > 12 || day < 1 || day > 31) return undefined;
  const wall = Date.UTC(y, mo - 1, day);
  // Reject 31-04-2024 and the like: Date.UTC rolls them into the next month.
  return new Date(wall).getUTCDate() === day ? wall : undefined;
}

/**
 * The order a column of dates is written in, judged from samples: `dmy` or `mdy` only once some
 * sample shows a part above 12; `ambiguous` when none does yet; undefined when they are not dates.
 */
export function detectDateOrder(samples: readonly string[]): DateOrder | 'ambiguous' | undefined {
  let order: DateOrder | 'dm?' | undefined;
  let firstAbove12 = false;
  let secondAbove12 = false;
  for (const s of samples) {
    const d = splitDate(datePart(s));
    if (!d) return undefined;
    if (order === undefined) order = d.order;
    else if (order !== d.order) return undefined;
    if (d.order === 'dm?') {
      if (d.a > 12) firstAbove12 = true;
      if (d.b > 12) secondAbove12 = true;
    }
  }
  if (order !== 'dm?') return order;
  if (firstAbove12 && secondAbove12) return undefined;
  return firstAbove12 ? 'dmy' : secondAbove12 ? 'mdy' : 'ambiguous';
}

/** Ms after midnight of `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff`, or undefined. */
export function parseTime(s: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(s);
  if (!m) return undefined;
  const h = +m[1]!;
  const min = +m[2]!;
  const sec = m[3] ? +m[3] : 0;
  if (h > 23 || min > 59 || sec > 59) return undefined;
  const ms = m[4] ? +m[4].padEnd(3, '0') : 0;
  return ((h * 60 + min) * 60 + sec) * 1000 + ms;
}

/** The date part of a date-time (`2024-01-02T09:15:00+05:30` → `2024-01-02`). */
export function datePart(s: string): string {
  const cut = s.search(/[T ]/);
  return cut === -1 ? s : s.slice(0, cut);
}

/**
 * A date with a clock time in one field — `2024-01-02 09:15`, `2024-01-02T09:15:00Z`,
 * `02-01-2024 09:15:00+0530` — as wall ms plus the offset written in it (ms east of UTC), if any.
 */
export function parseDateTime(s: string, order: DateOrder): { wall: number; offset: number | undefined } | undefined {
  const m = /^(\S+?)[T ]+(\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(s.trim());
  if (!m) return undefined;
  const day = parseDate(m[1]!, order);
  const time = parseTime(m[2]!);
  if (day === undefined || time === undefined) return undefined;
  let offset: number | undefined;
  if (m[3]) offset = m[3] === 'Z' ? 0 : (m[3][0] === '-' ? -1 : 1) * (+m[3].slice(1, 3) * 60 + +m[3].slice(-2)) * 60_000;
  return { wall: day + time, offset };
}

/** True for a whole number of seconds (10 digits) or milliseconds (13 digits) since 1970. */
export function isEpoch(s: string): boolean {
  return /^\d{10}$|^\d{13}$/.test(s);
}

/** UTC ms of an epoch field (seconds or milliseconds, by its length). */
export function parseEpoch(s: string): number {
  return s.length === 10 ? +s * 1000 : +s;
}

/** `2024-01-02 09:15` for messages, in wall time of the given offset-applied instant. */
export function describeWall(wall: number): string {
  const iso = new Date(wall).toISOString();
  return wall % DAY === 0 ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, wall % 60_000 === 0 ? 16 : 19)}`;
}
