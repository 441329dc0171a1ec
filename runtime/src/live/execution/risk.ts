import type { KillSwitchState } from '../../redis/keyspace/system.js';
import type { RiskLimits } from '../config.js';

/**
 * The checks execution makes before sending a new entry — the engine's own limits, on top of
 * the strategy's (which its core already applied). Pure: the caller gathers the facts (the
 * kill switches, the run's state, today's counters from `stats:daily`, the order book) and
 * gets back `undefined` (send it) or why not. Exits, stops and cancels are never checked:
 * getting out is always allowed, whatever the state.
 */
export interface EntryFacts {
  /** the global or the user's kill switch, when engaged */
  readonly killSwitch: (KillSwitchState & { scope: 'global' | 'user' }) | null;
  /** the run's trading state apart from the kill switch */
  readonly trading: 'active' | 'reducing_only' | 'halted';
  /** why the run is halted or reducing only, for the message */
  readonly tradingReason?: string;
  readonly qty: number;
  /** the last price known for the contract (the signal bar's close, or a later tick) */
  readonly price: number | undefined;
  /** units held in the contract now (signed) */
  readonly held: number;
  /** positions the run holds now */
  readonly openPositions: number;
  /** today's realised P&L (negative: a loss) and entries sent */
  readonly dayPnl: number;
  readonly dayEntries: number;
}

export interface Refusal {
  /** stable code, counted under the core's `stats.refused` */
  readonly code: 'kill_switch' | 'halted' | 'reducing_only' | 'max_order_value' | 'max_position_qty' | 'max_open_positions' | 'max_daily_loss' | 'max_trades_per_day';
  readonly message: string;
}

export function checkEntry(f: EntryFacts, limits: RiskLimits): Refusal | undefined {
  if (f.killSwitch) return { code: 'kill_switch', message: `the ${f.killSwitch.scope} kill switch is engaged (${f.killSwitch.reason}): no new entries` };
  if (f.trading === 'halted') return { code: 'halted', message: `trading is halted${f.tradingReason ? ` (${f.tradingReason})` : ''}: no new entries` };
  if (f.trading === 'reducing_only') return { code: 'reducing_only', message: `the strategy is reducing only${f.tradingReason ? ` (${f.tradingReason})` : ''}: no new entries` };
  if (limits.maxOrderValue !== undefined && f.price !== undefined && f.qty * f.price > limits.maxOrderValue) {
    return { code: 'max_order_value', message: `order value ${(f.qty * f.price).toFixed(2)} (${f.qty} × ${f.price}) is above the limit of ${limits.maxOrderValue}` };
  }
  if (limits.maxPositionQty !== undefined && Math.abs(f.held) + f.qty > limits.maxPositionQty) {
    return { code: 'max_position_qty', message: `${Math.abs(f.held) + f.qty} units would be held, above the limit of ${limits.maxPositionQty}` };
  }
  if (limits.maxOpenPositions !== undefined && f.openPositions >= limits.maxOpenPositions) {
    return { code: 'max_open_positions', message: `${f.openPositions} positions are open, the limit is ${limits.maxOpenPositions}` };
  }
  if (limits.maxDailyLoss !== undefined && f.dayPnl <= -limits.maxDailyLoss) {
    return { code: 'max_daily_loss', message: `today's loss ${(-f.dayPnl).toFixed(2)} reached the limit of ${limits.maxDailyLoss}` };
  }
  if (limits.maxTradesPerDay !== undefined && f.dayEntries >= limits.maxTradesPerDay) {
    return { code: 'max_trades_per_day', message: `${f.dayEntries} entries sent today, the limit is ${limits.maxTradesPerDay}` };
  }
  return undefined;
}
