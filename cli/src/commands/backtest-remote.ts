import { readFile } from 'node:fs/promises';
import { loggedInClient } from '@algo/api/client';
import { compile } from '@algo/compiler';
import { formatClock, formatDiagnostic, hoursOf } from '@algo/language';
import { ExchangeSessionSchema, type BacktestResult } from '@algo/runtime';
import { report } from './backtest.js';
import { parseParamFlags } from './compile.js';

/** The `algo backtest` flags the remote path reads (the rest are refused with --remote). */
export interface RemoteBacktestFlags {
  data: string[];
  from?: string;
  to?: string;
  param: string[];
  seed: string;
  json?: boolean;
  trades: string;
  server?: string;
  [flag: string]: unknown;
}

const LOCAL_ONLY: Record<string, string> = { tf: '--tf', fill: '--fill', intrabar: '--intrabar', lotSize: '--lot-size', tickSize: '--tick-size', columns: '--columns', dateFormat: '--date-format', sort: '--sort', duplicates: '--duplicates' };

function fail(message: string): number {
  process.stderr.write(`algo backtest: ${message}\n`);
  return 1;
}

/**
 * `algo backtest <file> --remote --data synth|mongo …`: checks the file locally (printing
 * diagnostics as `algo check` does), sends its source to the server (`POST /backtests`),
 * follows the run's progress over the WebSocket (a progress bar on a terminal), then
 * prints the stored result exactly as a local run prints its own — or, with `--json`, the
 * stored `backtest_results` document. Server-side data only: synthetic bars or
 * `historical_candles` (a server never reads a client's file path).
 */
export async function runRemoteBacktest(file: string, flags: RemoteBacktestFlags): Promise<number> {
  for (const [key, flag] of Object.entries(LOCAL_ONLY)) if (flags[key] !== undefined) return fail(`${flag} is for local runs; the server runs with the strategy's own settings`);
  const { params, error } = parseParamFlags(flags.param);
  if (error) return fail(error);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    return fail(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const local = compile(text, { params, uri: file });
  const errors = local.diagnostics.filter((d) => d.severity === 'error');
  if (!local.graph || errors.length) {
    for (const d of errors.length ? errors : local.diagnostics) process.stderr.write(`${formatDiagnostic(file, d)}\n`);
    return 1;
  }
  if (flags.data.length === 0) return fail('--data is required: synth or mongo (the server backtests on its synthetic or stored bars)');
  const seed = Number(flags.seed);
  if (!Number.isInteger(seed) || seed < 0) return fail(`--seed ${flags.seed}: a whole number ≥ 0`);
  const shown = Number(flags.trades);
  if (!Number.isInteger(shown) || shown < 0) return fail(`--trades ${flags.trades}: a whole number ≥ 0`);
  const { client, error: loginError } = await loggedInClient({ ...(flags.server ? { server: flags.server } : {}) });
  if (!client) return fail(loginError);

  const posted = await client.createBacktest({ source: text, data: flags.data, seed, ...(Object.keys(params).length ? { params } : {}), ...(flags.from ? { from: flags.from } : {}), ...(flags.to ? { to: flags.to } : {}) });
  if (!posted.ok) return fail(client.explain(posted));
  const id = posted.value.id;
  if (!flags.json) process.stderr.write(`backtest ${id} queued on ${client.server}\n`);

  const bar = progress();
  let finished = false;
  const close = await client
    .follow('backtest', id, (m) => {
      if (m.type === 'event' && typeof m.event.progress === 'number') bar.update(m.event.progress);
      if (m.type === 'event' && m.event.type !== 'progress') finished = true;
      if (m.type === 'subscribed' && m.snapshot.status !== 'RUNNING') finished = true;
    })
    .catch(() => undefined);
  // The WebSocket only speeds things up: the stored run is the truth, polled until it ends.
  let detail = await client.backtest(id);
  for (let wait = 100; detail.ok && detail.value.status === 'RUNNING'; wait = Math.min(wait * 2, 1_000)) {
    await new Promise((r) => setTimeout(r, finished ? 20 : wait));
    detail = await client.backtest(id);
  }
  close?.();
  bar.done();
  if (!detail.ok) return fail(detail.error.message);
  const run = detail.value;
  if (run.status === 'FAILED') return fail(`the backtest failed on the server: ${run.error ?? 'no reason given'}`);
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
    return 0;
  }
  const s = local.graph.settings;
  const hours = hoursOf((s.asset === 'options' ? s.underlying : s.symbols[0]) ?? '');
  const session = ExchangeSessionSchema.parse({ timeZone: s.timezone, open: formatClock(hours?.open ?? 555), close: formatClock(hours?.close ?? 930) });
  const result = { status: 'COMPLETED', run_parameters: run.run_parameters, strategy_snapshot: run.strategy_snapshot, summary: run.summary, trades: run.trades ?? [], equity: run.equity ?? [] } as unknown as BacktestResult;
  process.stdout.write(report(result, local.graph, session, shown));
  process.stdout.write(`(run ${id} on ${client.server})\n`);
  return 0;
}

function progress(): { update: (f: number) => void; done: () => void } {
  const tty = process.stderr.isTTY === true;
  let drawn = false;
  return {
    update(f) {
      if (!tty) return;
      drawn = true;
      const w = 30;
      const n = Math.round(Math.min(1, Math.max(0, f)) * w);
      process.stderr.write(`\r[${'#'.repeat(n)}${'.'.repeat(w - n)}] ${String(Math.floor(f * 100)).padStart(3)}%`);
    },
    done() {
      if (drawn) process.stderr.write('\n');
    },
  };
}
