import { createReadStream } from 'node:fs';
import type { Candle } from '../../market/candle.js';
import { DataError, type CandleSource } from '../candle-source.js';
import { zoneClock, type ZoneClock } from '../zone-clock.js';
import type { CsvLayout } from './columns.js';
import { detectLayout, type Sample } from './detect.js';
import { resolveCsvOptions, type CsvReadOptions, type ResolvedCsvOptions } from './options.js';
import { RowParser, splitFields } from './row-parser.js';
import { datePart, describeWall, detectDateOrder } from './timestamps.js';

/** What a read found, filled in as the file is read (complete once iteration ends). */
export interface CsvReport {
  layout: CsvLayout | undefined;
  /** Things the user should know: how the columns were mapped, dropped duplicates. */
  notes: string[];
  rows: number;
  candles: number;
  duplicatesDropped: number;
}

const SAMPLE_ROWS = 100;
/** How far to read looking for a date that settles day-first vs month-first. */
const MAX_AMBIGUOUS_ROWS = 100_000;

/**
 * A CSV file of candles as a {@link CandleSource}: streamed in 1 MB chunks (memory flat for any
 * file size), one batch of candles per chunk. The layout is detected from the first 100 rows
 * (or taken from `columns`), then every row is checked; the first row that cannot be used
 * rejects the iteration with a {@link DataError} such as
 * `prices.csv:1234: column 5 (close): "abc" is not a number`.
 *
 * Messages name options by their command-line flags (`--sort`, `--duplicates`, `--columns`,
 * `--date-format`, `--tz` for `timeZone`, `--tf` for `timeframe`), as `algo data import` spells them.
 *
 * Rows must come in time order (or pass `sort`). A row repeating the previous row's time with
 * the same values is dropped (and counted); with different values it is refused unless
 * `duplicates` says which to keep. Gaps in time are kept as they are — markets close, and a
 * missing minute had no trades; nothing is filled in. Zero volume is allowed (indices carry none).
 */
export class CsvCandleSource implements CandleSource {
  readonly path: string;
  readonly options: ResolvedCsvOptions;
  readonly report: CsvReport = { layout: undefined, notes: [], rows: 0, candles: 0, duplicatesDropped: 0 };
  private readonly zone: ZoneClock;

