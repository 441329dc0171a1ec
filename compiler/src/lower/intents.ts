import type { EntryRule, OptionLeg as OptionLegNode, OrderItem, Sizing as SizingNode, StopItem } from '@algo/language';
import type { EntryIntent, Level, OptionLeg, Sizing, Trail } from '../graph/intent.js';
import type { Settings } from '../graph/settings.js';
import { CompilerError, ERROR_CODES } from '../errors.js';
import type { ConstNumber, LowerContext } from './context.js';
import { lowerBuiltin, lowerValue, toSeries } from './values.js';

/**
 * Lowers order items (an entry block, and the strategy's `default …` items) to the order
 * intent an entry event carries. Numbers are resolved, series an intent reads at entry
 * (an ATR, `stop_loss at <expr>`) are base-timeframe series of the graph.
 */

/** The order items a strategy's `default …` lines give, lowered once. */
export type Defaults = Settings['defaults'];

/** `value` plus `param` when the number is exactly a parameter. */
function withParam<T extends object>(base: T, c: ConstNumber): T & { value: number; param?: string } {
  return c.param === undefined ? { ...base, value: c.value } : { ...base, value: c.value, param: c.param };
}

export function lowerSizing(ctx: LowerContext, s: SizingNode): Sizing {
  const c = ctx.requireConst(s.amount, 'a size');
  if (s.mode === 'size') return withParam({ kind: 'equity_pct' as const }, c);
  if (s.mode === 'risk') return withParam({ kind: 'risk_pct' as const }, c);
  const lots = s.unit?.name === 'lot' || s.unit?.name === 'lots';
  return withParam({ kind: lots ? ('lots' as const) : ('qty' as const) }, c);
}

/** A stop-loss or take-profit level. */
export function lowerLevel(ctx: LowerContext, item: StopItem): Level {
  const amount = item.distance.amount;
  const c = ctx.constNumber(amount);
  if (item.at) {
    if (c) return withParam({ kind: 'price' as const }, c);
    return { kind: 'price_series', series: toSeries(ctx, lowerValue(ctx, amount, ctx.base), ctx.base).id };
  }
  const k = ctx.requireConst(amount, item.which);
  switch (item.distance.unit?.name) {
    case undefined:
      return withParam({ kind: 'percent' as const }, k);
    case 'points':
      return withParam({ kind: 'points' as const }, k);
    case 'atr':
      return { ...withParam({ kind: 'atr' as const }, k), series: atrSeries(ctx, item) };
    case 'R':
    case 'r':
      return withParam({ kind: 'r' as const }, k);
  }
  throw new CompilerError(ERROR_CODES.internal, `unknown ${item.which} unit "${item.distance.unit?.name}"`);
}

/** A trailing stop. */
export function lowerTrail(ctx: LowerContext, item: StopItem): Trail {
  const level = lowerLevel(ctx, item);
  if (level.kind === 'percent' || level.kind === 'points' || level.kind === 'atr') return level;
  throw new CompilerError(ERROR_CODES.internal, `a trailing stop cannot be "${level.kind}"`);
}

function atrSeries(ctx: LowerContext, item: StopItem): string {
  const r = lowerBuiltin(ctx, 'atr', item.distance.unitArgs, ctx.base, undefined);
  if (r.op !== 'ref') throw new CompilerError(ERROR_CODES.internal, 'atr did not lower to a series');
  return r.id;
}

export function lowerOptionLeg(ctx: LowerContext, leg: OptionLegNode): OptionLeg {
  const right = leg.right ?? 'call';
  const select = (leg.strike?.word.name ?? 'atm') as 'atm' | 'itm' | 'otm';
  const stepsNode = leg.strike?.steps;
  let steps = select === 'atm' ? 0 : 1;
  if (stepsNode) {
    const c = ctx.requireConst(stepsNode, 'strike steps');
    ctx.noteWholeUse(c.param, 0, stepsNode.range);
    steps = c.value;
  }
  let offset: number;
  if (select === 'atm') offset = leg.strike?.sign === '-' ? -steps : steps;
  else offset = (select === 'otm') === (right === 'call') ? steps : -steps;
  return {
    action: leg.action,
    right,
    strike: { select, steps, offset: offset === 0 ? 0 : offset },
    expiry: leg.expiry?.name === 'monthly' ? 'monthly' : 'weekly',
  };
}

/** Lowers a list of order items (an entry block or the defaults) into their intent parts. */
export function lowerItems(ctx: LowerContext, items: readonly OrderItem[]): Defaults {
  const out: Defaults = {};
  for (const item of items) {
    if (item.kind === 'Sizing') out.sizing = lowerSizing(ctx, item);
    else if (item.kind === 'OptionLeg') out.option = lowerOptionLeg(ctx, item);
    else if (item.which === 'stop_loss') out.stop_loss = lowerLevel(ctx, item);
    else if (item.which === 'take_profit') out.take_profit = lowerLevel(ctx, item);
    else out.trailing_stop = lowerTrail(ctx, item);
  }
  return out;
}

/**
 * The intent of one entry rule: its own items, else the strategy's defaults, else one
 * unit (`qty 1`, or `qty 1 lot` for options and futures). The checker guarantees a stop-loss.
 */
export function lowerEntryIntent(ctx: LowerContext, rule: EntryRule, name: string, defaults: Defaults, asset: Settings['asset']): EntryIntent {
  const own = lowerItems(ctx, rule.items);
  const stop = own.stop_loss ?? defaults.stop_loss;
  if (!stop) throw new CompilerError(ERROR_CODES.internal, `${name} has no stop-loss`);
  const intent: EntryIntent = {
    rule: name,
    side: rule.side ?? 'long',
    ...(rule.label ? { label: rule.label.value } : {}),
    ...(rule.at ? { at: rule.at.text } : {}),
    sizing: own.sizing ?? defaults.sizing ?? { kind: asset === 'stocks' ? 'qty' : 'lots', value: 1 },
    stop_loss: stop,
  };
  const take = own.take_profit ?? defaults.take_profit;
  const trail = own.trailing_stop ?? defaults.trailing_stop;
  const option = own.option ?? defaults.option;
  if (take) intent.take_profit = take;
  if (trail) intent.trailing_stop = trail;
  if (option) intent.option = option;
  return intent;
}
