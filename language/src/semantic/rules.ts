import type { ClockLiteral, EntryRule, ExitRule, NumberLiteral, Range, Strategy } from '../ast.js';
import { BAR_UNITS } from '../catalogue/words.js';
import { suggest } from '../diagnostics/suggest.js';
import type { CheckContext } from './context.js';
import { foldConstant } from './constants.js';
import { formatClock } from './exchange.js';
import type { ExpressionChecker } from './expressions.js';
import type { EntryInfo, ExitInfo, ExitTrigger, SizingSpec } from './model.js';
import { checkOrderItems, type OrderSpecs } from './orders.js';
import type { SettingsResult } from './settings.js';
import { checkAmount, checkWord } from './values.js';

const NSE_HOURS = { open: 9 * 60 + 15, close: 15 * 60 + 30 };

/**
 * Checks entries and exits and resolves them against the defaults: a stop-loss for every
 * entry (ALG400), what R targets and risk sizing measure from (ALG406), option legs
 * (ALG408), entry times inside the session (ALG411), exit times inside the exchange's
 * hours and exits that can close something (ALG403), labels (ALG207), and timed entries
 * before the timed exits that close them (ALG401: buy_time < sell_time).
 */
export function checkRules(strategy: Strategy, ctx: CheckContext, exprs: ExpressionChecker, s: SettingsResult, defaults: OrderSpecs): { entries: EntryInfo[]; exits: ExitInfo[] } {
  const entries: EntryInfo[] = [];
  const exits: ExitInfo[] = [];
  for (const item of strategy.items) {
    if (item.kind === 'Entry') {
      const info = entry(item, entries.length, ctx, exprs, s, defaults);
      if (info) entries.push(info);
    }
  }
  const closing = new ExitTargets(entries);
  for (const item of strategy.items) {
    if (item.kind === 'Exit') exits.push(exit(item, exits.length, ctx, exprs, s, entries, closing));
  }
  // buy_time < sell_time: each timed entry against the timed exits (usually a handful).
  const timedExits = exits.filter((x) => x.trigger?.kind === 'at');
  for (const e of entries) {
    if (e.atMinutes === undefined) continue;
    const clash = timedExits.find((x) => x.trigger?.kind === 'at' && x.trigger.minutes <= e.atMinutes! && x.closes.includes(e.index));
    if (clash && e.node.at && clash.node.at) {
      ctx.report('ALG401', e.node.at.range, `this entry at ${e.node.at.text} is not before the exit at ${clash.node.at.text} that closes it; the buy time must be before the sell time`, {
        related: [{ message: `the exit at ${clash.node.at.text}`, range: clash.node.at.range }],
      });
    }
  }
  return { entries, exits };
}

function entry(node: EntryRule, index: number, ctx: CheckContext, exprs: ExpressionChecker, s: SettingsResult, defaults: OrderSpecs): EntryInfo | undefined {
  if (node.when) exprs.checkCondition(node.when, '`when`');
  const atMinutes = clockMinutes(node.at, ctx);
  if (atMinutes !== undefined && (atMinutes < s.sessionStart || atMinutes > s.sessionEnd)) {
    ctx.report('ALG411', node.at!.range, `this entry at ${node.at!.text} is outside the session (${formatClock(s.sessionStart)} - ${formatClock(s.sessionEnd)}), so it never fires`, {
      related: s.sessionRange ? [{ message: 'the session', range: s.sessionRange }] : [],
    });
  }
  const own = checkOrderItems(node.items, false, ctx, exprs, s.settings.asset);
  if (!node.side) return undefined;
  const header = headerRange(node);
  const name = node.label ? `entry "${node.label.value}"` : 'this entry';
  const stopLoss = own.stopLoss ?? defaults.stopLoss;
  // A stop-loss that is written but invalid has its own diagnostic; don't pile on.
  // So is one in a block the parser could not fully read, or in a broken `default`.
  const hasStop =
    stopLoss !== undefined ||
    own.written.has('stop_loss') ||
    defaults.written.has('stop_loss') ||
    ctx.syntaxErrorWithin(node.range) ||
    defaults.broken === true ||
    ctx.skippedNames.has('stop_loss');
  if (!hasStop) {
    ctx.report('ALG400', header, `${name} has no stop-loss: add \`stop_loss …\` to its block (e.g. \`stop_loss 2%\`) or \`default stop_loss …\` to the strategy`);
  }
  const takeProfit = own.takeProfit ?? defaults.takeProfit;
  if (!hasStop && takeProfit?.distance.kind === 'r') {
    ctx.report('ALG406', takeProfit.node.range, `a take-profit in R is a multiple of the stop-loss distance, and ${name} has no stop-loss`);
  }
  const sizing: SizingSpec = own.sizing ?? defaults.sizing ?? defaultQty(node, ctx, s.settings.asset === 'options');
  if (!hasStop && sizing.kind === 'risk_percent') {
    ctx.report('ALG406', sizing.node.range, `\`risk\` sizes the position by the stop-loss distance, and ${name} has no stop-loss`);
  }
  if (s.settings.asset === 'options' && !node.items.some((i) => i.kind === 'OptionLeg') && !ctx.syntaxErrorWithin(node.range)) {
    ctx.report('ALG408', header, `${name} must say which option to trade, e.g. \`buy call atm expiry weekly\` in its block`);
  }
  return {
    node,
    index,
    side: node.side,
    label: node.label?.value,
    atMinutes,
    when: node.when,
    stopLoss,
    takeProfit,
    trailingStop: own.trailingStop ?? defaults.trailingStop,
    sizing,
    optionLeg: own.optionLeg,
  };
}

