import type { Amount, Expression, Range, Setting, SettingName, Strategy, StringLiteral } from '../ast.js';
import { ASSET_WORDS, COMMISSION_PRESETS, COMMISSION_UNITS, FILL_WORDS, SLIPPAGE_UNITS } from '../catalogue/words.js';
import { parseTimeframe } from '../timeframe.js';
import type { CheckContext } from './context.js';
import { formatClock, hoursOf, parseInstrumentKey, type ExchangeHours } from './exchange.js';
import type { ExpressionChecker } from './expressions.js';
import type { Commission, ResolvedSettings } from './model.js';
import { checkAmount, checkWord } from './values.js';

/** Resolved settings plus what the rule checks need: the exchange's hours, the session. */
export interface SettingsResult {
  readonly settings: ResolvedSettings;
  readonly hours: ExchangeHours | undefined;
  readonly sessionStart: number;
  readonly sessionEnd: number;
  /** Where `session` is written, for diagnostics about entry times. */
  readonly sessionRange: Range | undefined;
}

const NSE_DEFAULT = { open: 9 * 60 + 15, close: 15 * 60 + 30, timezone: 'Asia/Kolkata' };

/**
 * Reads the strategy's settings, checks each (duplicates ALG204, words ALG206, instrument
 * keys and clock times ALG307, amounts ALG300/302/402, session inside exchange hours
 * ALG404, timeframe ALG306) and fills in the defaults of docs/LANGUAGE.md.
 */
export function resolveSettings(strategy: Strategy, ctx: CheckContext, exprs: ExpressionChecker): SettingsResult {
  const byName = new Map<SettingName, Setting>();
  for (const item of strategy.items) {
    if (item.kind !== 'Setting') continue;
    const first = byName.get(item.name);
    if (first) {
      ctx.report('ALG204', item.nameRange, `\`${item.name}\` is set twice; keep one`, { related: [{ message: 'first set here', range: first.nameRange }] });
      continue;
    }
    byName.set(item.name, item);
  }
  const value = <K extends Setting['value']>(name: SettingName): K | undefined => byName.get(name)?.value as K | undefined;

  let timeframe = '1m';
  const tf = value<Setting['value']>('timeframe');
  if (tf?.kind === 'Timeframe') {
    if (parseTimeframe(tf.text)) timeframe = tf.text;
    else ctx.report('ALG306', tf.range, `\`${tf.text}\` is not a timeframe; write e.g. 1m, 5m, 15m, 1h or 1d`);
  }

  const assetId = value<Setting['value']>('asset');
  const asset = assetId?.kind === 'Identifier' ? (checkWord(ctx, assetId, ASSET_WORDS, 'asset') as ResolvedSettings['asset']) : undefined;

  const symbols: string[] = [];
  const list = value<Setting['value']>('symbols');
  if (list?.kind === 'StringList') {
    const seen = new Map<string, StringLiteral>();
    for (const s of list.items) {
      if (!instrumentKey(s, ctx)) continue;
      const first = seen.get(s.value);
      if (first) ctx.report('ALG204', s.range, `"${s.value}" is listed twice`, { related: [{ message: 'first listed here', range: first.range }] });
      else {
        seen.set(s.value, s);
        symbols.push(s.value);
      }
    }
  }
  const under = value<Setting['value']>('underlying');
  const underlying = under?.kind === 'String' && instrumentKey(under, ctx) ? under.value : undefined;

  const keys = [...symbols, ...(underlying ? [underlying] : [])];
  const hours = keys.map(hoursOf).find((h) => h !== undefined);
  const known = hours ?? (keys.length === 0 ? NSE_DEFAULT : undefined);

  let timezone = hours?.timezone ?? (keys.length === 0 ? NSE_DEFAULT.timezone : 'UTC');
  const tz = value<Setting['value']>('timezone');
  if (tz?.kind === 'String') {
    if (validZone(tz.value)) timezone = tz.value;
    else ctx.report('ALG307', tz.range, `unknown time zone "${tz.value}"; use an IANA name such as "Asia/Kolkata"`);
  }

  const session = sessionOf(byName.get('session'), known, ctx);
  ctx.clock = { timeframe, sessionMinutes: Math.max(1, session.end - session.start) };

  const num = (name: SettingName, whole: boolean, fallback: number): number => {
    const e = asExpression(value(name));
    if (!e) return fallback;
    return checkAmount(ctx, exprs, e, { what: `\`${name}\``, kinds: ['number'], whole, sign: 'positive' })?.value ?? fallback;
  };
  const capital = num('capital', false, 100_000);
  const maxPositions = num('max_positions', true, 1);
  const maxTradesPerDay = byName.has('max_trades_per_day') ? num('max_trades_per_day', true, 0) || undefined : undefined;

  let maxDailyLoss: ResolvedSettings['maxDailyLoss'];
  const mdl = asExpression(value('max_daily_loss'));
  if (mdl) {
    const r = checkAmount(ctx, exprs, mdl, { what: '`max_daily_loss`', kinds: ['number', 'percent'], sign: 'positive' });
    if (r?.value !== undefined) maxDailyLoss = r.type.kind === 'percent' ? { kind: 'percent', fraction: r.value } : { kind: 'amount', amount: r.value };
  }

  const fillId = value<Setting['value']>('fill');
  const fill = (fillId?.kind === 'Identifier' ? checkWord(ctx, fillId, FILL_WORDS, 'fill mode') : undefined) ?? 'next_open';

  const settings: ResolvedSettings = {
    name: strategy.name?.value ?? '',
    asset,
    symbols,
    underlying,
    timeframe,
    session: { start: formatClock(session.start), end: formatClock(session.end) },
    timezone,
    exchange: hours?.exchange,
    capital,
    maxPositions,
    commission: commissionOf(value('commission'), ctx, exprs),
    slippage: slippageOf(value('slippage'), ctx, exprs),
    fill: fill as ResolvedSettings['fill'],
    maxDailyLoss,
    maxTradesPerDay,
  };
  return { settings, hours, sessionStart: session.start, sessionEnd: session.end, sessionRange: byName.get('session')?.range };
}

