import { readFile } from 'node:fs/promises';
import { compile, type ParamValue, type RuleGraph } from '@algo/compiler';
import { formatClock, formatDiagnostic, hoursOf } from '@algo/language';
import {
  DataError,
  ExchangeSessionSchema,
  openData,
  openStorage,
  parseDataSpecs,
  resolveMongo,
  runBacktest,
  warmupBars,
  zoneClock,
  type BacktestResult,
  type ExchangeSession,
  type InstrumentSpec,
} from '@algo/runtime';
import type { Command } from 'commander';
import { runRemoteBacktest, type RemoteBacktestFlags } from './backtest-remote.js';
import { ReportOutput } from './backtest-report.js';
import { runSweepCommand, type SweepFlags } from './backtest-sweep.js';
import type { RegisterCommand } from './index.js';

interface BacktestFlags {
  data: string[];
  from?: string;
  to?: string;
  tf?: string;
  param: string[];
  seed: string;
  fill?: string;
  intrabar?: string;
  json?: boolean;
  trades: string;
  maxTrades: string;
  lotSize?: string;
  tickSize?: string;
  columns?: string;
  dateFormat?: string;
  sort?: boolean;
  duplicates?: string;
  remote?: boolean;
  server?: string;
  report?: string;
  sweep?: string | true;
}

const collect = (v: string, all: string[]) => [...all, v];

/**
 * `algo backtest <file.algo> --data …`: compiles the strategy, streams its bars through
 * the strategy core and the simulated broker, and prints a summary and the trades (or, with
 * `--json`, the result object — the same shape stored in `backtest_results`). A progress bar
 * runs on stderr when it is a terminal. Compile errors, bad flags and bad data print one
 * readable message each and exit 1; nothing else is written.
 */
export const registerBacktest: RegisterCommand = (program: Command) => {
  program
    .command('backtest')
    .description('Backtest a strategy on CSV, stored or synthetic bars and print its results')
    .argument('<file>', 'the .algo strategy')
    .option('--data <spec>', 'bars for an instrument: a CSV file, SYMBOL=file.csv, synth[:SYMBOL], mongo[:SYMBOL] (repeat per instrument)', collect, [])
    .option('--from <date>', 'first trading day, YYYY-MM-DD (earlier bars only warm indicators up)')
    .option('--to <date>', 'last trading day, YYYY-MM-DD (included)')
    .option('--tf <timeframe>', 'timeframe of the bars in the data (default: detected); resampled to the strategy\'s')
    .option('--param <name=value>', 'override a param, e.g. lookback=30, sl=1.5%, use_filter=false (repeatable)', collect, [])
    .option('--seed <n>', 'seed of synthetic data', '1')
    .option('--fill <mode>', 'override the strategy: next_open or on_close')
    .option('--intrabar <reading>', 'when a bar reaches both stop and target: adverse (default) or favourable')
    .option('--json', 'print the result object as JSON instead of tables')
    .option('--trades <n>', 'trades to list in the table (0 for none)', '10')
    .option('--max-trades <n>', 'trades kept in the result object (0 for all; the summary counts every trade)', '5000')
    .option('--lot-size <n>', 'lot size of a futures/options instrument without an instrument master entry')
    .option('--tick-size <price>', 'tick size to use with --lot-size (default 0.05)')
    .option('--columns <roles>', 'CSV: role of each column, e.g. date,time,open,high,low,close,volume')
    .option('--date-format <format>', 'CSV: YYYY-MM-DD, DD-MM-YYYY, MM-DD-YYYY, YYYYMMDD or DD-MON-YYYY')
    .option('--sort', 'CSV: sort rows by time in memory first')
    .option('--duplicates <first|last>', 'CSV: which row to keep when a time repeats with different prices')
    .option('--remote', 'run it on the server you logged in to (data: synth or mongo), and print the stored result')
    .option('--server <url>', 'with --remote: the server (default: the one you logged in to)')
    .option('--report <file>', 'also write a self-contained HTML report (charts, trades and why, what the result depends on)')
    .option('--sweep [params]', 'run every combination of the param ranges (or of the named ones, comma-separated) in worker threads, ranked')
    .option('--rank-by <metric>', 'with --sweep: net_profit (default), sharpe, sortino, profit_factor, max_drawdown_pct, win_rate, cagr, …')
    .option('--top <n>', 'with --sweep: rows to print (default 20; --json prints all)')
    .option('--workers <n>', 'with --sweep: worker threads (default: one per core)')
    .option('--max-runs <n>', 'with --sweep: refuse grids with more combinations (default 10000)')
    .addHelpText(
      'after',
      `
Examples:
  algo backtest examples/02-rsi-pullback.algo --data synth --from 2024-01-01 --to 2024-06-30
  algo backtest breakout.algo --data tcs.csv --tf 1m --param lookback=30
  algo backtest set.algo --data "NSE_EQ|TCS=tcs.csv" --data "NSE_EQ|INFY=infy.csv" --json > result.json
  algo backtest examples/04-macd-bollinger.algo --data synth --report report.html
  algo backtest examples/01-banknifty-options-breakout.algo --data synth --sweep --rank-by sharpe --top 10

Fill model: market orders at the next bar's open (or the signal bar's close with fill on_close);
stops and targets inside each later bar, the adverse one first when a bar reaches both; gaps fill
at the open. See docs/LANGUAGE.md, "Backtest semantics".
`,
    )
    .action(async (file: string, flags: BacktestFlags) => {
      if (flags.remote) {
        process.exitCode = await runRemoteBacktest(file, flags as unknown as RemoteBacktestFlags);
        return;
      }
      if (flags.sweep !== undefined) {
        process.exitCode = await runSweepCommand(file, flags as SweepFlags);
        return;
      }
      try {
        process.exitCode = await run(file, flags);
      } catch (e) {
        if (!(e instanceof DataError)) throw e;
        process.exitCode = fail(e.message);
      }
    });
};

