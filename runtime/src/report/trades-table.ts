import type { CostBreakdown } from '../backtest/costs.js';
import { conditionLines, formatValue, ruleName } from '../explain/conditions.js';
import type { Signal } from '../strategy/signal.js';
import type { Trade } from '../strategy/trade.js';
import { count, esc, money, pct, price, signedMoney, symbolOf } from './format.js';

/**
 * The trade table: one row per listed trade (entry and exit time and price, side, quantity,
 * costs, P&L, which rules opened and closed it), each followed by a hidden detail row that
 * the page's script opens on click — every condition of the entry and exit rule with the
 * values it compared on its bar, the series the order read, stop and target, costs item by
 * item, MAE/MFE, and the other reading of an ambiguous bar. Static HTML: readable (and
 * printable) without the script.
 */

const EXIT_REASONS: Readonly<Record<string, string>> = {
  signal: 'exit rule',
  stop_loss: 'stop-loss',
  take_profit: 'target',
  trailing_stop: 'trailing stop',
  max_daily_loss: 'max daily loss',
  end_of_data: 'end of data',
  expiry: 'expiry',
};

const FILLED_AT: Readonly<Record<string, string>> = { open: 'at the open', close: 'at the close', level: 'at its level', gap: 'at the open, through a gap' };

/** What the table needs to know about the run. */
export interface TableContext {
  readonly when: (t: number) => string;
  /** show the instrument column (several instruments or contracts) */
  readonly multi: boolean;
  /** how many instruments the rules run on (an option's underlying is named only when there are several) */
  readonly signals: number;
  /** the run's params, filled into condition labels */
  readonly params: ReadonlyMap<string, number | boolean>;
}

