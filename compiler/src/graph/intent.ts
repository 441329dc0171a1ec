import { z } from 'zod';

/**
 * The order intent an entry rule's event carries: sizing, protective exits and (for
 * options) the leg to trade. Every number is resolved (a parameter's value, percentages as
 * fractions); `param` names the parameter it came from, so a report can say "sl = 2%".
 * Defaults from the strategy (`default stop_loss …`) are already folded in: a runtime
 * reads the event and needs nothing else.
 */

const num = z.number().refine(Number.isFinite, 'must be a finite number');
const param = z.string().min(1).optional();
const seriesId = z.string().min(1);

/** How many units to trade. */
export const SizingSchema = z.discriminatedUnion('kind', [
  /** a fixed quantity (shares, or contracts for futures/options) */
  z.strictObject({ kind: z.literal('qty'), value: num, param }),
  /** whole lots of the instrument (options/futures lot size from the instrument master) */
  z.strictObject({ kind: z.literal('lots'), value: num, param }),
  /** `size 10% of equity`: notional = value × equity at the signal bar */
  z.strictObject({ kind: z.literal('equity_pct'), value: num, param }),
  /** `risk 1% of equity`: qty = value × equity ÷ stop distance per unit */
  z.strictObject({ kind: z.literal('risk_pct'), value: num, param }),
]);
export type Sizing = z.infer<typeof SizingSchema>;

/**
 * A stop-loss or take-profit level. Distances are measured from the entry fill price,
 * against the position (stop) or with it (target).
 * - `percent`: value is a fraction of the entry price (0.02 = 2%).
 * - `points`: value in price units.
 * - `atr`: value × the ATR series `series`, read on the signal bar.
 * - `r` (take-profit only): value × the stop-loss distance of the same entry.
 * - `price`: an absolute price level.
 * - `price_series`: the absolute level is series `series`, read on the signal bar.
 */
export const LevelSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('percent'), value: num, param }),
  z.strictObject({ kind: z.literal('points'), value: num, param }),
  z.strictObject({ kind: z.literal('atr'), value: num, param, series: seriesId }),
  z.strictObject({ kind: z.literal('r'), value: num, param }),
  z.strictObject({ kind: z.literal('price'), value: num, param }),
  z.strictObject({ kind: z.literal('price_series'), series: seriesId }),
]);
export type Level = z.infer<typeof LevelSchema>;

/**
 * A trailing stop: the distance from the best price since entry. `atr` re-reads its
 * series on every bar (a chandelier stop); `percent` and `points` are fixed.
 */
export const TrailSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('percent'), value: num, param }),
  z.strictObject({ kind: z.literal('points'), value: num, param }),
  z.strictObject({ kind: z.literal('atr'), value: num, param, series: seriesId }),
]);
export type Trail = z.infer<typeof TrailSchema>;

/**
 * Which strike to trade, relative to the at-the-money strike of the underlying at the
 * signal bar. `select`/`steps` keep what the author wrote (`otm 2`); `offset` is the
 * resolved signed number of strike steps from ATM (+ = higher strike), so `otm 2` is +2
 * for a call and −2 for a put, `atm-1` is −1.
 */
export const StrikeSchema = z.strictObject({
  select: z.enum(['atm', 'itm', 'otm']),
  steps: z.int(),
  offset: z.int(),
});
export type Strike = z.infer<typeof StrikeSchema>;

/** The option leg an options entry trades: `buy call atm+1 expiry weekly`. */
export const OptionLegSchema = z.strictObject({
  action: z.enum(['buy', 'sell']),
  right: z.enum(['call', 'put']),
  strike: StrikeSchema,
  expiry: z.enum(['weekly', 'monthly']),
});
export type OptionLeg = z.infer<typeof OptionLegSchema>;

/** Everything an entry event asks for. */
export const EntryIntentSchema = z.strictObject({
  /** the rule's name (`entry.1`), also the event's identity in traces */
  rule: z.string().min(1),
  side: z.enum(['long', 'short']),
  label: z.string().optional(),
  /** the clock time of an `entry … at 09:30` rule, as written */
  at: z.string().optional(),
  sizing: SizingSchema,
  stop_loss: LevelSchema,
  take_profit: LevelSchema.optional(),
  trailing_stop: TrailSchema.optional(),
  option: OptionLegSchema.optional(),
});
export type EntryIntent = z.infer<typeof EntryIntentSchema>;

/** What an exit event closes and why. */
export const ExitIntentSchema = z.strictObject({
  rule: z.string().min(1),
  /** which open positions of the instrument to close */
  side: z.enum(['long', 'short', 'all']),
  /** close only positions opened by the entry with this label (`exit "breakout" when …`) */
  entry_label: z.string().optional(),
  /** the entry rules whose positions this exit may close (by side and label) */
  closes: z.array(z.string()),
  /** `condition` (`exit when …`), `time` (`exit at 15:10`), `bars` (`exit after 10 bars`) */
  reason: z.enum(['condition', 'time', 'bars']),
  at: z.string().optional(),
  after_bars: z.int().min(1).optional(),
});
export type ExitIntent = z.infer<typeof ExitIntentSchema>;