function fail(message: string): number {
  process.stderr.write(`algo backtest: ${message}\n`);
  return 1;
}

async function run(file: string, flags: BacktestFlags): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    return fail(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const params: Record<string, ParamValue> = {};
  for (const p of flags.param) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/.exec(p);
    if (!m) return fail(`--param ${p}: write name=value, e.g. lookback=30`);
    const v = m[2]!.trim();
    const n = v.endsWith('%') ? Number(v.slice(0, -1)) / 100 : Number(v);
    params[m[1]!] = v === 'true' ? true : v === 'false' ? false : n;
    if (typeof params[m[1]!] === 'number' && !Number.isFinite(n)) return fail(`--param ${p}: ${v} is not a number, a percent or true/false`);
  }
  for (const [flag, v, ok] of [['--fill', flags.fill, ['next_open', 'on_close']], ['--intrabar', flags.intrabar, ['adverse', 'favourable']], ['--duplicates', flags.duplicates, ['first', 'last']]] as const) {
    if (v !== undefined && !(ok as readonly string[]).includes(v)) return fail(`${flag} ${v}: ${ok.join(' or ')}`);
  }
  const seed = Number(flags.seed);
  if (!Number.isInteger(seed)) return fail(`--seed ${flags.seed}: a whole number`);
  const shown = Number(flags.trades);
  if (!Number.isInteger(shown) || shown < 0) return fail(`--trades ${flags.trades}: a whole number ≥ 0`);
  const maxTrades = Number(flags.maxTrades);
  if (!Number.isInteger(maxTrades) || maxTrades < 0) return fail(`--max-trades ${flags.maxTrades}: a whole number ≥ 0 (0 keeps every trade)`);
  const reportOut = flags.report ? await ReportOutput.open(flags.report) : undefined;
  if (typeof reportOut === 'string') return fail(reportOut);

  const compiled = compile(text, { params, uri: file });
  const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
  if (!compiled.graph || errors.length) {
    for (const d of errors.length ? errors : compiled.diagnostics) process.stderr.write(`${formatDiagnostic(file, d)}\n`);
    return 1;
  }
  const graph = compiled.graph;
  const s = graph.settings;
  const instruments = s.asset === 'options' ? [s.underlying ?? ''] : s.symbols;
  if (flags.data.length === 0) return fail(`--data is required: a CSV file, synth or mongo for ${instruments.join(', ')}`);
  const parsed = parseDataSpecs(flags.data, instruments);
  if ('error' in parsed) return fail(parsed.error);
  const hours = hoursOf(instruments[0] ?? '');
  const session: ExchangeSession = ExchangeSessionSchema.parse({ timeZone: s.timezone, open: formatClock(hours?.open ?? 555), close: formatClock(hours?.close ?? 930) });

  let cleanup = async () => {};
  try {
    const opened = await openData(parsed.specs, {
      timeframe: s.timeframe,
      session,
      asset: s.asset,
      seed,
      warmupBars: warmupBars(graph, session),
      ...(flags.from ? { from: flags.from } : {}),
      ...(flags.to ? { to: flags.to } : {}),
      ...(flags.tf ? { dataTimeframe: flags.tf } : {}),
      csv: {
        ...(flags.columns ? { columns: flags.columns } : {}),
        ...(flags.dateFormat ? { dateFormat: flags.dateFormat } : {}),
        ...(flags.sort ? { sort: true } : {}),
        ...(flags.duplicates ? { duplicates: flags.duplicates as 'first' | 'last' } : {}),
      },
      candles: async () => {
        const mongo = await resolveMongo({ purpose: 'cli', notify: (line) => process.stderr.write(`${line}\n`) });
        if (!mongo.ok) throw new DataError('BAD_OPTION', mongo.message);
        const storage = await openStorage({ url: mongo.value.url, ensureIndexes: false });
        if (!storage.ok) throw new DataError('BAD_OPTION', storage.message);
        cleanup = async () => {
          await storage.value.close();
          await mongo.value.stop();
        };
        return storage.value.historicalCandles;
      },
    });
    if (!flags.json) for (const n of opened.notes) process.stderr.write(`algo backtest: ${n}\n`);
    const spec = masterFrom(flags, opened.spec);
    if (typeof spec === 'string') return fail(spec);
    const progress = progressBar(opened.from, opened.to);
    const data = reportOut ? reportOut.tap(opened.data, s.timeframe, session, { ...(opened.from !== undefined ? { from: opened.from } : {}), ...(opened.to !== undefined ? { to: opened.to } : {}) }) : opened.data;
    const outcome = await runBacktest(graph, data, {
      exchange: { open: session.open, close: session.close },
      source: text,
      ...(spec ? { spec } : {}),
      ...(opened.optionChain ? { optionChain: opened.optionChain } : {}),
      ...(opened.from !== undefined ? { from: opened.from } : {}),
      ...(opened.to !== undefined ? { to: opened.to } : {}),
      ...(opened.startDate ? { startDate: opened.startDate } : {}),
      ...(opened.endDate ? { endDate: opened.endDate } : {}),
      ...(flags.fill ? { fill: flags.fill as 'next_open' | 'on_close' } : {}),
      ...(flags.intrabar ? { intrabar: flags.intrabar as 'adverse' | 'favourable' } : {}),
      onProgress: progress.update,
      progressEvery: 16_384,
      maxTrades,
    });
    progress.done();
    if (!outcome.result) {
      for (const e of outcome.errors) fail(e);
      return 1;
    }
    const written = reportOut ? await reportOut.write(outcome.result) : undefined;
    if (written?.error) return fail(written.error);
    process.stdout.write(flags.json ? `${JSON.stringify(outcome.result, null, 2)}\n` : report(outcome.result, graph, session, shown));
    if (written?.line) (flags.json ? process.stderr : process.stdout).write(`${written.line}\n`);
    return 0;
  } finally {
    await cleanup();
  }
}

