import type { Distance, EntryInfo, OptionLegSpec, SizingSpec, StopSpec } from '@algo/language';
import type { EntryIntent, Level, OptionLeg, Sizing, Trail } from '../graph/intent.js';
import type { Settings } from '../graph/settings.js';
import { CompilerError, ERROR_CODES } from '../errors.js';
import type { ConstNumber, LowerContext } from './context.js';
import { lowerBuiltin, lowerValue, toSeries } from './values.js';

/**
 * Lowers the checker's resolved entries (each with its stop-loss, targets, sizing and
 * option leg, defaults already merged in) to the order intent an entry event carries.
 * Numbers are folded with this compile's param values; series an intent reads on the
 * signal bar (an ATR, `stop_loss at <expr>`) become base-timeframe series of the graph.
 */

/** `value` plus `param` when the number is exactly a parameter. */
function withParam<T extends object>(base: T, c: ConstNumber): T & { value: number; param?: string } {
  return c.param === undefined ? { ...base, value: c.value } : { ...base, value: c.value, param: c.param };
}

function level(ctx: LowerContext, d: Distance, what: string): Level {
  switch (d.kind) {
    case 'percent':
    case 'points':
    case 'r':
      return withParam({ kind: d.kind }, ctx.requireConst(d.value, what));
    case 'atr': {
      const atr = lowerBuiltin(ctx, 'atr', d.lengthExpr ? [d.lengthExpr] : [], ctx.base, undefined);
      if (atr.op !== 'ref') throw new CompilerError(ERROR_CODES.internal, 'atr did not lower to a series');
      return { ...withParam({ kind: 'atr' as const }, ctx.requireConst(d.value, what)), series: atr.id };
    }
    case 'price': {
      const c = ctx.constNumber(d.value);
      if (c) return withParam({ kind: 'price' as const }, c);
      return { kind: 'price_series', series: toSeries(ctx, lowerValue(ctx, d.value, ctx.base), ctx.base).id };
    }
  }
}

function trail(ctx: LowerContext, spec: StopSpec): Trail {
  const l = level(ctx, spec.distance, 'trailing_stop');
  if (l.kind === 'percent' || l.kind === 'points' || l.kind === 'atr') return l;
  throw new CompilerError(ERROR_CODES.internal, `a trailing stop cannot be "${l.kind}"`);
}

function sizing(ctx: LowerContext, s: SizingSpec): Sizing {
  if (s.kind === 'equity_percent') return withParam({ kind: 'equity_pct' as const }, ctx.requireConst(s.fraction, 'size'));
  if (s.kind === 'risk_percent') return withParam({ kind: 'risk_pct' as const }, ctx.requireConst(s.fraction, 'risk'));
  return withParam({ kind: s.lots ? ('lots' as const) : ('qty' as const) }, ctx.requireConst(s.amount, 'qty'));
}

function optionLeg(ctx: LowerContext, spec: OptionLegSpec): OptionLeg {
  const stepsNode = spec.node.strike?.steps;
  const written = stepsNode ? ctx.requireConst(stepsNode, 'strike steps') : undefined;
  if (written) ctx.noteWholeUse(written.param, 0, stepsNode!.range);
  const s = spec.strike;
  const steps = written?.value ?? (s.kind === 'atm' ? Math.abs(s.offset) : s.steps);
  let offset: number;
  if (s.kind === 'atm') offset = spec.node.strike?.sign === '-' ? -steps : steps;
  else offset = (s.kind === 'otm') === (spec.right === 'call') ? steps : -steps;
  return { action: spec.action, right: spec.right, strike: { select: s.kind, steps, offset: offset + 0 }, expiry: spec.expiry };
}

/** The intent of one checked entry. The checker guarantees a stop-loss. */
export function lowerEntryIntent(ctx: LowerContext, entry: EntryInfo, name: string): EntryIntent {
  if (!entry.stopLoss) throw new CompilerError(ERROR_CODES.internal, `${name} has no stop-loss`);
  const intent: EntryIntent = {
    rule: name,
    side: entry.side,
    ...(entry.label !== undefined ? { label: entry.label } : {}),
    ...(entry.node.at ? { at: entry.node.at.text } : {}),
    sizing: sizing(ctx, entry.sizing),
    stop_loss: level(ctx, entry.stopLoss.distance, 'stop_loss'),
  };
  if (entry.takeProfit) intent.take_profit = level(ctx, entry.takeProfit.distance, 'take_profit');
  if (entry.trailingStop) intent.trailing_stop = trail(ctx, entry.trailingStop);
  if (entry.optionLeg) intent.option = optionLeg(ctx, entry.optionLeg);
  return intent;
}

/**
 * The strategy's `default …` items as the entries use them (lowered from the first entry
 * that takes each one): informational, since every entry event already has them folded in.
 */
export function lowerDefaults(ctx: LowerContext, entries: readonly EntryInfo[]): Settings['defaults'] {
  const out: Settings['defaults'] = {};
  for (const e of entries) {
    if (!out.sizing && e.sizing.fromDefault && e.sizing.node) out.sizing = sizing(ctx, e.sizing);
    if (!out.stop_loss && e.stopLoss?.fromDefault) out.stop_loss = level(ctx, e.stopLoss.distance, 'stop_loss');
    if (!out.take_profit && e.takeProfit?.fromDefault) out.take_profit = level(ctx, e.takeProfit.distance, 'take_profit');
    if (!out.trailing_stop && e.trailingStop?.fromDefault) out.trailing_stop = trail(ctx, e.trailingStop);
    if (!out.option && e.optionLeg && !e.node.items.includes(e.optionLeg.node)) out.option = optionLeg(ctx, e.optionLeg);
  }
  return out;
}
