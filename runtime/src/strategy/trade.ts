import { z } from 'zod';
import { CostBreakdownSchema } from '../backtest/costs.js';
import { SignalSchema } from './signal.js';

/**
 * One closed trade: a position from its entry fill to its exit fill. What a trader checks
 * line by line — times, prices, quantity, side, costs, P&L — and why it opened and closed
 * (the rule and the values on its bar). Money amounts are in the instrument's currency;
 * `gross_pnl` is price move × quantity, `net_pnl` takes off both fills' costs.
 */
export const ExitReasonSchema = z.enum(['signal', 'stop_loss', 'take_profit', 'trailing_stop', 'max_daily_loss', 'end_of_data', 'expiry']);

const FillSideSchema = z.strictObject({
  /** UTC ms of the fill */
  time: z.number(),
  /** open time of the bar the fill happened in */
  bar_time: z.number(),
  price: z.number(),
  costs: CostBreakdownSchema,
  signal: SignalSchema,
});

export const TradeSchema = z.strictObject({
  id: z.string(),
  /** the instrument whose rules traded (the underlying for options) */
  instrument: z.string(),
  /** the instrument bought and sold */
  contract: z.string(),
  side: z.enum(['long', 'short']),
  qty: z.number(),
  entry: FillSideSchema.extend({ fill: z.enum(['next_open', 'on_close']) }),
  exit: FillSideSchema.extend({ reason: ExitReasonSchema, at: z.enum(['open', 'close', 'level', 'gap']) }),
  /** the stop-loss level set at entry, and the take-profit (null when none) */
  stop_loss: z.number(),
  take_profit: z.number().nullable(),
  gross_pnl: z.number(),
  /** entry costs + exit costs */
  costs: z.number(),
  net_pnl: z.number(),
  /** net P&L as a fraction of the entry value (entry price × qty) */
  return_pct: z.number(),
  /** base-timeframe bars the position was open at a close (the entry bar counts as 1) */
  bars: z.int(),
  /** worst and best open profit during the trade, from bar lows and highs (money, before costs) */
  mae: z.number(),
  mfe: z.number(),
  /**
   * Set when the exit bar reached both the stop and the target: the trade took the adverse
   * one (the stop); this is the other reading, so a trader sees how much the tie decided.
   */
  ambiguous: z
    .strictObject({ exit_price: z.number(), reason: ExitReasonSchema, net_pnl: z.number() })
    .optional(),
});
export type Trade = z.infer<typeof TradeSchema>;
