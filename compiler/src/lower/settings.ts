import type { ResolvedSettings, SettingName, Strategy } from '@algo/language';
import type { Clock, Settings } from '../graph/settings.js';
import type { LowerContext } from './context.js';

/**
 * The graph's `settings`: the checker's resolved settings (every default the language
 * implies already applied — timeframe, the exchange's session and time zone, capital,
 * fill mode) in the graph's shape. A numeric setting written with a param is folded again
 * here, so a parameter override reaches it.
 */

const clock = (text: string): Clock => {
  const [h = 0, m = 0] = text.split(':').map(Number);
  return { text: `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`, minute: h * 60 + m };
};

/** The value of numeric setting `name` as this compile folds it (params at their compile values). */
function numeric(ctx: LowerContext, strategy: Strategy, name: SettingName): number | undefined {
  for (const item of strategy.items) {
    if (item.kind !== 'Setting' || item.name !== name || !item.value) continue;
    const v = item.value;
    if (v.kind === 'StringList' || v.kind === 'ClockRange' || v.kind === 'Amount' || v.kind === 'Identifier') return undefined;
    return ctx.constNumber(v)?.value;
  }
  return undefined;
}

export function lowerSettings(
  ctx: LowerContext,
  strategy: Strategy,
  resolved: ResolvedSettings,
  defaults: Settings['defaults'],
  timeframes: string[],
): Settings {
  const out: Settings = {
    name: resolved.name,
    asset: resolved.asset ?? 'stocks',
    symbols: [...resolved.symbols],
    ...(resolved.underlying !== undefined ? { underlying: resolved.underlying } : {}),
    ...(resolved.exchange !== undefined ? { exchange: resolved.exchange } : {}),
    timeframe: resolved.timeframe,
    timeframes,
    session: { start: clock(resolved.session.start), end: clock(resolved.session.end) },
    timezone: resolved.timezone,
    capital: numeric(ctx, strategy, 'capital') ?? resolved.capital,
    max_positions: numeric(ctx, strategy, 'max_positions') ?? resolved.maxPositions,
    costs: {},
    fill: resolved.fill,
    risk: {},
    defaults,
  };
  const c = resolved.commission;
  if (c?.kind === 'per_order') out.costs.commission = { kind: 'per_order', value: c.amount };
  else if (c?.kind === 'percent') out.costs.commission = { kind: 'percent', value: c.fraction };
  else if (c?.kind === 'preset') out.costs.commission = { kind: 'preset', name: c.preset as Extract<NonNullable<Settings['costs']['commission']>, { kind: 'preset' }>['name'] };
  if (resolved.slippage) out.costs.slippage = { kind: resolved.slippage.kind, value: resolved.slippage.amount };
  const loss = resolved.maxDailyLoss;
  if (loss) {
    const v = numeric(ctx, strategy, 'max_daily_loss');
    out.risk.max_daily_loss = loss.kind === 'percent' ? { kind: 'percent', value: v ?? loss.fraction } : { kind: 'amount', value: v ?? loss.amount };
  }
  const trades = numeric(ctx, strategy, 'max_trades_per_day') ?? resolved.maxTradesPerDay;
  if (trades !== undefined) out.risk.max_trades_per_day = trades;
  return out;
}
