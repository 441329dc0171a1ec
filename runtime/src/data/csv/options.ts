import { timeframeMs, parseTimeframe } from '@algo/language';
import { z } from 'zod';
import { DataError } from '../candle-source.js';
import { NSE_SESSION } from '../session.js';
import { isTimeZone } from '../zone-clock.js';
import { DATE_FORMATS, type DateOrder } from './timestamps.js';

/**
 * How to read a candle CSV. Everything is optional: the layout is detected (see columns.ts),
 * timestamps are read in the exchange's zone (NSE's Asia/Kolkata unless told), and rows must
 * be in time order with no conflicting duplicates.
 */
export const CsvReadOptionsSchema = z
  .object({
    /** Role of each column in order, e.g. `date,time,open,high,low,close,volume,oi` (`skip` to ignore one). */
    columns: z.union([z.string(), z.array(z.string())]).optional(),
    /** IANA zone of timestamps written without an offset. Default Asia/Kolkata. */
    timeZone: z.string().refine(isTimeZone, { message: 'not a time zone this Node knows (e.g. Asia/Kolkata, America/New_York, UTC)' }).optional(),
    /** `YYYY-MM-DD`, `DD-MM-YYYY`, `MM-DD-YYYY`, `YYYYMMDD` or `DD-MON-YYYY` (any of - / . between); detected when left out. */
    dateFormat: z.string().optional(),
    /** Whether a row's time is the bar's open (default) or its close; `close` needs `timeframe`. */
    barTime: z.enum(['open', 'close']).optional(),
    /** Bar length (`1m`, `5m`, …) — needed to turn close-stamped intraday rows into open times. */
    timeframe: z.string().refine((s) => parseTimeframe(s) !== undefined, { message: 'a timeframe like 1m, 5m, 1h, 1d' }).optional(),
    /** Rows with the same time and different prices: refuse (default) or keep the first or the last. Identical repeats are always dropped. */
    duplicates: z.enum(['error', 'first', 'last']).optional(),
    /** Sort rows by time in memory first (memory grows with the file; default off: out-of-order rows are refused). */
    sort: z.boolean().optional(),
    /** Scale open/high/low/close by `Adj Close / Close` (Yahoo-style files). Default off: prices as traded. */
    adjusted: z.boolean().optional(),
    /** The file name shown in messages (default: the path as given). */
    name: z.string().optional(),
  })
  .strict();
export type CsvReadOptions = z.infer<typeof CsvReadOptionsSchema>;

/** The command-line flag of each option, as messages name them (the CLI uses these flags). */
const FLAGS: Readonly<Record<string, string>> = {
  columns: '--columns',
  timeZone: '--tz',
  dateFormat: '--date-format',
  barTime: '--bar-time',
  timeframe: '--tf',
  duplicates: '--duplicates',
  sort: '--sort',
  adjusted: '--adjusted',
};

/** Options with defaults applied and units resolved. */
export interface ResolvedCsvOptions {
  readonly name: string;
  readonly columns: string | readonly string[] | undefined;
  readonly timeZone: string;
  readonly dateOrder: DateOrder | undefined;
  readonly closeShiftMs: number;
  readonly duplicates: 'error' | 'first' | 'last';
  readonly sort: boolean;
  readonly adjusted: boolean;
}

/** Checks and resolves options; a bad one is a `BAD_OPTION` {@link DataError} naming it. */
export function resolveCsvOptions(path: string, options: CsvReadOptions): ResolvedCsvOptions {
  const parsed = CsvReadOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? '');
    throw new DataError('BAD_OPTION', `${FLAGS[key] ?? (key || 'CSV options')}: ${issue.message}`);
  }
  const o = parsed.data;
  let dateOrder: DateOrder | undefined;
  if (o.dateFormat !== undefined) {
    dateOrder = DATE_FORMATS[o.dateFormat.toUpperCase().replace(/[/.]/g, '-')];
    if (!dateOrder) throw new DataError('BAD_OPTION', `--date-format ${o.dateFormat}: use one of ${Object.keys(DATE_FORMATS).join(', ')}`);
  }
  if (o.barTime === 'close' && o.timeframe === undefined) {
    throw new DataError('BAD_OPTION', '--bar-time close needs --tf (the bar length) to find each bar\'s open time');
  }
  return {
    name: o.name ?? path,
    columns: o.columns,
    timeZone: o.timeZone ?? NSE_SESSION.timeZone,
    dateOrder,
    closeShiftMs: o.barTime === 'close' ? timeframeMs(o.timeframe!) : 0,
    duplicates: o.duplicates ?? 'error',
    sort: o.sort ?? false,
    adjusted: o.adjusted ?? false,
  };
}