const NOT_EXPRESSIONS = new Set(['Identifier', 'StringList', 'ClockRange', 'Amount']);

/** The value of a setting written as an expression (`capital 200_000`), if it is one. */
function asExpression(v: Setting['value']): Expression | undefined {
  return v && !NOT_EXPRESSIONS.has(v.kind) ? (v as Expression) : undefined;
}

function instrumentKey(s: StringLiteral, ctx: CheckContext): boolean {
  if (parseInstrumentKey(s.value)) return true;
  const bare = s.value.trim();
  const fix = /^[A-Za-z0-9&_-]+$/.test(bare) ? [{ title: `Change to "NSE_EQ|${bare.toUpperCase()}"`, range: s.range, text: `"NSE_EQ|${bare.toUpperCase()}"` }] : [];
  ctx.report('ALG307', s.range, `"${s.value}" is not an instrument key; write it as "EXCHANGE_SEGMENT|SYMBOL", e.g. "NSE_EQ|${bare.toUpperCase() || 'TCS'}"`, { fixes: fix });
  return false;
}

function sessionOf(setting: Setting | undefined, hours: { open: number; close: number } | undefined, ctx: CheckContext): { start: number; end: number } {
  const fallback = hours ? { start: hours.open, end: hours.close } : { start: 0, end: 23 * 60 + 59 };
  const v = setting?.value;
  if (v?.kind !== 'ClockRange' || !v.start || !v.end) return fallback;
  const clock = (c: NonNullable<typeof v.start>): number | undefined => {
    if (c.hour <= 23 && c.minute <= 59) return c.hour * 60 + c.minute;
    ctx.report('ALG307', c.range, `\`${c.text}\` is not a clock time; write HH:MM from 00:00 to 23:59`);
    return undefined;
  };
  const start = clock(v.start);
  const end = clock(v.end);
  if (start === undefined || end === undefined) return fallback;
  if (start >= end) {
    ctx.report('ALG404', v.range, `the session ends (${v.end.text}) before it starts (${v.start.text})`);
    return fallback;
  }
  if (hours && (start < hours.open || end > hours.close)) {
    ctx.report('ALG404', v.range, `the session ${v.start.text} - ${v.end.text} runs outside the exchange's hours (${formatClock(hours.open)} - ${formatClock(hours.close)})`);
    return { start: Math.max(start, hours.open), end: Math.min(end, hours.close) };
  }
  return { start, end };
}

function commissionOf(v: Setting['value'], ctx: CheckContext, exprs: ExpressionChecker): Commission | undefined {
  if (!v) return undefined;
  if (v.kind === 'Identifier') {
    const preset = checkWord(ctx, v, COMMISSION_PRESETS, 'commission preset');
    return preset ? { kind: 'preset', preset } : undefined;
  }
  if (v.kind !== 'Amount') return undefined;
  if (v.unit) {
    if (!checkWord(ctx, v.unit, COMMISSION_UNITS, 'commission unit')) return undefined;
    const r = checkAmount(ctx, exprs, v.amount, { what: '`commission`', kinds: ['number'], sign: 'nonnegative' });
    return r?.value !== undefined ? { kind: 'per_order', amount: r.value } : undefined;
  }
  const r = checkAmount(ctx, exprs, v.amount, { what: '`commission`', kinds: ['percent', 'number'], sign: 'nonnegative' });
  if (!r || r.value === undefined) return undefined;
  if (r.type.kind === 'number') {
    ctx.report('ALG308', v.amount.range, `say what \`${ctx.snippet(v.amount.range)}\` means: \`${ctx.snippet(v.amount.range)} per_order\` for a flat fee, or a percentage of turnover such as \`0.03%\``);
    return undefined;
  }
  return { kind: 'percent', fraction: r.value };
}

function slippageOf(v: Setting['value'], ctx: CheckContext, exprs: ExpressionChecker): ResolvedSettings['slippage'] {
  if (v?.kind !== 'Amount') return undefined;
  const a: Amount = v;
  if (!a.unit) {
    ctx.report('ALG308', a.amount.range, `say what unit \`${ctx.snippet(a.amount.range)}\` is in: \`ticks\` or \`bps\` (e.g. \`slippage 2 ticks\`)`);
    return undefined;
  }
  const unit = checkWord(ctx, a.unit, SLIPPAGE_UNITS, 'slippage unit');
  const r = checkAmount(ctx, exprs, a.amount, { what: '`slippage`', kinds: ['number'], sign: 'nonnegative' });
  return unit && r?.value !== undefined ? { kind: unit as 'ticks' | 'bps', amount: r.value } : undefined;
}

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
