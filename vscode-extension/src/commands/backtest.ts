import type { BacktestRequest } from '../backtest/request.js';
import { resolveDataPaths } from '../backtest/request.js';
import type { BacktestReply } from '../backtest/run-local.js';
import type { Host } from '../host.js';
import { messagePage } from '../report/message-page.js';
import { paramOverrides } from '../settings.js';

/** Runs a request somewhere (the worker process in the editor, in-process in tests). */
export type BacktestRunner = (request: BacktestRequest, onProgress: (fraction: number, bars: number) => void, signal: AbortSignal) => Promise<BacktestReply>;

/**
 * `Algo: Backtest` (and the "Backtest ▶" lens): runs the strategy locally on the data the
 * settings name, with a cancellable progress notification and the status bar counting up,
 * and shows the runtime's backtest report — summary, price chart with entries and exits,
 * equity and drawdown, trades with the rules behind them — in a webview panel opened at the
 * start. A strategy with errors, missing data or bad settings ends in one error message
 * saying what to fix (also shown in the panel).
 */
export async function backtestCommand(host: Host, uri: string, run: BacktestRunner): Promise<BacktestReply | undefined> {
  const settings = host.settings();
  const params = paramOverrides(settings.backtest.params);
  if ('error' in params) {
    host.error(`Algo: ${params.error}`);
    return undefined;
  }
  const source = await host.readDocument(uri);
  const name = /strategy\s+"([^"\n]*)"/.exec(source)?.[1] || 'strategy';
  const panel = host.openReport(`Backtest: ${name}`);
  const request: BacktestRequest = {
    source,
    uri,
    data: resolveDataPaths(settings.backtest.data, host.folderOf(uri)),
    ...(settings.backtest.from ? { from: settings.backtest.from } : {}),
    ...(settings.backtest.to ? { to: settings.backtest.to } : {}),
    params: params.params,
    seed: settings.backtest.seed,
    ...(settings.backtest.mongoUrl ? { mongoUrl: settings.backtest.mongoUrl } : {}),
    report: { nonce: panel.nonce, cspSource: panel.cspSource, chartLibrary: panel.chartLibrary },
  };
  host.status({ kind: 'backtesting' });
  const reply = await host.withProgress('Algo: backtesting', (report, cancelled) =>
    run(
      request,
      (fraction, bars) => {
        report(`${bars.toLocaleString('en-US')} bars`, fraction);
        host.status({ kind: 'backtesting', percent: fraction * 100 });
      },
      cancelled,
    ),
  );
  if (!reply.ok) {
    host.status({ kind: 'done', text: 'backtest failed' });
    panel.show(messagePage(`Backtest of ${name} failed`, reply.message, panel));
    host.error(`Algo: backtest failed: ${reply.message}`);
    return reply;
  }
  const s = reply.result.summary;
  host.status({ kind: 'done', text: `${s.trades} trades, ${(s.net_profit_pct * 100).toFixed(2)}%` });
  panel.show(reply.html ?? messagePage(`Backtest of ${name}`, 'The backtest finished but no report page came back.', panel));
  for (const note of reply.notes) host.info(`Algo: ${note}`);
  return reply;
}
