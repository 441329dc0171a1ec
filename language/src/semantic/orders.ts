import type { OptionLeg, OrderItem, Sizing, StopItem, StopKind } from '../ast.js';
import { BASIS_WORDS, EXPIRY_WORDS, QTY_UNITS, STOP_UNITS, STRIKE_WORDS } from '../catalogue/words.js';
import type { CheckContext } from './context.js';
import type { ExpressionChecker } from './expressions.js';
import type { Distance, OptionLegSpec, ResolvedSettings, SizingSpec, StopSpec, StrikeSpec } from './model.js';
import { checkAmount, checkWord } from './values.js';

/** The order items of one block (an entry's, or the `default`s), checked and resolved. */
export interface OrderSpecs {
  /** Kinds of items written, valid or not (`stop_loss`, `sizing`, …): a broken stop is still a stop. */
  written: Set<string>;
  /** Set by the caller when part of the block could not be parsed. */
  broken?: boolean;
  stopLoss?: StopSpec;
  takeProfit?: StopSpec;
  trailingStop?: StopSpec;
  sizing?: SizingSpec;
  optionLeg?: OptionLegSpec;
}

const STOP_FIELD: Record<StopKind, 'stopLoss' | 'takeProfit' | 'trailingStop'> = {
  stop_loss: 'stopLoss',
  take_profit: 'takeProfit',
  trailing_stop: 'trailingStop',
};

/**
 * Checks the items of an entry block or of the strategy's `default`s: each item once
 * (ALG204; one sizing, ALG410), option legs only in options strategies (ALG405), units
 * and words (ALG206, ALG308), amounts (ALG300/302/303/402), and resolves each to a spec.
 */
