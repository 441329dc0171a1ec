import type { BacktestResult } from '../backtest/result.js';
import { count, esc, money, pct, ratio, signedMoney, symbolOf } from './format.js';

/**
 * The report's static sections: the headline, the metric tiles a trader knows from
 * TradingView's Strategy Tester, the ambiguous-bars call-out (what no other tester says),
 * signal statistics and notes, and "what this result depends on" — source hash, compiler
 * and engine versions, data hashes, cost model, fill assumptions, params and the
 * fingerprint — so two reports can be compared line by line.
 */

type When = (t: number | null | undefined) => string;

/** The page header: strategy, instruments, window; net profit as the headline number. */
export function header(r: BacktestResult, title: string, when: When): string {
  const s = r.summary;
  const p = r.run_parameters;
  const instruments = p.data.map((d) => symbolOf(d.instrument)).join(', ');
  const cls = s.net_profit > 0 ? 'pos' : s.net_profit < 0 ? 'neg' : '';
  return `<header class="top">
  <div>
    <div class="eyebrow">Backtest report</div>
    <h1>${esc(title)}</h1>
    <div class="subtitle"><b>${esc(instruments)}</b> · ${esc(p.timeframe)} bars · ${esc(when(s.first_bar))} → ${esc(when(s.last_bar))} · ${count(s.bars)} bars over ${count(s.days)} days</div>
  </div>
  <div class="headline">
    <div class="eyebrow">Net profit</div>
    <div class="value ${cls}">${signedMoney(s.net_profit)}</div>
    <div class="detail"><span class="${cls}">${pct(s.net_profit_pct, true)}</span> on ${money(s.initial_capital)} · final equity ${money(s.final_equity)}</div>
  </div>
</header>`;
}

