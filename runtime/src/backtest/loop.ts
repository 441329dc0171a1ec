import type { GraphProgram } from '../evaluator/program.js';
import { DayWindow } from '../evaluator/day-window.js';
import type { Candle } from '../market/candle.js';
import type { StrategyCore } from '../strategy/core.js';
import type { InstrumentSpec } from '../strategy/instrument.js';
import type { Fill, OrderIntent } from '../strategy/orders.js';
import type { Trade } from '../strategy/trade.js';
import type { SimulatedBroker } from './broker.js';
import type { EquityCurve } from './equity-curve.js';
import { BarMark, type MetricsAccumulator } from './metrics.js';
import type { OptionChain } from './option-chain.js';

/**
 * One backtest's per-bar work, synchronous so the hot path never waits: on each bar time,
 * (1) inside every instrument's bar the broker fills waiting market orders at the open and
 * checks stops and targets (for options, inside the held contracts' bars), (2) every bar
 * closes — the core decides and `on_close` orders fill — and option positions at their
 * expiry close, (3) equity is marked. `run.ts` reads the data and hands bars in.
 */
export class BacktestLoop {
  /** the trades kept for the result: the first `maxTrades` (all when 0) */
  readonly trades: Trade[] = [];
  /** trades closed but not kept (still in every metric) */
  omitted = 0;
  /** bar times stepped (after the warm-up window) */
  done = 0;
  private readonly days: DayWindow;
  private readonly baseMs: number;
  private readonly contractBars = new Map<string, Candle>();
  private readonly m = new BarMark();

  constructor(
    private readonly program: GraphProgram,
    private readonly core: StrategyCore,
    private readonly broker: SimulatedBroker,
    private readonly metrics: MetricsAccumulator,
    private readonly curve: EquityCurve,
    private readonly spec: (key: string) => InstrumentSpec,
    private readonly chain: OptionChain | undefined,
    private readonly maxTrades = 0,
    private readonly onTrade?: (trade: Trade) => void,
  ) {
    this.baseMs = program.timeframes[0]!.ms;
    this.days = new DayWindow(program.clock);
  }

  /** When the base bar opening at `t` closes: `t + timeframe`, or the session close when it runs past it. */
  closeOf(t: number): number {
    this.days.of(t);
    const close = this.days.close;
    const end = t + this.baseMs;
    return t < close && end > close ? close : end;
  }

  /** A bar time of a single traded instrument (stocks, futures): the common case, kept lean. */
  stepOne(instrument: string, bar: Candle): void {
    const broker = this.broker;
    if (broker.busy) {
      this.apply(broker.openBar(instrument, bar));
      this.apply(broker.insideBar(instrument, bar));
    }
    const intents = this.core.onBar(instrument, bar);
    if (intents.length) this.submitOwn(intents, instrument, bar);
    this.mark(bar);
  }

  /**
   * `submitAll` for a bar of an instrument that trades itself: an order on `instrument` gets
   * `bar`, any other none. Written out rather than passing `submitAll` a closure: a closure
   * in `stepOne` would make V8 allocate a context on every bar, not only on deciding ones.
   */
  private submitOwn(intents: readonly OrderIntent[], instrument: string, bar: Candle): void {
    for (let i = 0; i < intents.length; i++) {
      const intent = intents[i]!;
      const own = (intent.type === 'entry' || intent.type === 'exit') && intent.contract === instrument;
      this.apply(this.broker.submit(intent, own ? bar : undefined, this.closeOf(bar.t)));
    }
  }

