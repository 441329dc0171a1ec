import { DataError, openStorage, readCsvCandles, resolveMongo } from '@algo/runtime';
import type { CsvReadOptions } from '@algo/runtime';
import { parseTimeframe } from '@algo/language';
import type { RegisterDataCommand } from './data.js';

/**
 * `algo data import <csv> --symbol KEY --tf 1m`: candles from a CSV file into MongoDB
 * `historical_candles` (the backtester's `--data mongo:KEY`). The file is read twice: once
 * to check every row (a bad row is reported with its line and column and nothing is
 * written), then to import with a progress bar on stderr. Re-importing is safe: candles
 * with the same time replace the stored ones, never duplicate them. Uses `MONGO_URL`, else
 * an embedded mongod with its persistent data directory; it refuses the offline stand-in,
 * which would forget the import when the command ends.
 */
export const registerImport: RegisterDataCommand = (data) => {
  data
    .command('import')
    .description('Import candles from a CSV file into MongoDB (historical_candles); re-importing replaces, never duplicates')
    .argument('<csv>', 'CSV file of candles (columns detected; see --columns)')
    .requiredOption('--symbol <key>', 'instrument key, e.g. "NSE_EQ|TCS"')
    .requiredOption('--tf <timeframe>', 'timeframe of the rows, e.g. 1m, 5m, 1d')
    .option('--tz <zone>', 'time zone of timestamps without an offset (default Asia/Kolkata)')
    .option('--date-format <format>', 'YYYY-MM-DD, DD-MM-YYYY, MM-DD-YYYY, YYYYMMDD or DD-MON-YYYY (default: detected)')
    .option('--columns <roles>', 'role of each column, e.g. date,time,open,high,low,close,volume')
    .option('--bar-time <open|close>', 'whether a row is stamped with its bar\'s open (default) or close time')
    .option('--duplicates <first|last>', 'which row to keep when a time repeats with different prices')
    .option('--sort', 'sort rows by time in memory first (out-of-order rows are refused otherwise)')
    .addHelpText('after', '\nExample:\n  algo data import tcs.csv --symbol "NSE_EQ|TCS" --tf 1m\n  algo backtest rsi.algo --data "mongo:NSE_EQ|TCS"\n')
    .action(async (file: string, opts: ImportOptions) => {
      try {
        process.exitCode = await runImport(file, opts);
      } catch (e) {
        if (!(e instanceof DataError)) throw e;
        fail(e.message);
      }
    });
};

interface ImportOptions {
  symbol: string;
  tf: string;
  tz?: string;
  dateFormat?: string;
  columns?: string;
  barTime?: string;
  duplicates?: string;
  sort?: boolean;
}

const INSTRUMENT_KEY = /^[A-Z][A-Z0-9_]*\|[^|{}\r\n]{1,64}$/;

async function runImport(file: string, opts: ImportOptions): Promise<number> {
  if (!INSTRUMENT_KEY.test(opts.symbol)) return fail(`--symbol ${opts.symbol}: an instrument key like "NSE_EQ|TCS" (EXCHANGE_SEGMENT|SYMBOL)`);
  if (!parseTimeframe(opts.tf)) return fail(`--tf ${opts.tf}: a timeframe like 1m, 5m, 15m, 1h, 1d`);
  if (opts.barTime !== undefined && opts.barTime !== 'open' && opts.barTime !== 'close') return fail(`--bar-time ${opts.barTime}: open or close`);
  if (opts.duplicates !== undefined && opts.duplicates !== 'first' && opts.duplicates !== 'last') return fail(`--duplicates ${opts.duplicates}: first or last`);
  const csv: CsvReadOptions = {
    timeframe: opts.tf,
    ...(opts.tz ? { timeZone: opts.tz } : {}),
    ...(opts.dateFormat ? { dateFormat: opts.dateFormat } : {}),
    ...(opts.columns ? { columns: opts.columns } : {}),
    ...(opts.barTime ? { barTime: opts.barTime as 'open' | 'close' } : {}),
    ...(opts.duplicates ? { duplicates: opts.duplicates as 'first' | 'last' } : {}),
    ...(opts.sort ? { sort: true } : {}),
  };

  // Pass 1: every row checked before anything is written.
  const check = readCsvCandles(file, csv);
  let total = 0;
  for await (const batch of check) total += batch.length;
  for (const note of check.report.notes) process.stderr.write(`algo data import: ${note}\n`);
  if (total === 0) return fail(`${file}: no candles in the file`);

  const mongo = await resolveMongo({ purpose: 'cli', notify: (line) => process.stderr.write(`${line}\n`) });
  if (!mongo.ok) return fail(mongo.message);
  try {
    if (mongo.value.kind === 'standin') {
      return fail('refusing to import into the offline stand-in, which forgets everything when this command ends — run `algo db serve` in another terminal and set the MONGO_URL it prints');
    }
    const opened = await openStorage({ url: mongo.value.url });
    if (!opened.ok) return fail(opened.message);
    const storage = opened.value;
    try {
      const bar = progressBar(total);
      const s = await storage.historicalCandles.importSource({ instrument: opts.symbol, timeframe: opts.tf }, readCsvCandles(file, csv), { onProgress: bar.update });
      bar.done();
      const days = (await storage.historicalCandles.coverage({ instrument: opts.symbol, timeframe: opts.tf }))?.days ?? 0;
      process.stdout.write(
        `imported ${fmt(s.candles)} ${opts.tf} candles of ${opts.symbol} from ${file} into historical_candles: ${fmt(s.inserted)} new, ${fmt(s.replaced)} replaced (${fmt(days)} days stored)\n`,
      );
      return 0;
    } finally {
      await storage.close();
    }
  } finally {
    await mongo.value.stop();
  }
}

/** A progress bar redrawn in place on a terminal; silent when stderr is not one (logs, pipes, tests). */
function progressBar(total: number): { update: (done: number) => void; done: () => void } {
  const tty = process.stderr.isTTY === true;
  let shown = -1;
  return {
    update: (done) => {
      if (!tty) return;
      const pct = Math.floor((done / total) * 100);
      if (pct === shown) return;
      shown = pct;
      const width = 30;
      const filled = Math.round((done / total) * width);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(pct).padStart(3)}%  ${fmt(done)}/${fmt(total)} candles`);
    },
    done: () => {
      if (tty && shown >= 0) process.stderr.write('\n');
    },
  };
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function fail(message: string): number {
  process.stderr.write(`algo data import: ${message}\n`);
  process.exitCode = 1;
  return 1;
}
