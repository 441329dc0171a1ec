import type { Expression, Setting, SettingName, SettingValue, Strategy } from '@algo/language';
import type { Commission, Settings } from '../graph/settings.js';
import type { Defaults } from './intents.js';
import type { LowerContext } from './context.js';
import { exchangeHours } from './exchange.js';

/**
 * Lowers the strategy's settings, filling in every default the language implies so a
 * runtime never needs to know them: timeframe `1m`, the exchange's session and time zone,
 * capital 100,000, one position, fills at the next open.
 */

const DEFAULT_TIMEFRAME = '1m';
const DEFAULT_CAPITAL = 100_000;

/** The first occurrence of each setting (the checker reports duplicates). */
export function settingsOf(strategy: Strategy): Map<SettingName, SettingValue> {
  const out = new Map<SettingName, SettingValue>();
  for (const item of strategy.items) {
    if (item.kind === 'Setting' && item.value && !out.has(item.name)) out.set(item.name, item.value);
  }
  return out;
}

/** The base timeframe as written (`5m`), or the default. */
export function baseTimeframe(settings: Map<SettingName, SettingValue>): string {
  const v = settings.get('timeframe');
  return v?.kind === 'Timeframe' ? v.text : DEFAULT_TIMEFRAME;
}

const clock = (text: string) => {
  const [h, m] = text.split(':').map(Number);
  return { text: text.padStart(5, '0'), minute: (h ?? 0) * 60 + (m ?? 0) };
};

function isPercent(ctx: LowerContext, e: Expression): boolean {
  if (e.kind === 'Percent') return true;
  if (e.kind === 'Paren') return isPercent(ctx, e.expression);
  if (e.kind === 'Name') return ctx.params.get(e.name)?.type === 'percent';
  return false;
}

export function lowerSettings(
  ctx: LowerContext,
  strategy: Strategy,
  settings: Map<SettingName, SettingValue>,
  defaults: Defaults,
  timeframes: string[],
): Settings {
  const str = (name: SettingName) => {
    const v = settings.get(name);
    return v?.kind === 'String' ? v.value : undefined;
  };
  const word = (name: SettingName) => {
    const v = settings.get(name);
    return v?.kind === 'Identifier' ? v.name : v?.kind === 'Name' ? v.name : undefined;
  };
  const num = (name: SettingName) => {
    const v = settings.get(name);
    return v && v.kind !== 'StringList' && v.kind !== 'ClockRange' && v.kind !== 'Amount' && v.kind !== 'Identifier' ? ctx.constNumber(v)?.value : undefined;
  };
  const symbolsValue = settings.get('symbols');
  const symbols = symbolsValue?.kind === 'StringList' ? symbolsValue.items.map((s) => s.value) : symbolsValue?.kind === 'String' ? [symbolsValue.value] : [];
  const underlying = str('underlying');
  const hours = exchangeHours(underlying ?? symbols[0]);
  const session = settings.get('session');
  const start = session?.kind === 'ClockRange' && session.start ? session.start.text : hours.open;
  const end = session?.kind === 'ClockRange' && session.end ? session.end.text : hours.close;

  const out: Settings = {
    name: strategy.name?.value ?? '',
    asset: (word('asset') ?? 'stocks') as Settings['asset'],
    symbols,
    ...(underlying !== undefined ? { underlying } : {}),
    timeframe: timeframes[0]!,
    timeframes,
    session: { start: clock(start), end: clock(end) },
    timezone: str('timezone') ?? hours.timezone,
    capital: num('capital') ?? DEFAULT_CAPITAL,
    max_positions: num('max_positions') ?? 1,
    costs: {},
    fill: word('fill') === 'on_close' ? 'on_close' : 'next_open',
    risk: {},
    defaults,
  };
  const commission = lowerCommission(ctx, settings.get('commission'));
  if (commission) out.costs.commission = commission;
  const slip = settings.get('slippage');
  if (slip?.kind === 'Amount') {
    const v = ctx.constNumber(slip.amount)?.value ?? 0;
    out.costs.slippage = { kind: slip.unit?.name === 'bps' ? 'bps' : 'ticks', value: v };
  }
  const loss = settings.get('max_daily_loss');
  if (loss && loss.kind !== 'StringList' && loss.kind !== 'ClockRange' && loss.kind !== 'Amount' && loss.kind !== 'Identifier') {
    const v = ctx.constNumber(loss);
    if (v) out.risk.max_daily_loss = { kind: isPercent(ctx, loss) ? 'percent' : 'amount', value: v.value };
  }
  const trades = num('max_trades_per_day');
  if (trades !== undefined) out.risk.max_trades_per_day = trades;
  return out;
}

function lowerCommission(ctx: LowerContext, v: SettingValue | undefined): Commission | undefined {
  if (!v) return undefined;
  if (v.kind === 'Identifier' || v.kind === 'Name') return { kind: 'preset', name: (v.kind === 'Identifier' ? v.name : v.name) as Extract<Commission, { kind: 'preset' }>['name'] };
  const [amount, unit] = v.kind === 'Amount' ? [v.amount, v.unit?.name] : v.kind === 'StringList' || v.kind === 'ClockRange' ? [undefined, undefined] : [v, undefined];
  const n = amount && ctx.constNumber(amount);
  if (!n) return undefined;
  return unit === 'per_order' ? { kind: 'per_order', value: n.value } : { kind: 'percent', value: n.value };
}

export type { Setting };
