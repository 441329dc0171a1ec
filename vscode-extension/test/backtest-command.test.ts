import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLocalBacktest } from '../src/backtest/run-local.js';
import { runInWorker } from '../src/backtest/spawn.js';
import { backtestCommand } from '../src/commands/backtest.js';
import { LIBRARY_URL, RecordingHost } from './support/host.js';
import { EXAMPLES, SOURCE_WORKER } from './support/worker.js';

const OPTIONS = readFileSync(join(EXAMPLES, '01-banknifty-options-breakout.algo'), 'utf8');
const TIMED = readFileSync(join(EXAMPLES, '03-tcs-timed-stop-loss.algo'), 'utf8');
const WINDOW = { 'backtest.from': '2024-01-01', 'backtest.to': '2024-01-31' };
const inProcess = (req: Parameters<typeof runLocalBacktest>[0], progress: (f: number, b: number) => void) => runLocalBacktest(req, progress);

describe('Algo: Backtest', () => {
  it('runs the strategy on generated bars and shows the report with the summary, the curve and every trade', async () => {
    const host = new RecordingHost(WINDOW, { 'file:///s.algo': OPTIONS });
    const reply = await backtestCommand(host, 'file:///s.algo', inProcess);
    expect(host.errors).toEqual([]);
    expect(reply?.ok).toBe(true);
    if (!reply?.ok) return;
    const r = reply.result;
    expect(r.trades.length).toBeGreaterThan(0);
    expect(host.reports).toHaveLength(1);
    const { title, pages } = host.reports[0]!;
    expect(title).toBe('Backtest: BankNifty Live Breakout');
    expect(pages).toHaveLength(1);
    const html = pages[0]!;
    expect(html).toBe(reply.html);
    expect(html).toContain('<title>BankNifty Live Breakout — backtest report</title>');
    expect(html.match(/<tr class="trade/g)).toHaveLength(Math.min(r.trades.length, 5_000));
    // the webview's CSP: only the nonce'd style and scripts, and the chart library from the extension's folder
    expect(html).toContain("default-src 'none'");
    expect(html).toContain("script-src 'nonce-cmVwb3J0LW5vbmNlLTE2' file:");
    expect(html).toContain(`<script nonce="cmVwb3J0LW5vbmNlLTE2" src="${LIBRARY_URL}"></script>`);
    expect(host.statuses[0]).toEqual({ kind: 'backtesting' });
    expect(host.statuses.at(-1)).toEqual({ kind: 'done', text: `${r.summary.trades} trades, ${(r.summary.net_profit_pct * 100).toFixed(2)}%` });
  });

  it('runs in a worker process with progress, and gives the same result as in-process', async () => {
    const host = new RecordingHost({ 'backtest.from': '2024-01-01', 'backtest.to': '2024-06-30' }, { 'file:///t.algo': TIMED });
    const inWorker = await backtestCommand(host, 'file:///t.algo', (req, progress, signal) => runInWorker(SOURCE_WORKER, req, progress, signal));
    expect(host.errors).toEqual([]);
    const local = await backtestCommand(new RecordingHost({ 'backtest.from': '2024-01-01', 'backtest.to': '2024-06-30' }, { 'file:///t.algo': TIMED }), 'file:///t.algo', inProcess);
    expect(inWorker?.ok && local?.ok).toBe(true);
    if (!inWorker?.ok || !local?.ok) return;
    expect(inWorker.result.run_parameters.fingerprint).toBe(local.result.run_parameters.fingerprint);
    expect(inWorker.result.summary).toEqual(local.result.summary);
    expect(host.progress.length).toBeGreaterThan(0);
    expect(host.progress.every((p) => p.fraction! >= 0 && p.fraction! <= 1)).toBe(true);
  });

  it('stops the worker when cancelled', async () => {
    const abort = new AbortController();
    const started = runInWorker(SOURCE_WORKER, { source: TIMED, uri: 'x', data: ['synth'], from: '2020-01-01', to: '2024-12-31', params: {}, seed: 1 }, () => abort.abort(), abort.signal);
    const reply = await started;
    expect(reply).toEqual({ ok: false, message: 'the backtest was cancelled' });
  });

  it('says what to fix: errors in the strategy, a missing file, a bad setting', async () => {
    const broken = new RecordingHost(WINDOW, { 'file:///b.algo': TIMED.replace('    stop_loss at', '    stop_los at') });
    await backtestCommand(broken, 'file:///b.algo', inProcess);
    expect(broken.errors).toHaveLength(1);
    expect(broken.errors[0]).toMatch(/^Algo: backtest failed: the strategy has 1 error; fix them first \(line \d+: unknown keyword `stop_los` — did you mean `stop_loss`\?\)$/);
    expect(broken.reports[0]!.pages[0]).toContain('Backtest of TCS timed failed');

    const missing = new RecordingHost({ ...WINDOW, 'backtest.data': ['data/none.csv'] }, { 'file:///t.algo': TIMED }, '/tmp/algo-workspace');
    await backtestCommand(missing, 'file:///t.algo', inProcess);
    expect(missing.errors[0]).toContain('/tmp/algo-workspace/data/none.csv');

    const unknown = new RecordingHost({ ...WINDOW, 'backtest.data': ['INFY=x.csv'] }, { 'file:///t.algo': TIMED });
    await backtestCommand(unknown, 'file:///t.algo', inProcess);
    expect(unknown.errors[0]).toContain('algo.backtest.data INFY=x.csv: the strategy does not trade INFY');

    const params = new RecordingHost({ 'backtest.params': { qty: 'lots' } }, { 'file:///t.algo': TIMED });
    let ran = false;
    await backtestCommand(params, 'file:///t.algo', async (req, p) => ((ran = true), inProcess(req, p)));
    expect(ran).toBe(false);
    expect(params.errors).toEqual(['Algo: algo.backtest.params: "qty": "lots" is not a number, a percentage or true/false']);
  });
});
