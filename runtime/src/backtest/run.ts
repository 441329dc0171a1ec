import type { RuleGraph } from '@algo/compiler';
import type { CandleSource } from '../data/candle-source.js';
import { GraphProgram, loadProgram, type ProgramOptions } from '../evaluator/program.js';
import type { Candle } from '../market/candle.js';
import { StrategyCore } from '../strategy/core.js';
import { defaultSpec, type InstrumentSpec } from '../strategy/instrument.js';
import type { Fill, FillMode, OrderIntent } from '../strategy/orders.js';
import type { Trade } from '../strategy/trade.js';
import { SimulatedBroker } from './broker.js';
import { costModelFor } from './costs.js';
import { DataHasher } from './data-hash.js';
import { EquityCurve } from './equity-curve.js';
import { MetricsAccumulator } from './metrics.js';
import { BacktestLoop } from './loop.js';
import { buildResult } from './result-builder.js';
import { DEFAULT_MAX_TRADES, type BacktestResult } from './result.js';
import type { OptionChain } from './option-chain.js';
import { OptionChainResolver } from './option-resolver.js';

/** The bars of one instrument, already in the strategy's base timeframe. */
export interface InstrumentData {
  readonly instrument: string;
  readonly source: CandleSource;
  /** where they come from, as `run_parameters.data[].source` names it */
  readonly label: string;
  /** the timeframe the bars were read in (before resampling) */
  readonly timeframe: string;
}

/** How a run differs from the graph's own settings, and what it is told about the world. */
export interface BacktestOptions extends ProgramOptions {
  readonly fill?: FillMode;
  /** which of a stop and a target both inside one bar fills: `adverse` (default) or `favourable` */
  readonly intrabar?: 'adverse' | 'favourable';
  /** UTC ms: bars before only warm the indicators up; bars at or after `to` are not read */
  readonly from?: number;
  readonly to?: number;
  /** the dates `from`/`to` came from, for `run_parameters` */
  readonly startDate?: string;
  readonly endDate?: string;
  /** the instrument master (default: cash equities, lot 1, tick 0.05) */
  readonly spec?: (key: string) => InstrumentSpec | undefined;
  /** option contracts and their candles, for options strategies */
  readonly optionChain?: OptionChain;
  /** the `.algo` source, kept in the result's `strategy_snapshot` */
  readonly source?: string;
  /** called every `progressEvery` bars (default 65,536) with the bars done and the latest bar time */
  readonly onProgress?: (bars: number, t: number) => void;
  readonly progressEvery?: number;
  /** most points kept in the equity curve (default 2,000) */
  readonly equityPoints?: number;
  /**
   * most trades listed in the result (default 5,000; 0 keeps all). Every trade counts in the
   * metrics either way; the cap keeps memory flat and the result inside a Mongo document
   * (16 MB) however long the run. `onTrade` sees every trade as it closes (those past the
   * cap without the condition traces of their signals).
   */
  readonly maxTrades?: number;
  readonly onTrade?: (trade: Trade) => void;
  /**
   * Called once with the run's strategy core, before the first bar: `algo explain` and
   * `algo series` watch its decisions (wrapping `onBar`/`onFill` on the instance) instead of
   * driving a second copy of this loop.
   */
  readonly onCore?: (core: StrategyCore) => void;
}

/** A finished run, or the reasons it could not start (bad graph, data missing for an instrument, no option candles). */
export type BacktestOutcome = { result: BacktestResult; errors: [] } | { result?: undefined; errors: string[] };

interface Cursor {
  readonly instrument: string;
  readonly it: AsyncIterator<readonly Candle[]>;
  batch: readonly Candle[];
  i: number;
  readonly hasher: DataHasher;
  first?: Candle;
  last?: Candle;
}

/**
 * Runs a backtest: streams every instrument's bars in time order (one batch in memory per
 * instrument), drives the strategy core and the simulated broker bar by bar, and returns
 * the validated result. On each bar time, for every instrument with a bar: waiting market
 * orders fill at the open and protective orders are checked inside the bar (the broker);
 * then every instrument's bar closes (the core decides, `on_close` orders fill); then equity
 * is marked. Positions still open after the last bar close at its close (`end_of_data`).
 *
 * Bad data rejects with the data layer's `DataError` (its message names the file and row);
 * problems known before the first bar come back as `errors`.
 */