/** Which entries an exit may close, by side and by label, without scanning every entry per exit. */
class ExitTargets {
  private readonly bySide: Record<'long' | 'short' | 'all', number[]> = { long: [], short: [], all: [] };
  private readonly byLabel = new Map<string, EntryInfo>();

  constructor(entries: readonly EntryInfo[]) {
    for (const e of entries) {
      this.bySide[e.side].push(e.index);
      this.bySide.all.push(e.index);
      if (e.label !== undefined && !this.byLabel.has(e.label)) this.byLabel.set(e.label, e);
    }
  }

  closes(target: 'long' | 'short' | 'all', label: string | undefined): readonly number[] {
    if (label === undefined) return this.bySide[target];
    const e = this.byLabel.get(label);
    return e && (target === 'all' || e.side === target) ? [e.index] : [];
  }
}

function exit(node: ExitRule, index: number, ctx: CheckContext, exprs: ExpressionChecker, s: SettingsResult, entries: readonly EntryInfo[], closing: ExitTargets): ExitInfo {
  const target = node.target ?? 'all';
  let label: string | undefined;
  if (node.label) {
    const sym = ctx.labels.get(node.label.value);
    if (sym) {
      ctx.use(node.label, sym, node.label.range);
      label = node.label.value;
    } else if (!ctx.syntaxErrorWithin()) {
      // (With a syntax error, the entry with this label may be in the text not read.)
      const guess = suggest(node.label.value, [...ctx.labels.keys()]);
      const text = guess ? `no entry is labelled "${node.label.value}" — did you mean "${guess}"?` : `no entry is labelled "${node.label.value}"`;
      ctx.report('ALG207', node.label.range, text, { fixes: guess ? [{ title: `Change to "${guess}"`, range: node.label.range, text: JSON.stringify(guess) }] : [] });
    }
  }
  let trigger: ExitTrigger | undefined;
  if (node.when) {
    const t = exprs.checkCondition(node.when, '`when`');
    if (t.kind === 'bool' && t.variability !== 'series' && foldConstant(node.when, ctx.paramDefaults) === 0) {
      ctx.report('ALG403', node.when.range, 'this condition is never true, so the exit never fires');
    }
    trigger = { kind: 'when', condition: node.when };
  } else if (node.at) {
    const minutes = clockMinutes(node.at, ctx);
    const hours = s.hours ?? (s.settings.symbols.length + (s.settings.underlying ? 1 : 0) === 0 ? NSE_HOURS : undefined);
    if (minutes !== undefined && hours && (minutes < hours.open || minutes > hours.close)) {
      ctx.report('ALG403', node.at.range, `${node.at.text} is outside the exchange's hours (${formatClock(hours.open)} - ${formatClock(hours.close)}), so this exit never fires`);
    }
    if (minutes !== undefined) trigger = { kind: 'at', minutes };
  } else if (node.after) {
    const a = node.after;
    if (a.unit) checkWord(ctx, a.unit, BAR_UNITS, 'unit');
    const r = checkAmount(ctx, exprs, a.amount, { what: '`after`', kinds: ['number'], whole: true, sign: 'positive' });
    if (r) trigger = { kind: 'after', bars: a.amount };
  }
  const closes = closing.closes(target, node.label?.value);
  if (entries.length > 0 && closes.length === 0 && (label !== undefined || node.label === undefined) && !ctx.syntaxErrorWithin()) {
    const why = label !== undefined ? `entry "${label}" does not open a ${target} position` : `no entry opens a ${target} position`;
    ctx.report('ALG403', exitHeader(node), `${why}, so this exit never fires`);
  }
  return { node, index, target, label, trigger, closes };
}

function clockMinutes(c: ClockLiteral | undefined, ctx: CheckContext): number | undefined {
  if (!c) return undefined;
  if (c.hour > 23 || c.minute > 59) {
    ctx.report('ALG307', c.range, `\`${c.text}\` is not a clock time; write HH:MM from 00:00 to 23:59`);
    return undefined;
  }
  return c.hour * 60 + c.minute;
}

/** `qty 1` (one lot for options) when neither the entry nor a default sizes it. */
function defaultQty(node: EntryRule, ctx: CheckContext, lots: boolean): SizingSpec {
  const amount: NumberLiteral = { kind: 'Number', text: '1', value: 1, range: { start: node.range.end, end: node.range.end } };
  ctx.types.set(amount, { kind: 'number', variability: 'const' });
  return { kind: 'qty', amount, lots, node: undefined, fromDefault: true };
}

/** `entry` (and its label): where rule-level problems of an entry are shown. */
function headerRange(node: EntryRule): Range {
  const start = node.range.start;
  const end = node.label ? node.label.range.end : { line: start.line, column: start.column + 5, offset: start.offset + 5 };
  return { start, end };
}

function exitHeader(node: ExitRule): Range {
  const start = node.range.start;
  const end = node.label ? node.label.range.end : { line: start.line, column: start.column + 4, offset: start.offset + 4 };
  return { start, end };
}
