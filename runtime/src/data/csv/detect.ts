import { DataError } from '../candle-source.js';
import type { ZoneClock } from '../zone-clock.js';
import { complete, describeRoles, looksLikeHeader, parseColumnsOption, rolesFromContent, rolesFromHeader, type ColumnRole, type CsvLayout } from './columns.js';
import { RowParser } from './row-parser.js';
import { datePart, detectDateOrder, type DateOrder } from './timestamps.js';

/** The first lines of a file, split into fields, with their 1-based line numbers. */
export interface Sample {
  readonly rows: readonly (readonly string[])[];
  readonly lines: readonly number[];
}

export interface DetectOptions {
  readonly file: string;
  readonly zone: ZoneClock;
  /** `--columns`, when given: trusted over the header and the content. */
  readonly columns?: string | readonly string[];
  readonly dateOrder?: DateOrder;
}

/** A layout, or a layout whose date order the sample could not settle (`dd/mm` vs `mm/dd`). */
export type Detected = { layout: CsvLayout; notes: string[] } | { ambiguous: CsvLayout; notes: string[] };

/**
 * Decides what each column holds from the first rows of a file (see columns.ts for the rules)
 * and proves it: every sample row must parse into a valid candle under the chosen layout.
 * A header is used only when it names as many columns as the rows have and its reading passes
 * that proof — "headers that lie" (7 names over 8 columns) are read by content, with a note.
 */
export function detectLayout(sample: Sample, options: DetectOptions): Detected {
  const { file } = options;
  if (sample.rows.length === 0) throw new DataError('EMPTY_FILE', `${file}: the file has no rows`);
  const hasHeader = looksLikeHeader(sample.rows[0]!, sample.rows[1]);
  const header = hasHeader ? sample.rows[0]! : undefined;
  const rows = hasHeader ? sample.rows.slice(1) : sample.rows;
  const lines = hasHeader ? sample.lines.slice(1) : sample.lines;
  if (rows.length === 0) throw new DataError('EMPTY_FILE', `${file}: the file has a header but no rows`);
  const width = rows[0]!.length;
  rows.forEach((r, i) => {
    if (r.length !== width) throw new DataError('BAD_ROW', `${file}:${lines[i]}: has ${r.length} columns; the rows before it have ${width}`);
  });

  const notes: string[] = [];
  const candidates: { roles: ColumnRole[]; source: CsvLayout['source'] }[] = [];
  if (options.columns !== undefined) {
    const roles = parseColumnsOption(options.columns);
    if (typeof roles === 'string') throw new DataError('BAD_OPTION', `--columns: ${roles}`);
    if (roles.length !== width) throw new DataError('BAD_OPTION', `--columns names ${roles.length} columns but the rows of ${file} have ${width}`);
    candidates.push({ roles, source: 'option' });
  } else {
    if (header && header.length === width) {
      const roles = rolesFromHeader(header);
      if (roles) candidates.push({ roles, source: 'header' });
    } else if (header) {
      notes.push(`the header names ${header.length} columns but the rows have ${width}; the columns were mapped by their content`);
    }
    const byContent = rolesFromContent(rows);
    if (typeof byContent !== 'string') {
      if (!candidates.some((c) => c.roles.join() === byContent.join())) candidates.push({ roles: byContent, source: 'content' });
    } else if (candidates.length === 0) {
      throw new DataError('UNKNOWN_LAYOUT', `${file}: cannot tell which columns hold what: ${byContent}; name them with --columns (e.g. --columns date,time,open,high,low,close,volume)`);
    }
  }

  let firstFailure: DataError | undefined;
  for (const { roles, source } of candidates) {
    const timeAt = roles.findIndex((r) => r === 'date' || r === 'datetime');
    const order = roles.includes('epoch') ? 'ymd' : (options.dateOrder ?? detectDateOrder(rows.map((r) => datePart(r[timeAt]!.trim()))));
    if (order === undefined) {
      firstFailure ??= new DataError(
        'BAD_TIME',
        `${file}:${lines[0]}: column ${timeAt + 1} (${roles[timeAt]}): ${JSON.stringify(rows[0]![timeAt])} is not a date this reader knows (YYYY-MM-DD, DD-MM-YYYY, MM/DD/YYYY, YYYYMMDD, DD-Mon-YYYY, each with - / or . between)`,
      );
      continue;
    }
    const layout: CsvLayout = { roles, dateOrder: order === 'ambiguous' ? 'dmy' : order, source, hasHeader };
    const failure = proofFails(layout, rows, lines, options);
    if (failure) {
      // A bad cell is the row's fault, not the mapping's: report it. Only prices that
      // contradict their names (high below close, …) send us on to the next reading.
      if (source === 'header' && failure.code !== 'INCONSISTENT_BAR') throw failure;
      firstFailure ??= failure;
      continue;
    }
    if (source === 'content' && firstFailure) notes.push(`the header's names do not fit the rows (${firstFailure.message}); the columns were mapped by their content`);
    if (source !== 'option') notes.push(`columns: ${describeRoles(roles)}`);
    if (!roles.includes('volume')) notes.push('no volume column: every bar has volume 0 (vwap, mfi and obv have no meaning on this data)');
    return order === 'ambiguous' ? { ambiguous: layout, notes } : { layout, notes };
  }
  // One reading and it failed on a row: that row's own message says it best.
  if (candidates.length === 1 && firstFailure) throw firstFailure;
  throw new DataError(
    'UNKNOWN_LAYOUT',
    `${file}: cannot tell which columns hold what (${firstFailure?.message ?? 'no reading fits'}); name them with --columns, e.g. --columns date,time,open,high,low,close,volume`,
  );
}

function proofFails(layout: CsvLayout, rows: readonly (readonly string[])[], lines: readonly number[], options: DetectOptions): DataError | undefined {
  if (!complete(layout.roles)) return new DataError('UNKNOWN_LAYOUT', `${options.file}: the columns do not include a time, open, high, low and close`);
  const parser = new RowParser({ file: options.file, layout, zone: options.zone, closeShiftMs: 0, adjusted: false });
  try {
    rows.forEach((r, i) => parser.parse(r, lines[i]!));
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  return undefined;
}