  /** Throws a `BAD_OPTION` {@link DataError} for options that cannot work. */
  constructor(path: string, options: CsvReadOptions = {}) {
    this.path = path;
    this.options = resolveCsvOptions(path, options);
    this.zone = zoneClock(this.options.timeZone);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<readonly Candle[]> {
    const o = this.options;
    const report = this.report;
    // Each iteration reads the file afresh (a caller may check it once, then import it).
    report.rows = report.candles = report.duplicatesDropped = 0;
    report.notes.length = 0;
    report.layout = undefined;
    const sample: { rows: string[][]; lines: number[] } = { rows: [], lines: [] };
    let parser: RowParser | undefined;
    let ambiguous: CsvLayout | undefined;
    let prev: Candle | undefined;
    let prevLine = 0;
    let firstDup = 0;
    let batch: Candle[] = [];
    const sorted: { c: Candle; line: number }[] = [];

    const accept = (c: Candle, line: number): void => {
      if (prev === undefined || c.t > prev.t) {
        if (prev) batch.push(prev);
        prev = c;
        prevLine = line;
        return;
      }
      if (c.t < prev.t) {
        throw new DataError('OUT_OF_ORDER', `${o.name}:${line}: ${this.when(c.t)} comes before ${this.when(prev.t)} on line ${prevLine}; rows must be in time order (--sort sorts the file in memory first)`);
      }
      const same = c.o === prev.o && c.h === prev.h && c.l === prev.l && c.c === prev.c && c.v === prev.v && c.oi === prev.oi;
      if (!same && o.duplicates === 'error') {
        throw new DataError('DUPLICATE_TIME', `${o.name}:${line}: ${this.when(c.t)} appears again (line ${prevLine}) with different prices; say which to keep with --duplicates first or --duplicates last`);
      }
      report.duplicatesDropped++;
      firstDup ||= line;
      if (!same && o.duplicates === 'last') {
        prev = c;
        prevLine = line;
      }
    };
    const take = (fields: string[], line: number): void => {
      report.rows++;
      const c = parser!.parse(fields, line);
      if (o.sort) sorted.push({ c, line });
      else accept(c, line);
    };
    const begin = (layout: CsvLayout): void => {
      parser = this.parserFor(layout);
      report.layout = layout;
      ambiguous = undefined;
      for (let i = layout.hasHeader ? 1 : 0; i < sample.rows.length; i++) take(sample.rows[i]!, sample.lines[i]!);
      sample.rows.length = 0;
      sample.lines.length = 0;
    };
    const detect = (): void => {
      const found = detectLayout(sample, { file: o.name, zone: this.zone, columns: o.columns, dateOrder: o.dateOrder });
      report.notes.push(...found.notes);
      if ('ambiguous' in found) ambiguous = found.ambiguous;
      else begin(found.layout);
    };
    const undecidable = (): DataError => {
      const at = dateColumn(ambiguous!);
      const example = sample.rows[ambiguous!.hasHeader ? 1 : 0]![at];
      return new DataError(
        'UNKNOWN_LAYOUT',
        `${o.name}: dates like ${JSON.stringify(example)} could be day-first or month-first and no row settles it; pass --date-format DD-MM-YYYY or --date-format MM-DD-YYYY`,
      );
    };
    const line = (text: string, no: number): void => {
      if (text.length === 0 || text.trim().length === 0) return;
      const fields = splitFields(text);
      if (parser) return take(fields, no);
      sample.rows.push(fields);
      sample.lines.push(no);
      if (ambiguous) {
        // Keep reading until one date has a part above 12.
        const order = detectDateOrder([datePart((fields[dateColumn(ambiguous)] ?? '').trim())]);
        if (order === 'dmy' || order === 'mdy') begin({ ...ambiguous, dateOrder: order });
        else if (sample.rows.length >= MAX_AMBIGUOUS_ROWS) throw undecidable();
      } else if (sample.rows.length > SAMPLE_ROWS) detect();
    };

    let lineNo = 0;
    let rest = '';
    try {
      for await (const chunk of createReadStream(this.path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
        let text = rest + (chunk as string);
        if (lineNo === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        let start = 0;
        for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
          const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
          line(text.slice(start, end), ++lineNo);
          start = nl + 1;
        }
        rest = text.slice(start);
        if (batch.length > 0) {
          report.candles += batch.length;
          yield batch;
          batch = [];
        }
      }
    } catch (e) {
      if (e instanceof DataError) throw e;
      const err = e as NodeJS.ErrnoException;
      if (err.syscall) throw new DataError('FILE_UNREADABLE', `${o.name}: cannot read the file (${err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'it is a folder' : (err.code ?? err.message)})`);
      throw e;
    }
    if (rest.length > 0) line(rest.endsWith('\r') ? rest.slice(0, -1) : rest, ++lineNo);
    if (!parser && !ambiguous) detect();
    if (!parser) throw undecidable();
    if (o.sort) for (const { c, line: at } of sorted.sort((a, b) => a.c.t - b.c.t)) accept(c, at);
    if (prev) batch.push(prev);
    if (report.duplicatesDropped > 0) report.notes.push(`dropped ${report.duplicatesDropped} row(s) repeating the time of the row before (first on line ${firstDup})`);
    for (let i = 0; i < batch.length; i += 8192) {
      const part = batch.slice(i, i + 8192);
      report.candles += part.length;
      yield part;
    }
  }

  private parserFor(layout: CsvLayout): RowParser {
    return new RowParser({ file: this.options.name, layout, zone: this.zone, closeShiftMs: this.options.closeShiftMs, adjusted: this.options.adjusted });
  }

  private when(t: number): string {
    return describeWall(this.zone.toWall(t));
  }
}

function dateColumn(layout: CsvLayout): number {
  return layout.roles.findIndex((r) => r === 'date' || r === 'datetime');
}

/** Opens a CSV file of candles as a {@link CandleSource} (see {@link CsvCandleSource}). */
export function readCsvCandles(path: string, options: CsvReadOptions = {}): CsvCandleSource {
  return new CsvCandleSource(path, options);
}