  /** A bar time of several instruments: `bars[k]` is `instruments[k]`'s bar at `t`, or undefined. */
  step(t: number, instruments: readonly string[], bars: readonly (Candle | undefined)[]): void {
    // No closures in here (see `submitOwn`): the helpers below make them when needed.
    const chain = this.chain;
    const core = this.core;
    this.contractBars.clear();
    for (let k = 0; k < bars.length; k++) {
      const bar = bars[k];
      if (!bar) continue;
      if (chain) chain.onUnderlying(instruments[k]!, bar);
      else {
        this.apply(this.broker.openBar(instruments[k]!, bar));
        this.apply(this.broker.insideBar(instruments[k]!, bar));
      }
    }
    if (chain) {
      for (const key of core.contracts()) {
        const cb = chain.bar(key, t);
        if (!cb) continue;
        this.contractBars.set(key, cb);
        this.apply(this.broker.openBar(key, cb));
        this.apply(this.broker.insideBar(key, cb));
        core.observe(key, cb);
      }
    }
    for (let k = 0; k < bars.length; k++) {
      const bar = bars[k];
      if (!bar) continue;
      const intents = core.onBar(instruments[k]!, bar);
      if (intents.length) {
        if (chain) this.submitWithChain(intents, instruments[k]!, bar, chain, t);
        else this.submitOwn(intents, instruments[k]!, bar);
      }
    }
    if (chain) this.expire(chain, t);
    for (let k = 0; k < bars.length; k++) {
      if (bars[k]) {
        this.mark(bars[k]!);
        break;
      }
    }
  }

  /** Intents of an options strategy's bar: the underlying's own bar, or a contract's bar from the chain. */
  private submitWithChain(intents: readonly OrderIntent[], own: string, bar: Candle, chain: OptionChain, t: number): void {
    this.submitAll(intents, (c) => (c === own ? bar : chain.bar(c, t)), t);
  }

  /** Option positions at their expiry close, at the contract's bar of this time (or its last). */
  private expire(chain: OptionChain, t: number): void {
    const closeT = this.closeOf(t);
    const expiring = this.core.closeAll('expiry', t, (p) => {
      const e = this.spec(p.contract).expiry;
      return e !== undefined && closeT >= e;
    });
    this.submitAll(expiring, (c) => this.contractBars.get(c) ?? chain.lastBar(c), t);
  }

  /** Closes everything still open at the end of the data, each at its contract's last bar. */
  finish(lastT: number, lastBar: (contract: string) => Candle | undefined): void {
    this.submitAll(this.core.closeAll('end_of_data', lastT), lastBar, lastT);
    this.metrics.settle(this.core.equity());
  }

  /** Marks equity at the close of the bar time of `bar` (numbers handed over in `this.m`, never as arguments). */
  private mark(bar: Candle): void {
    const m = this.m;
    this.core.markInto(m);
    const t = bar.t;
    m.t = t;
    const day = this.days.of(t);
    const close = this.days.close;
    const end = t + this.baseMs;
    m.closeT = t < close && end > close ? close : end;
    m.day = day;
    this.metrics.onMark(m);
    this.curve.add(m);
    this.done++;
  }

  private apply(fills: Fill[]): void {
    for (let i = 0; i < fills.length; i++) {
      const r = this.core.onFill(fills[i]!);
      for (let j = 0; j < r.intents.length; j++) this.broker.submit(r.intents[j]!);
      if (r.trade) {
        this.metrics.onTrade(r.trade);
        this.onTrade?.(r.trade);
        if (this.maxTrades === 0 || this.trades.length < this.maxTrades) {
          this.trades.push(r.trade);
          // Trades past the cap are counted, not listed: their signals need no condition trace.
          if (this.trades.length === this.maxTrades) this.core.traceSignals = false;
        } else this.omitted++;
      }
    }
  }

  private submitAll(intents: readonly OrderIntent[], barOf: (contract: string) => Candle | undefined, t: number): void {
    for (const intent of intents) {
      const contract = intent.type === 'entry' || intent.type === 'exit' ? intent.contract : undefined;
      const bar = contract !== undefined ? barOf(contract) : undefined;
      this.apply(this.broker.submit(intent, bar, this.closeOf(bar ? bar.t : t)));
    }
  }
}
