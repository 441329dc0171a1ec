import { DataError, synthCandles, writeCandlesCsv } from '@algo/runtime';
import type { Command } from 'commander';
import type { RegisterCommand } from './index.js';
import { registerImport } from './data-import.js';

/**
 * Adds one sub-command to `algo data` (the group is built by {@link registerData}). Another
 * part adds its own sub-command by writing a registrar like {@link registerSynth} and listing
 * it in {@link dataCommands} — one line.
 */
export type RegisterDataCommand = (data: Command) => void;

/**
 * `algo data synth`: writes deterministic synthetic candles (see the runtime's `synthCandles`)
 * as CSV — the same data `--data synth:SYMBOL` gives a backtest. Bad options print one line
 * naming the option and exit 1; the output file appears only when complete.
 */
export const registerSynth: RegisterDataCommand = (data) => {
  data
    .command('synth')
    .description('Generate deterministic synthetic candles (NSE session, weekdays) as CSV')
    .requiredOption('--symbol <key>', 'instrument key, e.g. "NSE_EQ|RELIANCE" (part of the seed)')
    .requiredOption('--from <date>', 'first date, YYYY-MM-DD (exchange time)')
    .requiredOption('--to <date>', 'last date, YYYY-MM-DD (included)')
    .option('--tf <timeframe>', 'bar timeframe, 1m or higher', '1m')
    .option('--seed <n>', 'any whole number; the same seed gives the same candles', '1')
    .option('--base-price <price>', 'price level the series moves around (default: from the symbol)')
    .option('-o, --out <file>', 'CSV file to write (default: standard output)')
    .addHelpText('after', '\nExample:\n  algo data synth --symbol "NSE_EQ|TCS" --from 2024-01-01 --to 2024-03-31 --tf 5m --seed 7 -o tcs.csv\n')
    .action(async (opts: { symbol: string; from: string; to: string; tf: string; seed: string; basePrice?: string; out?: string }) => {
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed)) return fail('synth', `--seed ${opts.seed}: a whole number, e.g. 7`);
      const basePrice = opts.basePrice === undefined ? undefined : Number(opts.basePrice);
      if (basePrice !== undefined && !(basePrice >= 1)) return fail('synth', `--base-price ${opts.basePrice}: a price of at least 1`);
      const out = opts.out ?? '-';
      try {
        const source = synthCandles({ symbol: opts.symbol, from: opts.from, to: opts.to, timeframe: opts.tf, seed, ...(basePrice ? { basePrice } : {}) });
        const n = await writeCandlesCsv(source, out);
        const summary = `wrote ${n} ${opts.tf} candles of ${opts.symbol} (${opts.from} .. ${opts.to}, seed ${seed})`;
        if (out === '-') process.stderr.write(`${summary}\n`);
        else process.stdout.write(`${summary} to ${out}\n`);
      } catch (e) {
        if (e instanceof DataError) return fail('synth', e.message);
        throw e;
      }
    });
};

/** The `algo data` sub-commands, in help order. Add yours here. */
export const dataCommands: RegisterDataCommand[] = [registerSynth, registerImport];

/** `algo data`: the group of market-data commands. */
export const registerData: RegisterCommand = (program) => {
  const data = program.command('data').description('Market data: generate, import and check candles');
  for (const register of dataCommands) register(data);
};

function fail(command: string, message: string): void {
  process.stderr.write(`algo data ${command}: ${message}\n`);
  process.exitCode = 1;
}