/** The `<table>` (or a sentence when there are no trades). */
export function tradesTable(trades: readonly Trade[], ctx: TableContext): string {
  if (trades.length === 0) return '<div class="empty">No trades: the entry rules never fired while trading was allowed. <code>algo explain --at</code> says why on any bar.</div>';
  const head = [
    '<th class="n">#</th>',
    ctx.multi ? '<th>Instrument</th>' : '',
    '<th>Side</th>',
    '<th class="n">Qty</th>',
    '<th>Entry</th>',
    '<th class="n">Price</th>',
    '<th>Exit</th>',
    '<th class="n">Price</th>',
    '<th>Exit reason</th>',
    '<th class="n">Costs</th>',
    '<th class="n">Net P&amp;L</th>',
    '<th class="n">Return</th>',
    '<th class="n">Bars</th>',
    '<th>Opened by → closed by</th>',
  ].join('');
  const cols = ctx.multi ? 14 : 13;
  const rows = trades.map((t, i) => row(t, i, ctx, cols)).join('\n');
  return `<table class="trades"><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function row(t: Trade, i: number, ctx: TableContext, cols: number): string {
  const cls = t.net_pnl > 0 ? 'pos' : t.net_pnl < 0 ? 'neg' : '';
  const opened = ruleName(t.entry.signal.rule, t.entry.signal.label);
  const closed = t.exit.reason === 'signal' ? t.exit.signal.rule : EXIT_REASONS[t.exit.reason]!;
  const contract = t.contract === t.instrument || ctx.signals === 1 ? symbolOf(t.contract) : `${symbolOf(t.contract)} (${symbolOf(t.instrument)})`;
  const main = `<tr class="trade" tabindex="0" data-i="${i}" data-instrument="${esc(t.contract)}" data-signal="${esc(t.instrument)}" aria-expanded="false">
<td class="n faint">${i + 1}</td>${ctx.multi ? `<td class="instrument">${esc(contract)}</td>` : ''}<td><span class="side ${t.side}">${t.side}</span></td><td class="n">${count(t.qty)}</td>
<td>${esc(ctx.when(t.entry.time))}</td><td class="n">${price(t.entry.price)}</td><td>${esc(ctx.when(t.exit.time))}</td><td class="n">${price(t.exit.price)}</td>
<td>${esc(EXIT_REASONS[t.exit.reason] ?? t.exit.reason)}${t.ambiguous ? ' <span class="faint" title="both stop and target were inside this bar">⚠</span>' : ''}</td><td class="n">${money(t.costs)}</td><td class="n ${cls}">${signedMoney(t.net_pnl)}</td><td class="n ${cls}">${pct(t.return_pct, true)}</td><td class="n">${t.bars}</td>
<td class="rule">${esc(opened)} → ${esc(closed)}</td></tr>`;
  return `${main}\n<tr class="why" data-for="${i}" hidden><td colspan="${cols}">${detail(t, i, ctx)}</td></tr>`;
}

function detail(t: Trade, i: number, ctx: TableContext): string {
  const entryHead = `Opened by ${ruleName(t.entry.signal.rule, t.entry.signal.label)} on the ${ctx.when(t.entry.signal.time)} bar`;
  const entryFill = `filled ${t.entry.fill === 'on_close' ? 'on that bar’s close' : 'at the next bar’s open'}, ${ctx.when(t.entry.time)} at ${price(t.entry.price)}`;
  const exitHead =
    t.exit.reason === 'signal'
      ? `Closed by ${t.exit.signal.rule} on the ${ctx.when(t.exit.signal.time)} bar`
      : t.exit.reason === 'stop_loss' || t.exit.reason === 'take_profit' || t.exit.reason === 'trailing_stop'
        ? `Closed by the ${EXIT_REASONS[t.exit.reason]} inside the ${ctx.when(t.exit.bar_time)} bar`
        : `Closed at ${EXIT_REASONS[t.exit.reason]}`;
  const exitFill = `filled ${FILLED_AT[t.exit.at] ?? t.exit.at}, ${ctx.when(t.exit.time)} at ${price(t.exit.price)}`;
  const facts: string[] = [
    `Stop <b>${price(t.stop_loss)}</b>`,
    `Target <b>${t.take_profit === null ? 'none' : price(t.take_profit)}</b>`,
    `Gross <b>${signedMoney(t.gross_pnl)}</b>`,
    `Costs <b>${money(t.costs)}</b> (entry ${costLine(t.entry.costs)}; exit ${costLine(t.exit.costs)})`,
    `MAE <b>${signedMoney(t.mae)}</b>`,
    `MFE <b>${signedMoney(t.mfe)}</b>`,
  ];
  if (t.ambiguous) facts.push(`Ambiguous bar: read favourably it would have closed by ${EXIT_REASONS[t.ambiguous.reason]} at <b>${price(t.ambiguous.exit_price)}</b>, net <b>${signedMoney(t.ambiguous.net_pnl)}</b>`);
  return `<div class="why-grid">
<div><h3>Entry</h3><div>${esc(entryHead)}, ${esc(entryFill)}.</div>${signalBlock(t.entry.signal, ctx.params)}</div>
<div><h3>Exit</h3><div>${esc(exitHead)}, ${esc(exitFill)}.</div>${signalBlock(t.exit.signal, ctx.params)}</div>
<div class="wide facts">${facts.map((f) => `<span>${f}</span>`).join('')}<a href="#price" data-goto="${i}">Show on the chart ↑</a></div>
</div>`;
}

function signalBlock(s: Signal, params: ReadonlyMap<string, number | boolean>): string {
  const parts: string[] = [];
  if (s.conditions) {
    const lines = conditionLines(s.conditions, params);
    parts.push(`<ul class="conds">${lines.map((l) => `<li class="d${Math.min(l.depth, 3)}${l.text.endsWith(':') ? ' head' : l.result ? '' : ' no'}">${esc(l.text)}</li>`).join('')}</ul>`);
  }
  const reads = Object.entries(s.reads ?? {});
  if (reads.length) parts.push(`<div class="faint">The order read ${reads.map(([k, v]) => `${esc(k)} = ${esc(formatValue(v))}`).join(', ')}.</div>`);
  return parts.join('');
}

function costLine(c: CostBreakdown): string {
  const items = Object.entries(c).filter(([k, v]) => k !== 'total' && typeof v === 'number' && v !== 0);
  if (items.length <= 1) return money(c.total);
  return `${money(c.total)}: ${items.map(([k, v]) => `${k} ${money(v as number)}`).join(', ')}`;
}