/** The metric tiles. */
export function kpis(r: BacktestResult): string {
  const s = r.summary;
  const sign = (x: number | null) => (x === null ? '' : x > 0 ? 'pos' : x < 0 ? 'neg' : '');
  const pf = s.profit_factor === null && s.gross_profit > 0 ? Infinity : s.profit_factor;
  const tiles: [string, string, string?, string?][] = [
    ['Trades', count(s.trades), `${count(s.winning_trades)} won · ${count(s.losing_trades)} lost`],
    ['Win rate', pct(s.win_rate)],
    ['Profit factor', ratio(pf), s.profit_factor === null && s.gross_profit > 0 ? 'no losing trade' : undefined],
    ['Max drawdown', money(s.max_drawdown), pct(s.max_drawdown_pct), s.max_drawdown > 0 ? 'neg' : ''],
    ['Sharpe', ratio(s.sharpe), `Sortino ${ratio(s.sortino)}`],
    ['CAGR', pct(s.cagr, true), undefined, sign(s.cagr)],
    ['Buy & hold', pct(s.buy_and_hold_return, true), 'same window', sign(s.buy_and_hold_return)],
    ['Avg trade', signedMoney(s.avg_trade), undefined, sign(s.avg_trade)],
    ['Avg win', signedMoney(s.avg_win), `avg loss ${money(s.avg_loss)}${s.win_loss_ratio === null ? '' : ` · ratio ${ratio(s.win_loss_ratio)}`}`, sign(s.avg_win)],
    ['Largest win', signedMoney(s.largest_win), `largest loss ${money(s.largest_loss)}`, sign(s.largest_win)],
    ['Gross profit', signedMoney(s.gross_profit), `gross loss ${money(s.gross_loss)}`, sign(s.gross_profit)],
    ['Exposure', pct(s.exposure), `avg ${ratio(s.avg_bars_in_trade)} bars in a trade`],
    ['Costs paid', money(s.total_costs), r.run_parameters.costs.commission.split(/[;(]/)[0]!.trim()],
    ['Ambiguous bars', count(s.ambiguous_bars), s.ambiguous_bars ? 'stop and target in one bar' : 'none: no bar hit both'],
  ];
  return `<section class="kpis" aria-label="Summary">
${tiles.map(([label, value, detail, cls]) => `  <div class="kpi"><div class="label">${esc(label)}</div><div class="value${cls ? ` ${cls}` : ''}">${value}</div>${detail ? `<div class="detail">${esc(detail)}</div>` : ''}</div>`).join('\n')}
</section>`;
}

/** The ambiguous-bars call-out: how much the order of stop and target inside a bar decided. */
export function ambiguity(r: BacktestResult): string {
  const s = r.summary;
  if (s.ambiguous_bars === 0) return '';
  const gap = Math.abs(s.net_profit_optimistic - s.net_profit_pessimistic);
  return `<section class="callout" aria-label="Ambiguous bars">
  <div>⚠</div>
  <div>On <b>${count(s.ambiguous_bars)} bar${s.ambiguous_bars === 1 ? '' : 's'}</b> both the stop and the target were inside the bar's range, so the bars alone cannot say which filled first. This run took the ${r.run_parameters.intrabar === 'adverse' ? 'adverse (stop first)' : 'favourable (target first)'} reading.
  Net profit is <b>${signedMoney(s.net_profit_pessimistic)}</b> read pessimistically and <b>${signedMoney(s.net_profit_optimistic)}</b> read optimistically — a spread of ${money(gap)}${s.net_profit !== 0 ? ` (${pct(gap / Math.abs(s.net_profit))} of the net profit)` : ''}. A large spread means the result depends on intrabar order: test on a lower timeframe.</div>
</section>`;
}

/** Signal statistics and the run's notes. */
export function signals(r: BacktestResult): string {
  const g = r.summary.signals;
  const refused = Object.entries(g.refused).filter(([, n]) => n > 0);
  const notes = r.summary.warnings;
  return `<section class="panel"><div class="panel-head"><h2>Signals</h2></div><div class="panel-body">
<dl class="kv">
  <dt>Entry signals</dt><dd>${count(g.entries_fired)} fired, ${count(g.entries_taken)} taken${refused.length ? `, ${count(refused.reduce((a, [, n]) => a + n, 0))} not taken` : ''}</dd>
  ${refused.map(([why, n]) => `<dt class="faint">not taken: ${esc(why.replace(/_/g, ' '))}</dt><dd>${count(n)}</dd>`).join('\n  ')}
  <dt>Exit signals</dt><dd>${count(g.exits_fired)} fired, ${count(g.exits_taken)} closed a position</dd>
</dl>
${notes.length ? `<h3>Notes</h3><ul class="plain">${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
</div></section>`;
}

/** Everything the numbers depend on, so two runs can be compared and reproduced. */
export function dependsOn(r: BacktestResult, when: When): string {
  const p = r.run_parameters;
  const params = Object.entries(p.params);
  const rows: [string, string][] = [
    ['Fingerprint', `<code>${esc(p.fingerprint)}</code>`],
    ['Source hash', `<code>${esc(p.source_hash)}</code>`],
    ['Compiler · engine', `${esc(p.compiler.name)} ${esc(p.compiler.version)} · ${esc(p.engine.name)} ${esc(p.engine.version)}`],
    ['Params', params.length ? params.map(([k, v]) => `<code>${esc(k)} = ${esc(String(v))}</code>`).join(', ') : '<span class="faint">none</span>'],
    ['Window', `${esc(p.start_date ?? 'first bar')} → ${esc(p.end_date ?? 'last bar')}`],
    ['Capital', money(p.capital)],
    ['Fills', `market orders ${p.fill === 'next_open' ? 'at the next bar’s open' : 'on the signal bar’s close'}; stop and target in one bar: ${esc(p.intrabar)}`],
    ['Commission', esc(p.costs.commission)],
    ['Slippage', esc(p.costs.slippage)],
    ...p.data.map((d): [string, string] => [`Data · ${esc(symbolOf(d.instrument))}`, `${esc(d.source)} · ${esc(d.timeframe)} · ${count(d.bars)} bars · ${esc(when(d.first_bar))} → ${esc(when(d.last_bar))} · <code>${esc(d.hash)}</code>`]),
    ['Data hash', `<code>${esc(p.data_hash)}</code>`],
  ];
  return `<section class="panel"><div class="panel-head"><h2>What this result depends on</h2><span class="note">equal fingerprints ⇒ equal results</span></div><div class="panel-body">
<dl class="kv">
${rows.map(([k, v]) => `  <dt>${k}</dt><dd>${v}</dd>`).join('\n')}
</dl>
</div></section>`;
}