/** The instrument master from `--lot-size`/`--tick-size`, over what the data supplies. */
function masterFrom(flags: BacktestFlags, base?: (key: string) => InstrumentSpec | undefined): ((key: string) => InstrumentSpec | undefined) | string | undefined {
  if (flags.lotSize === undefined && flags.tickSize === undefined) return base;
  const lot = Number(flags.lotSize ?? 1);
  const tick = Number(flags.tickSize ?? 0.05);
  if (!Number.isInteger(lot) || lot < 1) return `--lot-size ${flags.lotSize}: a whole number ≥ 1`;
  if (!(tick > 0)) return `--tick-size ${flags.tickSize}: a price > 0`;
  return (key) => base?.(key) ?? { key, kind: key.split('|')[0]?.endsWith('_FO') ? 'future' : 'equity', lot_size: lot, tick_size: tick };
}

/** A progress bar on stderr, redrawn at most 10 times a second, only on a terminal. */
function progressBar(from?: number, to?: number): { update: (bars: number, t: number) => void; done: () => void } {
  const tty = process.stderr.isTTY === true;
  const start = Date.now();
  let last = 0;
  let drawn = false;
  return {
    update(bars, t) {
      if (!tty || Date.now() - last < 100) return;
      last = Date.now();
      drawn = true;
      const secs = ((Date.now() - start) / 1000).toFixed(1);
      const count = `${bars.toLocaleString('en-US')} bars  ${secs}s`;
      if (from !== undefined && to !== undefined && to > from) {
        const f = Math.min(1, Math.max(0, (t - from) / (to - from)));
        const w = 30;
        process.stderr.write(`\r[${'#'.repeat(Math.round(f * w))}${'.'.repeat(w - Math.round(f * w))}] ${String(Math.floor(f * 100)).padStart(3)}%  ${count}`);
      } else process.stderr.write(`\r${count}`);
    },
    done() {
      if (drawn) process.stderr.write('\n');
    },
  };
}

