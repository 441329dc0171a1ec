import type { GraphProgram } from '../evaluator/program.js';
import type { StrategyCore } from '../strategy/core.js';
import type { Trade } from '../strategy/trade.js';
import { sha256 } from './data-hash.js';
import type { EquityPoint } from './equity-curve.js';
import type { Metrics } from './metrics.js';
import { BACKTEST_FORMAT, DEFAULT_MAX_TRADES, type BacktestResult, type DataDescriptor, type RunParameters } from './result.js';
import type { BacktestOptions } from './run.js';
import { ENGINE_NAME, ENGINE_VERSION } from './version.js';

interface Parts {
  readonly program: GraphProgram;
  readonly options: BacktestOptions;
  readonly core: StrategyCore;
  readonly metrics: Metrics;
  readonly trades: Trade[];
  /** trades closed but not listed (beyond `maxTrades`) */
  readonly omitted: number;
  readonly equity: EquityPoint[];
  readonly data: DataDescriptor[];
  readonly commission: string;
  readonly chain?: string;
}

const REFUSALS: Record<string, string> = {
  in_position: 'the instrument already had a position or an entry waiting',
  outside_session: 'the bar closed outside the session window',
  max_daily_loss: 'max_daily_loss had stopped trading for the day',
  max_trades_per_day: 'max_trades_per_day was reached',
  max_positions: 'max_positions were open',
  level_not_ready: 'a stop/target level read a series with no value yet',
  size_zero: 'the size came to less than one unit (or lot)',
  no_option_chain: 'no option chain to pick a contract from',
  no_option_contract: 'the option contract could not be picked or had no candle on the signal bar',
};

/**
 * Assembles the result object: `run_parameters` with everything the numbers depend on and
 * its fingerprint, the graph as `strategy_snapshot`, the metrics with signal statistics and
 * warnings as `summary`, the trades and the sampled equity curve. It satisfies
 * `BacktestResultSchema` by construction — tests parse every example's result and the
 * CLI's `--json` with it, and `backtest_results` checks it on write — so it is not parsed
 * again here (parsing 5,000 traced trades costs more than the backtest).
 */
export function buildResult(p: Parts): BacktestResult {
  const g = p.program.graph;
  const s = g.settings;
  const slippage = s.costs.slippage ? `${s.costs.slippage.value} ${s.costs.slippage.kind}` : 'none';
  const data_hash = sha256(p.data.map((d) => `${d.instrument}:${d.hash}`).join('\n'));
  const base = {
    format: BACKTEST_FORMAT,
    source_hash: g.source_hash,
    compiler: g.compiler,
    engine: { name: ENGINE_NAME, version: ENGINE_VERSION },
    params: Object.fromEntries(g.params.map((x) => [x.name, x.value])),
    timeframe: s.timeframe,
    ...(p.options.startDate ? { start_date: p.options.startDate } : {}),
    ...(p.options.endDate ? { end_date: p.options.endDate } : {}),
    capital: s.capital,
    fill: p.core.fillMode,
    intrabar: p.options.intrabar ?? 'adverse',
    max_trades: p.options.maxTrades ?? DEFAULT_MAX_TRADES,
    costs: { commission: p.chain ? `${p.commission}; chain: ${p.chain}` : p.commission, slippage },
    data: p.data,
    data_hash,
  } as const;
  const fingerprint = sha256(JSON.stringify({ ...base, data: p.data.map((d) => d.hash), exchange: p.program.session, graph: sha256(JSON.stringify(g)) }));
  const run_parameters: RunParameters = { ...base, strategy: s.name, fingerprint };

  const stats = p.core.stats();
  const warnings: string[] = [];
  for (const [reason, n] of Object.entries(stats.refused)) {
    if (reason === 'in_position') continue;
    warnings.push(`${n} entry signal${n === 1 ? '' : 's'} not taken: ${REFUSALS[reason] ?? reason}`);
  }
  for (const d of p.data) if (d.bars === 0) warnings.push(`no bars for ${d.instrument} in the requested range`);
  if (p.omitted > 0) warnings.push(`${p.omitted} trades are counted in the summary but not listed: the result lists the first ${p.trades.length} (raise --max-trades, or 0 for all)`);
  if (p.metrics.trades === 0 && p.data.some((d) => d.bars > 0)) warnings.push('no trades: the entry rules never fired while trading was allowed (check warm-up and the session window)');

  const result: BacktestResult = {
    status: 'COMPLETED',
    run_parameters,
    strategy_snapshot: {
      config: g as unknown as Record<string, unknown>,
      indicators_config: g.indicators_config as unknown as Record<string, unknown>,
      source_hash: g.source_hash,
      ...(p.options.source !== undefined ? { source: p.options.source } : {}),
    },
    summary: { ...p.metrics, trades_listed: p.trades.length, signals: stats, warnings },
    trades: p.trades,
    equity: p.equity,
  };
  return result;
}
