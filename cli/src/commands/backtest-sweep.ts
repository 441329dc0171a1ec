import { compile } from '@algo/compiler';
import { formatDiagnostic } from '@algo/language';
import {
  DataError,
  DEFAULT_MAX_RUNS,
  parseRankMetric,
  prepareRun,
  RANK_METRICS,
  runBacktest,
  runSweep,
  sweepGrid,
  type RankMetric,
  type RunSpec,
  type SweepAxis,
  type SweepRow,
} from '@algo/runtime';
import { ReportOutput } from './backtest-report.js';
import { runSpecFrom, type RunFlags } from './run-inputs.js';

/** The flags of `algo backtest --sweep`. */
export interface SweepFlags extends RunFlags {
  sweep: string | true;
  rankBy?: string;
  top?: string;
  workers?: string;
  maxRuns?: string;
  json?: boolean;
  report?: string;
}

export const SWEEP_FORMAT = 'algo.sweep/v1';

function fail(message: string): number {
  process.stderr.write(`algo backtest: ${message}\n`);
  return 1;
}

const whole = (flag: string, v: string | undefined, min: number): number | string | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isInteger(n) && n >= min ? n : `${flag} ${v}: a whole number ≥ ${min}`;
};

/**
 * `algo backtest <file> --data … --sweep [names]`: every combination of the declared param
 * ranges (or of the named params' ranges), run in worker threads, ranked by `--rank-by`
 * (net profit unless told) with ties broken by the params, printed as a table (`--top N`
 * rows) or `--json`. Refuses, in one line, a strategy with nothing to sweep, a named param
 * without a range, and a grid larger than `--max-runs` (saying how large). With `--report`,
 * the best combination is run once more and its report written.
 */
export async function runSweepCommand(file: string, flags: SweepFlags): Promise<number> {
  const spec = await runSpecFrom(file, flags);
  if (typeof spec === 'string') return fail(spec);
  if (spec.data.some((d) => /^mongo(:|$)/.test(d))) return fail('--sweep runs on CSV files or synthetic data (its worker threads do not open the database); backtest mongo data one param set at a time');
  const metric: RankMetric | undefined = flags.rankBy === undefined ? 'net_profit' : parseRankMetric(flags.rankBy);
  if (!metric) return fail(`--rank-by ${flags.rankBy}: one of ${Object.keys(RANK_METRICS).join(', ')}`);
  const workers = whole('--workers', flags.workers, 1);
  const top = whole('--top', flags.top, 1);
  const maxRuns = whole('--max-runs', flags.maxRuns, 1);
  for (const v of [workers, top, maxRuns]) if (typeof v === 'string') return fail(v);
  const report = flags.report ? await ReportOutput.open(flags.report) : undefined;
  if (typeof report === 'string') return fail(report);

  const compiled = compile(spec.source, { params: spec.params, uri: file });
  if (!compiled.graph || compiled.diagnostics.some((d) => d.severity === 'error')) {
    for (const d of compiled.diagnostics.filter((x) => x.severity === 'error')) process.stderr.write(`${formatDiagnostic(file, d)}\n`);
    return 1;
  }
  const graph = compiled.graph;
  const only = flags.sweep === true ? undefined : flags.sweep.split(',').map((s) => s.trim()).filter(Boolean);
  const planned = sweepGrid({ params: graph.params, strategy: graph.settings.name, ...(only ? { only } : {}), fixed: spec.params, maxRuns: (maxRuns as number | undefined) ?? DEFAULT_MAX_RUNS });
  if (!planned.grid) return fail(planned.error);
  const grid = planned.grid;

  // Check the data once here, so a wrong --data or date is one line, not one per worker.
  try {
    const first = await prepareRun(spec);
    if (!first.run) {
      for (const e of first.errors) process.stderr.write(first.diagnostics ? `${e}\n` : `algo backtest: ${e}\n`);
      return 1;
    }
    if (!flags.json) for (const n of first.run.opened.notes) process.stderr.write(`algo backtest: ${n}\n`);
  } catch (e) {
    if (e instanceof DataError) return fail(e.message);
    throw e;
  }

  const started = Date.now();
  const progress = sweepProgress();
  const outcome = await runSweep(spec, grid, { rankBy: metric, ...(workers !== undefined ? { workers: workers as number } : {}), onProgress: progress.update });
  progress.done();
  if (!outcome.rows) return fail(outcome.fatal);
  const seconds = (Date.now() - started) / 1000;
  const shown = top === undefined ? (flags.json ? outcome.rows.length : 20) : (top as number);

  let reportLine: string | undefined;
  const best = outcome.rows[0];
  if (report && best?.figures) {
    const written = await bestReport(spec, best, report);
    if (written.error) return fail(written.error);
    reportLine = written.line;
  }

  if (flags.json) {
    const doc = {
      format: SWEEP_FORMAT,
      strategy: graph.settings.name,
      rank_by: metric,
      grid: Object.fromEntries(grid.axes.map((a) => [a.name, a.values])),
      fixed: spec.params,
      runs: grid.size,
      workers: outcome.workers,
      seconds,
      rows: outcome.rows.slice(0, shown),
    };
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    if (reportLine) process.stderr.write(`${reportLine}\n`);
    return 0;
  }
  process.stdout.write(table(graph.settings.name, grid.axes, outcome.rows, metric, shown, outcome.workers, seconds));
  if (best?.figures) process.stdout.write(`\nBest: ${reproduce(file, flags, best)}\n`);
  if (reportLine) process.stdout.write(`${reportLine}\n`);
  return 0;
}