export async function runBacktest(graph: RuleGraph | GraphProgram, data: readonly InstrumentData[], options: BacktestOptions = {}): Promise<BacktestOutcome> {
  let program: GraphProgram;
  if (graph instanceof GraphProgram) program = graph;
  else {
    const loaded = loadProgram(graph, options);
    if (!loaded.program) return { errors: loaded.errors };
    program = loaded.program;
  }
  const settings = program.graph.settings;
  const spec = (key: string): InstrumentSpec | undefined => options.spec?.(key) ?? options.optionChain?.spec(key) ?? defaultSpec(key);
  const resolver = settings.asset === 'options' && options.optionChain ? new OptionChainResolver(options.optionChain) : undefined;
  const core = new StrategyCore({ program, spec, ...(resolver ? { options: resolver } : {}), ...(options.fill ? { fill: options.fill } : {}) });

  const errors = checkInputs(core, data, options);
  if (errors.length) return { errors };
  options.onCore?.(core);

  const mustSpec = (key: string): InstrumentSpec => {
    const s = spec(key);
    if (!s) throw new Error(`no instrument master entry for ${key}`);
    return s;
  };
  const commission = costModelFor(settings.costs.commission);
  const broker = new SimulatedBroker({ costs: commission, spec: mustSpec, intrabar: options.intrabar ?? 'adverse', ...(settings.costs.slippage ? { slippage: settings.costs.slippage } : {}) });
  const metrics = new MetricsAccumulator(settings.capital);
  const curve = new EquityCurve(options.equityPoints);
  const loop = new BacktestLoop(program, core, broker, metrics, curve, mustSpec, resolver ? options.optionChain : undefined, options.maxTrades ?? DEFAULT_MAX_TRADES, options.onTrade);
  const from = options.from ?? -Infinity;
  const to = options.to ?? Infinity;

  // Order of instruments inside one bar time follows the strategy's symbol list.
  const order = new Map(core.instruments.map((k, i) => [k, i]));
  const cursors: Cursor[] = [];
  for (const d of [...data].sort((a, b) => order.get(a.instrument)! - order.get(b.instrument)!)) {
    const c: Cursor = { instrument: d.instrument, it: d.source[Symbol.asyncIterator](), batch: [], i: 0, hasher: new DataHasher() };
    await refill(c, to);
    cursors.push(c);
  }

  const every = options.progressEvery ?? 65_536;
  let nextProgress = every;
  let lastT = NaN;
  if (cursors.length === 1 && !resolver) {
    // One instrument: a plain loop over each batch, one await per batch.
    const c = cursors[0]!;
    const key = c.instrument;
    const hasher = c.hasher;
    while (c.batch.length > 0) {
      const batch = c.batch;
      consumeBatch(batch, key, hasher, from, core, loop, c);
      const tail = batch[batch.length - 1]!;
      c.last = tail.t >= from ? tail : c.last;
      lastT = tail.t;
      if (loop.done >= nextProgress) {
        options.onProgress?.(loop.done, lastT);
        nextProgress = loop.done + every;
      }
      await refill(c, to);
    }
  } else {
    const instruments = cursors.map((c) => c.instrument);
    const stepBars: (Candle | undefined)[] = new Array(cursors.length);
    for (;;) {
      let t = Infinity;
      for (let k = 0; k < cursors.length; k++) {
        const c = cursors[k]!;
        if (c.i < c.batch.length && c.batch[c.i]!.t < t) t = c.batch[c.i]!.t;
      }
      if (t === Infinity) break;
      for (let k = 0; k < cursors.length; k++) {
        const c = cursors[k]!;
        const bar = c.i < c.batch.length && c.batch[c.i]!.t === t ? c.batch[c.i]! : undefined;
        stepBars[k] = bar;
        if (!bar) continue;
        c.hasher.update(bar);
        c.i++;
        if (c.i >= c.batch.length) await refill(c, to);
      }
      lastT = t;
      if (t < from) {
        for (let k = 0; k < cursors.length; k++) if (stepBars[k]) core.prime(instruments[k]!, stepBars[k]!);
        continue;
      }
      for (let k = 0; k < cursors.length; k++) {
        const bar = stepBars[k];
        if (!bar) continue;
        cursors[k]!.first ??= bar;
        cursors[k]!.last = bar;
      }
      if (resolver) await options.optionChain!.prepare(t);
      loop.step(t, instruments, stepBars);
      if (loop.done >= nextProgress) {
        options.onProgress?.(loop.done, t);
        nextProgress = loop.done + every;
      }
    }
  }

  // Close what is still open at the last close of each contract.
  const lastBars = new Map(cursors.filter((c) => c.last).map((c) => [c.instrument, c.last!]));
  loop.finish(lastT, (contract) => lastBars.get(contract) ?? (resolver ? options.optionChain!.lastBar(contract) : undefined));
  options.onProgress?.(loop.done, lastT);
  const trades = loop.trades;

  const result = buildResult({
    program,
    options,
    core,
    metrics: metrics.result(buyAndHold(cursors), broker.ambiguousBars),
    trades,
    equity: curve.result(),
    data: cursors.map((c) => {
      const d = data.find((x) => x.instrument === c.instrument)!;
      return { instrument: c.instrument, source: d.label, timeframe: d.timeframe, bars: c.hasher.count, first_bar: c.hasher.count ? c.hasher.first : null, last_bar: c.hasher.count ? c.hasher.last : null, hash: c.hasher.digest() };
    }),
    omitted: loop.omitted,
    commission: commission.describe,
    ...(options.optionChain ? { chain: options.optionChain.describe } : {}),
  });
  return { result, errors: [] };
}