const money = (x: number | null) => (x === null ? '—' : x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(2)}%`);
const num = (x: number | null, d = 2) => (x === null ? '—' : x.toFixed(d));

/** The summary and trade tables a trader reads in a terminal. */
export function report(r: BacktestResult, graph: RuleGraph, session: ExchangeSession, shown: number): string {
  const s = r.summary;
  const zone = zoneClock(session.timeZone);
  const daily = /^\d+[dw]$/.test(graph.settings.timeframe);
  const when = (t: number | null) => (t === null ? '—' : new Date(zone.toWall(t)).toISOString().slice(0, daily ? 10 : 16).replace('T', ' '));
  const p = r.run_parameters;
  const lines: string[] = [];
  lines.push(`${graph.settings.name} — ${p.data.map((d) => d.instrument).join(', ')}, ${p.timeframe} bars, ${when(s.first_bar)} .. ${when(s.last_bar)} (${s.bars.toLocaleString('en-US')} bars, ${s.days} days)`);
  lines.push('');
  const rows: [string, string, string, string][] = [
    ['Net profit', `${money(s.net_profit)} (${pct(s.net_profit_pct)})`, 'Trades', `${s.trades} (${s.winning_trades} won, ${s.losing_trades} lost)`],
    ['Gross profit / loss', `${money(s.gross_profit)} / ${money(s.gross_loss)}`, 'Win rate', pct(s.win_rate)],
    ['Profit factor', num(s.profit_factor), 'Avg trade', money(s.avg_trade)],
    ['Max drawdown', `${money(s.max_drawdown)} (${pct(s.max_drawdown_pct)})`, 'Avg win / loss', `${money(s.avg_win)} / ${money(s.avg_loss)}`],
    ['Sharpe / Sortino', `${num(s.sharpe)} / ${num(s.sortino)}`, 'Largest win / loss', `${money(s.largest_win)} / ${money(s.largest_loss)}`],
    ['CAGR', pct(s.cagr), 'Exposure', pct(s.exposure)],
    ['Buy & hold', pct(s.buy_and_hold_return), 'Costs paid', money(s.total_costs)],
    ['Final equity', money(s.final_equity), 'Ambiguous bars', `${s.ambiguous_bars}`],
  ];
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  for (const row of rows) lines.push(`  ${row[0].padEnd(w[0]!)}  ${row[1].padEnd(w[1]!)}    ${row[2].padEnd(w[2]!)}  ${row[3]}`);
  if (s.ambiguous_bars > 0) {
    lines.push(`  (on ${s.ambiguous_bars} bar${s.ambiguous_bars === 1 ? '' : 's'} both stop and target were in range: net profit is ${money(s.net_profit_pessimistic)} read adversely, ${money(s.net_profit_optimistic)} read favourably)`);
  }
  if (shown > 0 && r.trades.length > 0) {
    lines.push('');
    lines.push(`Trades (${Math.min(shown, r.trades.length)} of ${s.trades}${r.trades.length < s.trades ? `; the result lists ${r.trades.length}` : ''})`);
    const head = ['#', 'side', 'qty', 'entry', 'price', 'exit', 'price', 'why', 'net'];
    const body = r.trades.slice(0, shown).map((t, i) => [String(i + 1), t.side, String(t.qty), when(t.entry.time), money(t.entry.price), when(t.exit.time), money(t.exit.price), t.exit.reason === 'signal' ? t.exit.signal.rule : t.exit.reason, money(t.net_pnl)]);
    const cw = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
    const right = new Set([0, 2, 4, 6, 8]);
    for (const row of [head, ...body]) lines.push(`  ${row.map((c, i) => (right.has(i) ? c.padStart(cw[i]!) : c.padEnd(cw[i]!))).join('  ')}`);
  }
  for (const warning of s.warnings) lines.push(`\nnote: ${warning}`);
  lines.push('');
  lines.push(`fingerprint ${p.fingerprint.slice(0, 16)} (source ${p.source_hash.slice(0, 12)}, compiler ${p.compiler.version}, engine ${p.engine.version}, data ${p.data_hash.slice(0, 12)}, costs: ${p.costs.commission}, slippage ${p.costs.slippage}, fill ${p.fill}, intrabar ${p.intrabar})`);
  return `${lines.join('\n')}\n`;
}