export function checkOrderItems(items: readonly OrderItem[], fromDefault: boolean, ctx: CheckContext, exprs: ExpressionChecker, asset: ResolvedSettings['asset']): OrderSpecs {
  const out: OrderSpecs = { written: new Set() };
  const seen = new Map<string, OrderItem>();
  for (const item of items) {
    const key = item.kind === 'Stop' ? item.which : item.kind === 'Sizing' ? 'sizing' : 'leg';
    out.written.add(key);
    if (item.kind === 'Sizing') out.written.add(item.mode);
    const first = seen.get(key);
    if (first) {
      const twice = item.kind === 'Sizing' && first.kind === 'Sizing' && item.mode !== first.mode;
      const name = item.kind === 'Stop' ? item.which : item.kind === 'Sizing' ? item.mode : 'option leg';
      if (twice) ctx.report('ALG410', item.range, `this entry is already sized by \`${first.mode}\`; use one of \`qty\`, \`size\` or \`risk\``, { related: [{ message: 'sized here', range: first.range }] });
      else ctx.report('ALG204', item.range, `${item.kind === 'OptionLeg' ? 'an entry opens one option leg' : `\`${name}\` is written twice`}; keep one`, { related: [{ message: 'first here', range: first.range }] });
      continue;
    }
    seen.set(key, item);
    if (item.kind === 'Stop') {
      const spec = stopSpec(item, fromDefault, ctx, exprs);
      if (spec) out[STOP_FIELD[item.which]] = spec;
    } else if (item.kind === 'Sizing') out.sizing = sizingSpec(item, fromDefault, ctx, exprs);
    else out.optionLeg = legSpec(item, ctx, asset);
  }
  return out;
}

function stopSpec(item: StopItem, fromDefault: boolean, ctx: CheckContext, exprs: ExpressionChecker): StopSpec | undefined {
  const d = item.distance;
  const what = `\`${item.which}\``;
  const done = (distance: Distance): StopSpec => ({ distance, node: item, fromDefault });
  if (item.at) {
    if (item.which === 'trailing_stop') {
      ctx.report('ALG300', item.range, 'a trailing stop is a distance from the best price, not a price: write e.g. `trailing_stop 1.5%` or `trailing_stop 40 points`');
      return undefined;
    }
    if (d.unit) ctx.report('ALG206', d.unit.range, `\`at\` takes a price; drop \`${d.unit.name}\``);
    const r = checkAmount(ctx, exprs, d.amount, { what, kinds: ['number'], series: true, sign: 'positive' });
    return r ? done({ kind: 'price', value: d.amount }) : undefined;
  }
  if (!d.unit) {
    const t = exprs.check(d.amount);
    if (t.kind === 'error') return undefined;
    if (t.kind === 'number') {
      const text = ctx.snippet(d.amount.range);
      ctx.report('ALG308', d.amount.range, `\`${item.which} ${text}\` is ambiguous: write \`${text} points\` for a distance or \`at ${text}\` for a price`, {
        fixes: [
          { title: `Change to \`${text} points\``, range: { start: d.amount.range.end, end: d.amount.range.end }, text: ' points' },
          { title: `Change to \`at ${text}\``, range: { start: d.amount.range.start, end: d.amount.range.start }, text: 'at ' },
        ],
      });
      return undefined;
    }
    const r = checkAmount(ctx, exprs, d.amount, { what, kinds: ['percent'], sign: 'positive' });
    if (!r) return undefined;
    if (item.which !== 'take_profit' && r.value !== undefined && r.value >= 1) {
      ctx.report('ALG303', d.amount.range, `${what} of ${ctx.snippet(d.amount.range)} is 100% or more of the price; it could never trigger`);
      return undefined;
    }
    return done({ kind: 'percent', value: d.amount });
  }
  const unit = checkWord(ctx, d.unit, STOP_UNITS, 'unit');
  if (!unit) return undefined;
  if (unit !== 'atr' && d.unitArgs.length > 0) {
    ctx.report('ALG301', d.unitArgs[0]!.range, `\`${unit}\` takes no arguments`);
    return undefined;
  }
  if (unit === 'R' && item.which !== 'take_profit') {
    ctx.report('ALG206', d.unit.range, '`R` (multiples of the stop-loss distance) applies to `take_profit` only');
    return undefined;
  }
  const r = checkAmount(ctx, exprs, d.amount, { what, kinds: ['number'], sign: 'positive' });
  if (!r) return undefined;
  if (unit === 'points') return done({ kind: 'points', value: d.amount });
  if (unit === 'R') return done({ kind: 'r', value: d.amount });
  if (d.unitArgs.length > 1) {
    ctx.report('ALG301', d.unitArgs[1]!.range, '`atr` takes one argument, its length: `2 atr(10)`');
    return undefined;
  }
  const lengthExpr = d.unitArgs[0];
  let length = 14;
  if (lengthExpr) {
    const lr = checkAmount(ctx, exprs, lengthExpr, { what: 'the ATR length', kinds: ['number'], whole: true, sign: 'positive' });
    if (!lr) return undefined;
    length = lr.value ?? 14;
  }
  return done({ kind: 'atr', value: d.amount, length, lengthExpr });
}

function sizingSpec(item: Sizing, fromDefault: boolean, ctx: CheckContext, exprs: ExpressionChecker): SizingSpec | undefined {
  if (item.mode === 'qty') {
    if (item.basis) ctx.report('ALG206', item.basis.range, '`of …` follows `size` or `risk`; `qty` is a plain quantity');
    const lots = item.unit ? checkWord(ctx, item.unit, QTY_UNITS, 'quantity unit') : undefined;
    if (item.unit && !lots) return undefined;
    const hint = 'for a share of equity write `size 10% of equity`';
    const r = checkAmount(ctx, exprs, item.amount, { what: '`qty`', kinds: ['number'], hint, whole: true, sign: 'positive' });
    return r ? { kind: 'qty', amount: item.amount, lots: lots !== undefined, node: item, fromDefault } : undefined;
  }
  if (item.unit) ctx.report('ALG206', item.unit.range, `\`${item.mode}\` is a percentage of equity: \`${item.mode} 1% of equity\``);
  if (item.basis) checkWord(ctx, item.basis, BASIS_WORDS, 'basis');
  const hint = `write e.g. \`${item.mode} ${item.mode === 'size' ? 10 : 1}% of equity\``;
  const r = checkAmount(ctx, exprs, item.amount, { what: `\`${item.mode}\``, kinds: ['percent'], hint, sign: 'positive' });
  if (!r) return undefined;
  if (item.mode === 'risk' && r.value !== undefined && r.value >= 1) {
    ctx.report('ALG303', item.amount.range, `\`risk ${ctx.snippet(item.amount.range)}\` would risk all equity or more on one trade`);
    return undefined;
  }
  if (item.mode === 'size' && r.value !== undefined && r.value > 1) {
    ctx.report('ALG414', item.amount.range, `\`size ${ctx.snippet(item.amount.range)} of equity\` is more than all equity: it needs leverage`);
  }
  return item.mode === 'size'
    ? { kind: 'equity_percent', fraction: item.amount, node: item, fromDefault }
    : { kind: 'risk_percent', fraction: item.amount, node: item, fromDefault };
}

function legSpec(leg: OptionLeg, ctx: CheckContext, asset: ResolvedSettings['asset']): OptionLegSpec | undefined {
  if (asset && asset !== 'options') {
    ctx.report('ALG405', leg.range, `an option leg needs \`asset options\`; this strategy trades ${asset}`);
    return undefined;
  }
  const strike = strikeSpec(leg, ctx);
  const expiry = leg.expiry ? checkWord(ctx, leg.expiry, EXPIRY_WORDS, 'expiry') : 'weekly';
  if (!strike || !expiry || !leg.right) return undefined;
  return { action: leg.action, right: leg.right, strike, expiry: expiry as 'weekly' | 'monthly', node: leg };
}

function strikeSpec(leg: OptionLeg, ctx: CheckContext): StrikeSpec | undefined {
  const s = leg.strike;
  if (!s) return undefined;
  const word = checkWord(ctx, s.word, STRIKE_WORDS, 'strike');
  if (!word) return undefined;
  const steps = s.steps?.kind === 'Number' ? s.steps.value : undefined;
  if (steps !== undefined && !Number.isInteger(steps)) {
    ctx.report('ALG303', s.steps!.range, 'strikes are counted in whole steps');
    return undefined;
  }
  if (word === 'atm') return { kind: 'atm', offset: (s.sign === '-' ? -1 : 1) * (steps ?? 0) };
  if (s.sign) {
    ctx.report('ALG206', s.range, `\`${word}\` counts strikes away from the money: write \`${word} ${steps ?? 1}\``, {
      fixes: [{ title: `Change to \`${word} ${steps ?? 1}\``, range: s.range, text: `${word} ${steps ?? 1}` }],
    });
    return undefined;
  }
  if (steps === undefined || steps < 1) {
    ctx.report('ALG303', s.range, `say how many strikes ${word === 'otm' ? 'out of' : 'in'} the money, e.g. \`${word} 1\``);
    return undefined;
  }
  return word === 'otm' ? { kind: 'otm', steps } : { kind: 'itm', steps };
}
