import type { CostBreakdown } from '../backtest/costs.js';
import type { Signal } from './signal.js';

/**
 * The messages between the strategy core and a broker. The core emits {@link OrderIntent}s
 * (it never places orders itself); a broker — the simulated one in a backtest, the live
 * execution worker otherwise — turns them into fills and reports each {@link Fill} back.
 * All plain JSON, so the live engine can pass them through Redis Streams unchanged.
 */

/** `next_open`: fill at the next bar's open; `on_close`: at the signal bar's close. */
export type FillMode = 'next_open' | 'on_close';

/** Why a position was closed. */
export type ExitReason = 'signal' | 'stop_loss' | 'take_profit' | 'trailing_stop' | 'max_daily_loss' | 'end_of_data' | 'expiry';

/** Open a position with a market order. */
export interface EntryIntent {
  readonly type: 'entry';
  readonly order_id: string;
  /** the instrument whose bar fired the rule */
  readonly instrument: string;
  /** the instrument traded (the option contract for options; otherwise `instrument`) */
  readonly contract: string;
  readonly side: 'buy' | 'sell';
  readonly position_side: 'long' | 'short';
  readonly qty: number;
  readonly fill: FillMode;
  readonly signal: Signal;
}

/** Close a position with a market order. */
export interface ExitIntent {
  readonly type: 'exit';
  readonly order_id: string;
  readonly position_id: string;
  readonly instrument: string;
  readonly contract: string;
  readonly side: 'buy' | 'sell';
  readonly qty: number;
  readonly fill: FillMode;
  readonly reason: ExitReason;
  readonly signal: Signal;
}

/**
 * Set (replace) the protective orders of a position: a stop (sell-stop for a long) and a
 * target (sell-limit for a long); null removes one. `stop_reason` says whether the stop in
 * force is the initial stop-loss or the trailing stop.
 */
export interface ProtectIntent {
  readonly type: 'protect';
  readonly position_id: string;
  readonly contract: string;
  readonly side: 'buy' | 'sell';
  readonly qty: number;
  readonly stop: number | null;
  readonly target: number | null;
  readonly stop_reason: 'stop_loss' | 'trailing_stop';
}

/** Withdraw an order not yet filled. */
export interface CancelIntent {
  readonly type: 'cancel';
  readonly order_id: string;
  readonly reason: string;
}

export type OrderIntent = EntryIntent | ExitIntent | ProtectIntent | CancelIntent;

/** An execution reported by a broker. */
export interface Fill {
  /** the entry/exit intent's order id, or `<position_id>:stop` / `<position_id>:target` for protective orders */
  readonly order_id: string;
  /** set for exits (market or protective) */
  readonly position_id?: string;
  readonly contract: string;
  readonly side: 'buy' | 'sell';
  readonly qty: number;
  readonly price: number;
  /** UTC ms of the execution (bar open time for fills at the open, bar close time otherwise) */
  readonly time: number;
  /** open time of the bar the fill happened in */
  readonly bar_time: number;
  readonly costs: CostBreakdown;
  /** how the price was found: at the open, at the close, at the stop/target level, or at the open through a gap */
  readonly at: 'open' | 'close' | 'level' | 'gap';
  /** for exits: why */
  readonly reason?: ExitReason;
  /** a stop filled on a bar whose range also reached the target: the target fill that the optimistic reading would take */
  readonly ambiguous?: { readonly price: number; readonly costs: CostBreakdown; readonly reason: ExitReason };
}
