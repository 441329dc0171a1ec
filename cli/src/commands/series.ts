import { checkWritable, DataError, exportSeries, prepareRun } from '@algo/runtime';
import type { Command } from 'commander';
import type { RegisterCommand } from './index.js';
import { addRunOptions, mongoCandles, runSpecFrom, type RunFlags } from './run-inputs.js';

interface SeriesFlags extends RunFlags {
  out?: string;
  warmup?: boolean;
}

/**
 * `algo series <file.algo> --data … -o out.csv`: every `let` and indicator value per bar of
 * the run `algo backtest` makes with the same flags — Pine's data window, in a file — with
 * headers a trader reads (`upper`, `ema(close, 9)`), blank before each value's warm-up.
 * Streamed (memory flat however long the data); the file appears whole or not at all; an
 * output path that cannot be written is refused before the run starts.
 */
export const registerSeries: RegisterCommand = (program: Command) => {
  const cmd = program
    .command('series')
    .description('Write every let and indicator value per bar as CSV (a data window in a file)')
    .argument('<file>', 'the .algo strategy')
    .option('-o, --out <file>', 'CSV file to write (default: standard output)')
    .option('--warmup', 'also write the warm-up bars before --from');
  addRunOptions(cmd)
    .addHelpText(
      'after',
      `
Examples:
  algo series examples/01-banknifty-options-breakout.algo --data synth --from 2024-01-01 --to 2024-01-31 -o values.csv
  algo series breakout.algo --data tcs.csv --param lookback=30 | head

Columns: the bar's time (exchange time), instrument (when the strategy trades several), open,
high, low, close, volume, then each let by name and each indicator as written with param
values filled in. A blank cell: no value yet (warming up).
`,
    )
    .action(async (file: string, flags: SeriesFlags) => {
      process.exitCode = await run(file, flags);
    });
};

function fail(message: string): number {
  process.stderr.write(`algo series: ${message}\n`);
  return 1;
}

async function run(file: string, flags: SeriesFlags): Promise<number> {
  const spec = await runSpecFrom(file, flags);
  if (typeof spec === 'string') return fail(spec);
  const out = flags.out ?? '-';
  if (out !== '-') {
    const why = await checkWritable('-o', out);
    if (why) return fail(why);
  }
  const mongo = mongoCandles('algo series');
  try {
    const prepared = await prepareRun(spec, { candles: mongo.candles });
    if (!prepared.run) {
      for (const e of prepared.errors) process.stderr.write(prepared.diagnostics ? `${e}\n` : `algo series: ${e}\n`);
      return 1;
    }
    for (const n of prepared.run.opened.notes) process.stderr.write(`algo series: ${n}\n`);
    const written = await exportSeries(prepared.run, out, { ...(flags.warmup ? { warmup: true } : {}) });
    if (!written.value) {
      for (const e of written.errors) fail(e);
      return 1;
    }
    if (out !== '-') process.stderr.write(`wrote ${written.value.rows.toLocaleString('en-US')} bars × ${written.value.columns.length} values to ${out}\n`);
    return 0;
  } catch (e) {
    if (e instanceof DataError) return fail(e.message);
    throw e;
  } finally {
    await mongo.close();
  }
}