/**
 * One instrument's batch through the loop — a plain synchronous function, so the per-bar
 * variables live in registers rather than in the async caller's context.
 */
function consumeBatch(batch: readonly Candle[], key: string, hasher: DataHasher, from: number, core: StrategyCore, loop: BacktestLoop, c: Cursor): void {
  for (let i = 0; i < batch.length; i++) {
    const bar = batch[i]!;
    hasher.update(bar);
    if (bar.t < from) {
      core.prime(key, bar);
      continue;
    }
    if (c.first === undefined) c.first = bar;
    loop.stepOne(key, bar);
  }
}

async function refill(c: Cursor, to: number): Promise<void> {
  c.i = 0;
  c.batch = [];
  for (;;) {
    const r = await c.it.next();
    if (r.done) return;
    if (r.value.length === 0) continue;
    const batch = r.value;
    if (batch[0]!.t >= to) {
      await c.it.return?.();
      return;
    }
    if (batch[batch.length - 1]!.t >= to) {
      c.batch = batch.filter((b) => b.t < to);
      await c.it.return?.();
    } else c.batch = batch;
    return;
  }
}

function checkInputs(core: StrategyCore, data: readonly InstrumentData[], options: BacktestOptions): string[] {
  const errors: string[] = [];
  const have = new Set(data.map((d) => d.instrument));
  const want = core.instruments;
  for (const k of want) if (!have.has(k)) errors.push(`no data for ${k}: give one --data source per instrument the strategy trades (${want.join(', ')})`);
  for (const d of data) if (!want.includes(d.instrument)) errors.push(`data given for ${d.instrument}, which the strategy does not trade (it trades ${want.join(', ')})`);
  const spec = (key: string) => options.spec?.(key) ?? options.optionChain?.spec(key) ?? defaultSpec(key);
  for (const k of want) {
    if (core.settings.asset !== 'options' && !spec(k)) errors.push(`no instrument master entry for ${k}: a derivative's lot size and tick size must be known (pass --lot-size and --tick-size, or load the instrument master)`);
  }
  if (core.settings.asset === 'options' && !options.optionChain) {
    errors.push(
      `"${core.settings.name}" trades options on ${core.settings.underlying}: a backtest needs option candles for the strikes and expiries it picks, with the instrument master (lot size, tick size, strikes, expiries), and this data has none — only the underlying's bars. Use --data synth (a synthetic chain priced from the underlying) or give an option chain`,
    );
  }
  return errors;
}

function buyAndHold(cursors: readonly Cursor[]): number | null {
  const r = cursors.filter((c) => c.first && c.last).map((c) => c.last!.c / c.first!.o - 1);
  return r.length ? r.reduce((a, b) => a + b, 0) / r.length : null;
}

