import { readFile } from 'node:fs/promises';
import { DataError, openStorage, resolveMongo, RunSpecSchema, type HistoricalCandlesRepository, type RunSpec } from '@algo/runtime';
import type { Command } from 'commander';

/**
 * The inputs of one backtest as `algo explain`, `algo series` and `algo backtest --sweep`
 * take them — the same flags, meanings and messages as `algo backtest` — turned into a
 * `RunSpec` (the runtime's JSON description of a run), plus the Mongo opener for
 * `--data mongo`, which must be closed when the command is done.
 */
export interface RunFlags {
  data: string[];
  from?: string;
  to?: string;
  tf?: string;
  param: string[];
  seed: string;
  fill?: string;
  intrabar?: string;
  lotSize?: string;
  tickSize?: string;
  columns?: string;
  dateFormat?: string;
  sort?: boolean;
  duplicates?: string;
}

const collect = (v: string, all: string[]) => [...all, v];

/** Adds the run flags to a command. */
export function addRunOptions(cmd: Command): Command {
  return cmd
    .option('--data <spec>', 'bars for an instrument: a CSV file, SYMBOL=file.csv, synth[:SYMBOL], mongo[:SYMBOL] (repeat per instrument)', collect, [])
    .option('--from <date>', 'first trading day, YYYY-MM-DD (earlier bars only warm indicators up)')
    .option('--to <date>', 'last trading day, YYYY-MM-DD (included)')
    .option('--tf <timeframe>', "timeframe of the bars in the data (default: detected); resampled to the strategy's")
    .option('--param <name=value>', 'override a param, e.g. lookback=30, sl=1.5%, use_filter=false (repeatable)', collect, [])
    .option('--seed <n>', 'seed of synthetic data', '1')
    .option('--fill <mode>', 'override the strategy: next_open or on_close')
    .option('--intrabar <reading>', 'when a bar reaches both stop and target: adverse (default) or favourable')
    .option('--lot-size <n>', 'lot size of a futures/options instrument without an instrument master entry')
    .option('--tick-size <price>', 'tick size to use with --lot-size (default 0.05)')
    .option('--columns <roles>', 'CSV: role of each column, e.g. date,time,open,high,low,close,volume')
    .option('--date-format <format>', 'CSV: YYYY-MM-DD, DD-MM-YYYY, MM-DD-YYYY, YYYYMMDD or DD-MON-YYYY')
    .option('--sort', 'CSV: sort rows by time in memory first')
    .option('--duplicates <first|last>', 'CSV: which row to keep when a time repeats with different prices');
}

/** `--param name=value` values as stored (a percent as a fraction), or the message for the first bad one. */
export function parseParams(list: readonly string[]): Record<string, number | boolean> | string {
  const params: Record<string, number | boolean> = {};
  for (const p of list) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/.exec(p);
    if (!m) return `--param ${p}: write name=value, e.g. lookback=30`;
    const v = m[2]!.trim();
    if (v === 'true' || v === 'false') {
      params[m[1]!] = v === 'true';
      continue;
    }
    const n = v.endsWith('%') ? Number(v.slice(0, -1)) / 100 : Number(v);
    if (!Number.isFinite(n)) return `--param ${p}: ${v} is not a number, a percent or true/false`;
    params[m[1]!] = n;
  }
  return params;
}

/** Reads the strategy file and checks the flags; a message naming the flag (or file) when one is wrong. */
export async function runSpecFrom(file: string, flags: RunFlags): Promise<RunSpec | string> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (e) {
    return `${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`;
  }
  const params = parseParams(flags.param);
  if (typeof params === 'string') return params;
  for (const [flag, v, ok] of [['--fill', flags.fill, ['next_open', 'on_close']], ['--intrabar', flags.intrabar, ['adverse', 'favourable']], ['--duplicates', flags.duplicates, ['first', 'last']]] as const) {
    if (v !== undefined && !(ok as readonly string[]).includes(v)) return `${flag} ${v}: ${ok.join(' or ')}`;
  }
  const seed = Number(flags.seed);
  if (!Number.isInteger(seed)) return `--seed ${flags.seed}: a whole number`;
  const lot = flags.lotSize === undefined ? undefined : Number(flags.lotSize);
  if (lot !== undefined && (!Number.isInteger(lot) || lot < 1)) return `--lot-size ${flags.lotSize}: a whole number ≥ 1`;
  const tick = flags.tickSize === undefined ? undefined : Number(flags.tickSize);
  if (tick !== undefined && !(tick > 0)) return `--tick-size ${flags.tickSize}: a price > 0`;
  const csv = {
    ...(flags.columns ? { columns: flags.columns } : {}),
    ...(flags.dateFormat ? { dateFormat: flags.dateFormat } : {}),
    ...(flags.sort ? { sort: true } : {}),
    ...(flags.duplicates ? { duplicates: flags.duplicates as 'first' | 'last' } : {}),
  };
  return RunSpecSchema.parse({
    file,
    source,
    params,
    data: flags.data,
    seed,
    ...(flags.from ? { from: flags.from } : {}),
    ...(flags.to ? { to: flags.to } : {}),
    ...(flags.tf ? { tf: flags.tf } : {}),
    ...(flags.fill ? { fill: flags.fill } : {}),
    ...(flags.intrabar ? { intrabar: flags.intrabar } : {}),
    ...(lot !== undefined ? { lotSize: lot } : {}),
    ...(tick !== undefined ? { tickSize: tick } : {}),
    ...(Object.keys(csv).length ? { csv } : {}),
  });
}

/** Opens `historical_candles` on first use (for `--data mongo`); `close()` stops whatever it started. */
export function mongoCandles(command: string): { candles: () => Promise<HistoricalCandlesRepository>; close: () => Promise<void> } {
  let close = async () => {};
  return {
    candles: async () => {
      const mongo = await resolveMongo({ purpose: 'cli', notify: (line) => process.stderr.write(`${line}\n`) });
      if (!mongo.ok) throw new DataError('BAD_OPTION', `${command}: ${mongo.message}`);
      const storage = await openStorage({ url: mongo.value.url, ensureIndexes: false });
      if (!storage.ok) throw new DataError('BAD_OPTION', `${command}: ${storage.message}`);
      close = async () => {
        await storage.value.close();
        await mongo.value.stop();
      };
      return storage.value.historicalCandles;
    },
    close: () => close(),
  };
}