/** Runs the best combination once more in this process and writes its report. */
async function bestReport(spec: RunSpec, best: SweepRow, out: ReportOutput): Promise<{ line: string; error?: undefined } | { line?: undefined; error: string }> {
  const prepared = await prepareRun({ ...spec, params: { ...spec.params, ...best.params } });
  if (!prepared.run) return { error: prepared.errors.join('; ') };
  const { run } = prepared;
  const data = out.tap(run.opened.data, run.graph.settings.timeframe, run.session, { ...(run.options.from !== undefined ? { from: run.options.from } : {}), ...(run.options.to !== undefined ? { to: run.options.to } : {}) });
  const outcome = await runBacktest(run.graph, data, run.options);
  if (!outcome.result) return { error: outcome.errors.join('; ') };
  return out.write(outcome.result);
}

/** A param value as written: percents as `1.5%`. */
function shownValue(axis: SweepAxis | undefined, v: number | boolean): string {
  if (typeof v === 'boolean') return String(v);
  return axis?.type === 'percent' ? `${Number((v * 100).toPrecision(10))}%` : String(v);
}

const money = (x: number | null) => (x === null ? '—' : x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(2)}%`);
const num = (x: number | null) => (x === null ? '—' : x === Infinity ? '∞' : x.toFixed(2));

function table(strategy: string, axes: readonly SweepAxis[], rows: readonly SweepRow[], metric: RankMetric, shown: number, workers: number, seconds: number): string {
  const ok = rows.filter((r) => r.figures);
  const failed = rows.filter((r) => !r.figures);
  const shape = axes.map((a) => `${a.name} ${a.values.length}`).join(' × ');
  const lines = [`Sweep of "${strategy}": ${rows.length.toLocaleString('en-US')} runs (${shape}), ranked by ${RANK_METRICS[metric].label} — ${workers} worker${workers === 1 ? '' : 's'}, ${seconds.toFixed(1)}s`, ''];
  const metricCols: [string, (r: SweepRow) => string][] = [
    ['net profit', (r) => money(r.figures!.net_profit)],
    ['net %', (r) => pct(r.figures!.net_profit_pct)],
    ['trades', (r) => String(r.figures!.trades)],
    ['win rate', (r) => pct(r.figures!.win_rate)],
    ['profit factor', (r) => num(r.figures!.profit_factor === null && r.figures!.gross_profit > 0 ? Infinity : r.figures!.profit_factor)],
    ['max DD %', (r) => pct(r.figures!.max_drawdown_pct)],
    ['Sharpe', (r) => num(r.figures!.sharpe)],
  ];
  const extra: Partial<Record<RankMetric, [string, (r: SweepRow) => string]>> = {
    sortino: ['Sortino', (r) => num(r.figures!.sortino)],
    cagr: ['CAGR', (r) => pct(r.figures!.cagr)],
    avg_trade: ['avg trade', (r) => money(r.figures!.avg_trade)],
    max_drawdown: ['max DD', (r) => money(r.figures!.max_drawdown)],
    net_profit_pessimistic: ['pessimistic', (r) => money(r.figures!.net_profit_pessimistic)],
  };
  if (extra[metric]) metricCols.push(extra[metric]!);
  const head = ['#', ...axes.map((a) => a.name), ...metricCols.map(([h]) => h)];
  const body = ok.slice(0, shown).map((r, i) => [String(i + 1), ...axes.map((a) => shownValue(a, r.params[a.name]!)), ...metricCols.map(([, f]) => f(r))]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  for (const row of [head, ...body]) lines.push(`  ${row.map((c, i) => c.padStart(w[i]!)).join('  ')}`);
  if (ok.length > shown) lines.push('', `(${shown} of ${ok.length} shown; --top N for more, --json for every run)`);
  if (failed.length) {
    lines.push('', `${failed.length} combination${failed.length === 1 ? '' : 's'} could not run:`);
    for (const r of failed.slice(0, 10)) lines.push(`  ${axes.map((a) => `${a.name}=${shownValue(a, r.params[a.name]!)}`).join(' ')}: ${r.error!.split('\n')[0]}`);
  }
  return `${lines.join('\n')}\n`;
}

const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The `algo backtest` line that reproduces one row (and writes its report). */
function reproduce(file: string, flags: SweepFlags, row: SweepRow): string {
  const args = ['algo', 'backtest', file];
  for (const d of flags.data) args.push('--data', d);
  if (flags.from) args.push('--from', flags.from);
  if (flags.to) args.push('--to', flags.to);
  if (flags.tf) args.push('--tf', flags.tf);
  if (flags.seed !== '1') args.push('--seed', flags.seed);
  for (const p of flags.param) args.push('--param', p);
  for (const [k, v] of Object.entries(row.params)) args.push('--param', `${k}=${v}`);
  args.push('--report', 'report.html');
  return args.map(quote).join(' ');
}

function sweepProgress(): { update: (done: number, total: number) => void; done: () => void } {
  const tty = process.stderr.isTTY === true;
  let drawn = false;
  let last = 0;
  return {
    update(done, total) {
      if (!tty || (Date.now() - last < 100 && done < total)) return;
      last = Date.now();
      drawn = true;
      const w = 30;
      const f = done / total;
      process.stderr.write(`\r[${'#'.repeat(Math.round(f * w))}${'.'.repeat(w - Math.round(f * w))}] ${done}/${total} runs`);
    },
    done() {
      if (drawn) process.stderr.write('\n');
    },
  };
}
