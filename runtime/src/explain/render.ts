import { zoneClock } from '../data/zone-clock.js';
import type { OrderIntent } from '../strategy/orders.js';
import { conditionLines, formatValue, ruleName } from './conditions.js';
import type { BarReport, FillNote, InstrumentReport, RuleNote } from './explain-bar.js';

/**
 * A `BarReport` in plain English for a terminal: one block per instrument — the bar, what
 * filled inside it, the position at the close, each rule with ✓/✗ per condition and what
 * came of it, the entry gates, the orders and their fills, and the data window (every `let`
 * and indicator). Marks are ✓ held, ✗ failed, – not applicable.
 */

const REFUSED: Readonly<Record<string, string>> = {
  in_position: 'the instrument already had a position or an entry waiting',
  outside_session: 'the bar closed outside the session window',
  max_daily_loss: 'max_daily_loss had stopped trading for the day',
  max_trades_per_day: 'max_trades_per_day was reached',
  max_positions: 'max_positions were already open or waiting',
  level_not_ready: 'its stop or target reads a series that has no value yet',
  size_zero: 'the size came to less than one unit (or lot)',
  no_option_chain: 'there is no option chain to pick a contract from',
  no_option_contract: 'no option contract could be picked, or it had no candle on this bar',
};

const num = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 4 });
const money = (x: number) => `${x > 0 ? '+' : ''}${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

export function renderExplanation(r: BarReport): string {
  const zone = zoneClock(r.time_zone);
  const daily = /^\d+[dw]$/.test(r.timeframe);
  const when = (t: number) => {
    const iso = new Date(zone.toWall(t)).toISOString();
    return daily ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  };
  const out: string[] = [];
  for (const i of r.instruments) out.push(...block(r, i, when), '');
  for (const m of r.missing) out.push(`${m.instrument} has no bar at ${when(r.at)}${m.before !== null ? ` (previous ${when(m.before)})` : ''}: nothing was decided for it.`);
  return `${out.join('\n').trimEnd()}\n`;
}

function block(r: BarReport, i: InstrumentReport, when: (t: number) => string): string[] {
  const b = i.bar;
  const lines: string[] = [];
  lines.push(`"${r.strategy}" on ${i.instrument}: the ${r.timeframe} bar of ${when(b.t)}, closing ${hhmm(i.close_minute)} (${r.time_zone})`);
  lines.push(`  open ${num(b.o)}  high ${num(b.h)}  low ${num(b.l)}  close ${num(b.c)}  volume ${num(b.v)}`);
  lines.push('');
  const tfs = i.timeframes.map((t) => `${t.timeframe}: ${t.completed} bars completed, ${t.needed} needed`).join('; ');
  lines.push(i.warm ? `Warm-up: done (${tfs}).` : `Warm-up: not done (${tfs}) — no rule runs until every timeframe has its bars.`);

  if (i.filled_before_close.length) {
    lines.push('', 'Filled inside this bar, before its close:');
    for (const f of i.filled_before_close) lines.push(`  ${fillText(f, when)}`);
  }
  lines.push('', i.positions.length ? 'Position at this close:' : `Position at this close: flat${i.instrument ? ` in ${i.instrument}` : ''}.`);
  for (const p of i.positions) {
    lines.push(`  ${p.side} ${num(p.qty)} ${p.contract} from ${num(p.entry_price)} (${when(p.entry_time)}), ${p.bars} bar${p.bars === 1 ? '' : 's'}; marked ${num(p.mark)}, open P&L ${money(p.open_pnl)}; stop ${num(p.trail_level !== null && p.trail_level !== p.stop ? p.trail_level : p.stop)}${p.target !== null ? `, target ${num(p.target)}` : ''}${p.exiting ? `; exit order out (${p.exiting.replace(/_/g, ' ')})` : ''}`);
  }

  lines.push('', 'Rules:');
  for (const rule of i.rules) {
    lines.push(`  ${rule.fired ? '✓' : '✗'} ${ruleName(rule.rule, rule.label)} — ${outcome(rule, i.positions.length > 0)}`);
    for (const l of conditionLines(rule.conditions, new Map(Object.entries(r.params)))) lines.push(`      ${'  '.repeat(l.depth)}${l.text.endsWith(':') ? '' : l.result ? '✓ ' : '✗ '}${l.text}`);
  }

  lines.push('', 'What an entry must pass on this bar:');
  for (const g of i.gates) lines.push(`  ${g.open === null ? '–' : g.open ? '✓' : '✗'} ${g.detail}`);

  lines.push('', i.orders.length ? 'Orders decided on this close:' : 'Orders decided on this close: none.');
  for (const o of i.orders) lines.push(`  ${orderText(o.intent, o.fill, i.last_bar, when)}`);

  if (i.series.length) {
    lines.push('', 'Values on this bar (after its close):');
    const w = Math.max(...i.series.map((s) => s.name.length));
    for (const s of i.series) {
      const v = s.value === null ? `n/a — not ready: first value on ${s.timeframe} bar ${s.warmup + 1}, ${s.completed} completed` : formatValue(s.value);
      lines.push(`  ${s.name.padEnd(w)}  ${v}`);
    }
  }
  return lines;
}

function outcome(rule: RuleNote, holding: boolean): string {
  switch (rule.outcome) {
    case 'not_evaluated':
      return 'not evaluated (warming up)';
    case 'not_fired':
      return 'did not fire';
    case 'taken':
      return 'fired: entry order sent';
    case 'refused':
      return `fired, but not taken: ${REFUSED[rule.detail ?? ''] ?? rule.detail}`;
    case 'closes':
      return `fired: exits position ${rule.detail}`;
    case 'nothing_to_close':
      return holding ? 'fired, but no open position matched it (another side or entry label, or already exiting)' : 'fired, but there was no position to close';
  }
}

function fillText(f: FillNote, when: (t: number) => string, short = false): string {
  const what = f.reason && f.reason !== 'signal' ? ` (${f.reason.replace(/_/g, ' ')})` : '';
  const at = f.at === 'gap' ? 'at the open, through a gap' : f.at === 'level' ? 'at its level' : `at the ${f.at}`;
  let s = `${short ? '' : `${f.side} ${num(f.qty)} ${f.contract}${what} `}${at}, ${when(f.time)} at ${num(f.price)}; costs ${f.costs.toFixed(2)}`;
  if (f.stop !== undefined) s += `; stop ${f.stop === null ? 'none' : num(f.stop)}, target ${f.target === null || f.target === undefined ? 'none' : num(f.target)}`;
  if (f.net_pnl !== undefined) s += `; trade net ${money(f.net_pnl)}`;
  return s;
}

function orderText(o: OrderIntent, fill: FillNote | null, lastBar: boolean, when: (t: number) => string): string {
  if (o.type === 'protect') return `move the ${o.stop_reason === 'trailing_stop' ? 'trailing stop' : 'stop'} of ${o.position_id} to ${o.stop === null ? 'none' : num(o.stop)}${o.target !== null ? ` (target ${num(o.target)})` : ''}`;
  if (o.type === 'cancel') return `cancel ${o.order_id} (${o.reason.replace(/_/g, ' ')})`;
  const what = o.type === 'entry' ? `${o.side} ${num(o.qty)} ${o.contract} to open a ${o.position_side} position` : `${o.side} ${num(o.qty)} ${o.contract} to close ${o.position_id}${o.reason !== 'signal' ? ` (${o.reason.replace(/_/g, ' ')})` : ''}`;
  const mode = o.fill === 'on_close' ? 'on this close' : 'at the next bar’s open';
  if (fill) return `${what}, ${mode} → filled ${fillText(fill, when, true)}`;
  return `${what}, ${mode} → ${lastBar ? 'not filled: the data ends with this bar' : 'not filled'}`;
}
