import type { CandleSource } from '../data/candle-source.js';
import type { BarExplanation } from '../evaluator/evaluator.js';
import type { Candle } from '../market/candle.js';
import type { StrategyCore } from '../strategy/core.js';
import type { Fill, OrderIntent } from '../strategy/orders.js';
import type { CoreState } from '../strategy/state.js';
import type { Trade } from '../strategy/trade.js';

/**
 * Watches one bar time of a real backtest run: the strategy core's state just before each
 * instrument's close on that bar, what its evaluator saw and decided, the intents, the
 * fills on that bar and on the next one, and the bars around it in the data. It rides on
 * the backtester (`onCore` and wrapped sources) — the explanation is of the very run
 * `algo backtest` makes, not of a re-implementation — and stops the data one bar after the
 * target, so explaining a bar costs a backtest up to it.
 */

/** One fill seen, with when it happened relative to the target bar's close. */
export interface SeenFill {
  readonly fill: Fill;
  /** `before_close`: at the target bar's open or inside it; `at_close`: on its close; `later`: on a later bar */
  readonly phase: 'before_close' | 'at_close' | 'later';
  readonly intents: readonly OrderIntent[];
  readonly trade?: Trade;
}

/** An instrument's decision on the target bar. */
export interface SeenDecision {
  readonly instrument: string;
  readonly bar: Candle;
  /** core state at the close, before the rules ran (fills on this bar already applied) */
  readonly before: CoreState;
  /** core state after the decision */
  readonly after: CoreState;
  readonly explanation: BarExplanation;
  readonly intents: readonly OrderIntent[];
}

/** Bars of one instrument around the target. */
export interface Neighbours {
  first?: number;
  last?: number;
  before?: number;
  after?: number;
  exact?: Candle;
  /** the target bar came before the trading window (warm-up only) */
  warmup: boolean;
}

export class BarProbe {
  readonly decisions = new Map<string, SeenDecision>();
  readonly fills: SeenFill[] = [];
  readonly around = new Map<string, Neighbours>();

  constructor(
    readonly target: number,
    private readonly from: number = -Infinity,
  ) {}

  /** For `runBacktest`'s `onCore`: wraps the core's `onBar` and `onFill` on this run's instance. */
  readonly attach = (core: StrategyCore): void => {
    const onBar = core.onBar.bind(core);
    const onFill = core.onFill.bind(core);
    core.onBar = (instrument, bar) => {
      if (bar.t !== this.target) return onBar(instrument, bar);
      const before = core.snapshot();
      const intents = onBar(instrument, bar);
      this.decisions.set(instrument, { instrument, bar, before, after: core.snapshot(), explanation: core.evaluator(instrument).explain(), intents: structuredClone(intents) });
      return intents;
    };
    core.onFill = (fill) => {
      const r = onFill(fill);
      if (fill.bar_time >= this.target) {
        // Fills at the open or at a level happen inside the bar, before its close; a fill at
        // the close comes from an order decided on that close.
        const phase = fill.bar_time > this.target ? 'later' : fill.at === 'close' ? 'at_close' : 'before_close';
        this.fills.push({ fill: structuredClone(fill), phase, intents: structuredClone(r.intents), ...(r.trade ? { trade: structuredClone(r.trade) } : {}) });
      }
      return r;
    };
  };

  /** `source` up to and including its first bar after the target; records the bars around it. */
  wrap(instrument: string, source: CandleSource): CandleSource {
    const n: Neighbours = { warmup: false };
    this.around.set(instrument, n);
    const target = this.target;
    const from = this.from;
    return {
      [Symbol.asyncIterator]: () => {
        const it = source[Symbol.asyncIterator]();
        let stopped = false;
        return {
          next: async () => {
            if (stopped) return { done: true as const, value: undefined };
            const r = await it.next();
            if (r.done) return r;
            const batch = r.value;
            let end = batch.length;
            for (let i = 0; i < batch.length; i++) {
              const c = batch[i]!;
              n.first ??= c.t;
              n.last = c.t;
              if (c.t < target) n.before = c.t;
              else if (c.t === target) {
                n.exact = c;
                n.warmup = c.t < from;
              } else {
                n.after = c.t;
                end = i + 1;
                stopped = true;
                await it.return?.();
                break;
              }
            }
            return { done: false as const, value: end === batch.length ? batch : batch.slice(0, end) };
          },
          return: async (v?: unknown) => (it.return ? it.return(v) : { done: true as const, value: undefined }),
        };
      },
    };
  }
}
