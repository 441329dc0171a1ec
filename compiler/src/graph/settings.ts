import { z } from 'zod';
import { LevelSchema, OptionLegSchema, SizingSchema, TrailSchema } from './intent.js';

/**
 * `settings` and `params` of `algo.rulegraph/v1`: everything about a strategy that is not
 * a series or a rule, with every default the language implies filled in (the session of
 * the exchange, its time zone, capital, fill mode), so a runtime never has to know the
 * language's defaults.
 */

const num = z.number().refine(Number.isFinite, 'must be a finite number');

/** A clock time: as written (`"09:20"`) and as minutes after midnight (560). */
export const ClockSchema = z.strictObject({
  text: z.string().regex(/^\d\d:\d\d$/),
  minute: z.int().min(0).max(1439),
});
export type Clock = z.infer<typeof ClockSchema>;

/** Commission per order. */
export const CommissionSchema = z.discriminatedUnion('kind', [
  /** a flat amount per order (`20 per_order`) */
  z.strictObject({ kind: z.literal('per_order'), value: num }),
  /** a fraction of turnover (`0.03%` → 0.0003) */
  z.strictObject({ kind: z.literal('percent'), value: num }),
  /** a named charges preset the runtime implements (brokerage, STT, exchange fee, …) */
  z.strictObject({
    kind: z.literal('preset'),
    name: z.enum(['india_equity_intraday', 'india_equity_delivery', 'india_futures', 'india_options']),
  }),
]);
export type Commission = z.infer<typeof CommissionSchema>;

/** Slippage applied to market fills: whole ticks of the instrument, or basis points of price. */
export const SlippageSchema = z.strictObject({ kind: z.enum(['ticks', 'bps']), value: num });
export type Slippage = z.infer<typeof SlippageSchema>;

/** A money limit: an amount, or a fraction of `capital` (`2%` → 0.02). */
export const MoneyLimitSchema = z.strictObject({ kind: z.enum(['amount', 'percent']), value: num });

export const SettingsSchema = z.strictObject({
  /** the strategy's name as written after `strategy` */
  name: z.string(),
  asset: z.enum(['stocks', 'options', 'futures']),
  /** instruments traded (stocks/futures), instrument keys as written (`"NSE_EQ|TCS"`) */
  symbols: z.array(z.string()),
  /** the underlying whose chain an options strategy trades (`"NSE_INDEX|Nifty Bank"`) */
  underlying: z.string().optional(),
  /** the exchange the instrument keys name (`NSE`, `BSE`, `MCX`), when known */
  exchange: z.string().optional(),
  /** the base timeframe: bars on which rules are evaluated */
  timeframe: z.string(),
  /** every timeframe the graph reads, base first, then ascending duration */
  timeframes: z.array(z.string()).min(1),
  /** entries are taken only between start and end (inclusive), in `timezone` */
  session: z.strictObject({ start: ClockSchema, end: ClockSchema }),
  timezone: z.string(),
  capital: num,
  max_positions: z.int().min(1),
  costs: z.strictObject({ commission: CommissionSchema.optional(), slippage: SlippageSchema.optional() }),
  /** `next_open`: market orders fill at the next bar's open; `on_close`: at the signal bar's close */
  fill: z.enum(['next_open', 'on_close']),
  risk: z.strictObject({ max_daily_loss: MoneyLimitSchema.optional(), max_trades_per_day: z.int().min(1).optional() }),
  /** the `default …` settings as written; already folded into every entry event */
  defaults: z.strictObject({
    sizing: SizingSchema.optional(),
    stop_loss: LevelSchema.optional(),
    take_profit: LevelSchema.optional(),
    trailing_stop: TrailSchema.optional(),
    option: OptionLegSchema.optional(),
  }),
});
export type Settings = z.infer<typeof SettingsSchema>;

/**
 * A tunable parameter (`param lookback = 20 in 10..60 step 5`). `value` is what this graph
 * was compiled with (the default unless overridden); everything else in the graph that
 * depends on the parameter — warm-ups, event numbers — was computed from `value`. To change
 * a parameter, compile again with an override: the compiler checks it against `type`,
 * `integer` and the range. A `bool` parameter (`param use_filter = true`) has a boolean
 * `default` and `value` and no range.
 */
export const ParamSchema = z.strictObject({
  name: z.string().min(1),
  /** `percent` parameters are written `2%` and stored as fractions (0.02) */
  type: z.enum(['number', 'percent', 'bool']),
  /** true when the parameter is used where a whole number is required (a length, `[n]`, `after n bars`) */
  integer: z.boolean(),
  default: z.union([num, z.boolean()]),
  value: z.union([num, z.boolean()]),
  min: num.optional(),
  max: num.optional(),
  step: num.optional(),
});
export type Param = z.infer<typeof ParamSchema>;
