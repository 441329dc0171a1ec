import { runBacktest } from '../backtest/run.js';
import type { ConditionTrace, TraceValue } from '../evaluator/compile-rules.js';
import type { Candle } from '../market/candle.js';
import type { Fill, OrderIntent } from '../strategy/orders.js';
import { openPnl } from '../strategy/position.js';
import type { CoreState } from '../strategy/state.js';
import { seriesColumns } from '../series-export/columns.js';
import type { PreparedRun } from '../sweep/run-spec.js';
import { entryGates, type Gate } from './gates.js';
import { nearbyMessage } from './nearby.js';
import { BarProbe, type SeenDecision, type SeenFill } from './probe.js';

/**
 * `algo explain --at`: why a strategy did or did not trade on one bar — of the real run,
 * watched as `algo backtest` makes it (see `BarProbe`). For each instrument with a bar at
 * that time: the bar, warm-up per timeframe, what filled inside the bar before its close,
 * the position at the close, every rule with every condition's values and whether it held,
 * what became of each fired rule (taken, or refused and by what), every gate an entry has to
 * pass, the orders decided and what they filled at, and the value of every `let` and
 * indicator (blank before its warm-up). One JSON-ready object (`--json`); `renderExplanation`
 * says it in words.
 */
export const EXPLAIN_FORMAT = 'algo.explain/v1';

export interface BarReport {
  readonly format: typeof EXPLAIN_FORMAT;
  readonly strategy: string;
  readonly timeframe: string;
  readonly time_zone: string;
  /** open time (UTC ms) of the bar explained */
  readonly at: number;
  readonly fill_mode: 'next_open' | 'on_close';
  /** the params the run used */
  readonly params: Record<string, number | boolean>;
  readonly instruments: InstrumentReport[];
  /** instruments the strategy trades with no bar at this time */
  readonly missing: { instrument: string; before: number | null; after: number | null }[];
}

export interface InstrumentReport {
  readonly instrument: string;
  readonly bar: Candle;
  /** the bar's close, minutes after midnight in the exchange's zone (`clock.time`) */
  readonly close_minute: number;
  readonly warm: boolean;
  readonly timeframes: { timeframe: string; completed: number; needed: number }[];
  readonly filled_before_close: FillNote[];
  readonly positions: PositionNote[];
  readonly rules: RuleNote[];
  readonly gates: Gate[];
  readonly orders: OrderNote[];
  readonly series: SeriesNote[];
  /** the data has no bar after this one (orders for the next open cannot fill) */
  readonly last_bar: boolean;
}

export interface FillNote {
  readonly order_id: string;
  readonly contract: string;
  readonly side: 'buy' | 'sell';
  readonly qty: number;
  readonly price: number;
  readonly time: number;
  readonly at: Fill['at'];
  readonly reason?: string;
  readonly costs: number;
  /** protective levels set by an entry fill */
  readonly stop?: number | null;
  readonly target?: number | null;
  /** an exit fill's trade result */
  readonly net_pnl?: number;
}

export interface PositionNote {
  readonly id: string;
  readonly contract: string;
  readonly side: 'long' | 'short';
  readonly qty: number;
  readonly entry_price: number;
  readonly entry_time: number;
  readonly bars: number;
  readonly mark: number;
  readonly open_pnl: number;
  readonly stop: number;
  readonly target: number | null;
  readonly trail_level: number | null;
  /** why an exit order is out for it (decided on this bar or before), or null */
  readonly exiting: string | null;
}

export interface RuleNote {
  readonly rule: string;
  readonly label?: string;
  readonly type: 'entry' | 'exit';
  readonly fired: boolean;
  /** what came of it: `taken`, `refused`, `closes`, `nothing_to_close`, `not_fired`, `not_evaluated` */
  readonly outcome: 'taken' | 'refused' | 'closes' | 'nothing_to_close' | 'not_fired' | 'not_evaluated';
  /** the refusal reason (`in_position`, `outside_session`, …) or the positions it closes */
  readonly detail?: string;
  readonly conditions: ConditionTrace;
}

export interface OrderNote {
  readonly intent: OrderIntent;
  /** its fill, null when the data ended before it could fill */
  readonly fill: FillNote | null;
}

export interface SeriesNote {
  readonly id: string;
  readonly name: string;
  readonly timeframe: string;
  readonly value: TraceValue;
  /** first bar (of its timeframe, 0-based) with a value, and how many have completed */
  readonly warmup: number;
  readonly completed: number;
}

/** Options of `explainBar`. */
export interface ExplainOptions {
  /** explain only this instrument (its key or symbol) */
  readonly instrument?: string;
}

/** Explains the bar opening at `at` (UTC ms), or says why it cannot (no such bar — naming the bars nearby — or a warm-up bar). */
export async function explainBar(run: PreparedRun, at: number, o: ExplainOptions = {}): Promise<{ report: BarReport; errors: [] } | { report?: undefined; errors: string[] }> {
  const settings = run.graph.settings;
  let wanted = run.instruments;
  if (o.instrument !== undefined) {
    const k = run.instruments.find((x) => x === o.instrument) ?? run.instruments.find((x) => x.split('|')[1] === o.instrument);
    if (!k) return { errors: [`--symbol ${o.instrument}: the strategy does not trade it (it trades ${run.instruments.join(', ')})`] };
    wanted = [k];
  }
  const probe = new BarProbe(at, run.options.from);
  const data = run.opened.data.map((d) => ({ ...d, source: probe.wrap(d.instrument, d.source) }));
  const outcome = await runBacktest(run.graph, data, { ...run.options, onCore: probe.attach });
  if (!outcome.result) return { errors: outcome.errors };

  const found = wanted.filter((k) => probe.around.get(k)?.exact);
  if (found.length === 0) return { errors: [nearbyMessage(wanted, probe.around, at, settings.timezone, settings.timeframe, run.options.from)] };
  const warmups = found.filter((k) => probe.around.get(k)!.warmup);
  if (warmups.length === found.length) {
    return { errors: [`--at: that bar comes before the trading window (it starts ${run.options.startDate ?? 'at --from'}); bars before --from only warm the indicators up and no rule acts on them — explain a bar from ${run.options.startDate ?? '--from'} on, or move --from earlier`] };
  }
  const instruments = found.filter((k) => probe.decisions.has(k)).map((k) => instrumentReport(run, k, probe.decisions.get(k)!, probe.fills, probe.around.get(k)!.after === undefined));
  const missing = run.instruments.filter((k) => !probe.around.get(k)?.exact).map((k) => ({ instrument: k, before: probe.around.get(k)?.before ?? null, after: probe.around.get(k)?.after ?? null }));
  return {
    report: { format: EXPLAIN_FORMAT, strategy: settings.name, timeframe: settings.timeframe, time_zone: settings.timezone, at, fill_mode: run.options.fill ?? settings.fill, params: Object.fromEntries(run.graph.params.map((p) => [p.name, p.value])), instruments, missing },
    errors: [],
  };
}

function instrumentReport(run: PreparedRun, instrument: string, d: SeenDecision, seen: readonly SeenFill[], lastBar: boolean): InstrumentReport {
  const graph = run.graph;
  const ex = d.explanation;
  const mine = (f: SeenFill) => f.fill.contract === instrument || f.trade?.instrument === instrument || [...d.before.positions, ...d.after.positions, ...d.before.pending, ...d.after.pending].some((p) => p.contract === f.fill.contract && p.instrument === instrument);
  // Data cut one bar after the target closes what is open at "end of data": not part of the real run.
  const real = seen.filter((f) => mine(f) && (lastBar || f.fill.reason !== 'end_of_data'));
  const gates = entryGates(graph.settings, instrument, ex.warm, ex.clock.time, d.before, d.after);
  const refusedNow = refusals(d.before, d.after);
  const rules: RuleNote[] = ex.rules.map((r, i) => {
    const rule = graph.rules[i]!;
    const label = rule.event.type === 'entry' ? rule.event.params.label : undefined;
    const base = { rule: r.rule, ...(label ? { label } : {}), type: r.type, fired: r.fired, conditions: r.conditions };
    if (!ex.warm) return { ...base, outcome: 'not_evaluated' as const };
    if (!r.fired) return { ...base, outcome: 'not_fired' as const };
    if (r.type === 'entry') {
      if (d.intents.some((x) => x.type === 'entry' && x.signal.rule === r.rule)) return { ...base, outcome: 'taken' as const };
      const gate = gates.find((g) => g.open === false && g.reason !== 'warm_up');
      return { ...base, outcome: 'refused' as const, detail: gate?.reason ?? refusedNow.shift() ?? 'unknown' };
    }
    const closes = d.intents.filter((x) => x.type === 'exit' && x.signal.rule === r.rule).map((x) => (x.type === 'exit' ? x.position_id : ''));
    return closes.length ? { ...base, outcome: 'closes' as const, detail: closes.join(', ') } : { ...base, outcome: 'nothing_to_close' as const };
  });
  const tfs = graph.settings.timeframes;
  const columns = seriesColumns(graph);
  return {
    instrument,
    bar: d.bar,
    close_minute: ex.clock.time,
    warm: ex.warm,
    timeframes: tfs.map((tf, k) => ({ timeframe: tf, completed: ex.completed[k] ?? 0, needed: (ex.warmup[k] ?? 0) + 1 })),
    filled_before_close: real.filter((f) => f.phase === 'before_close').map(note),
    // After the close: marks, bar counts and trailing stops moved; exits decided here are still orders.
    positions: d.after.positions.filter((p) => p.instrument === instrument).map((p) => ({
      id: p.id, contract: p.contract, side: p.side, qty: p.qty, entry_price: p.entry_price, entry_time: p.entry_time, bars: p.bars, mark: p.mark, open_pnl: openPnl(p, p.mark), stop: p.stop, target: p.target, trail_level: p.trail_level, exiting: p.exiting?.reason ?? null,
    })),
    rules,
    gates,
    orders: d.intents.map((intent) => {
      const id = intent.type === 'entry' || intent.type === 'exit' ? intent.order_id : undefined;
      const f = id === undefined ? undefined : real.find((x) => x.fill.order_id === id && x.phase !== 'before_close');
      return { intent, fill: f ? note(f) : null };
    }),
    series: columns.map((c) => ({ id: c.id, name: c.header, timeframe: c.timeframe, value: ex.series[c.id] ?? null, warmup: c.warmup, completed: ex.completed[tfs.indexOf(c.timeframe)] ?? 0 })),
    last_bar: lastBar,
  };
}

/** Refusal reasons counted on this bar, in a list (one per refused entry). */
function refusals(before: CoreState, after: CoreState): string[] {
  const out: string[] = [];
  for (const [k, n] of Object.entries(after.stats.refused)) for (let i = before.stats.refused[k] ?? 0; i < n; i++) out.push(k);
  return out;
}

function note(s: SeenFill): FillNote {
  const f = s.fill;
  const protect = s.intents.find((x) => x.type === 'protect');
  return {
    order_id: f.order_id,
    contract: f.contract,
    side: f.side,
    qty: f.qty,
    price: f.price,
    time: f.time,
    at: f.at,
    ...(f.reason ? { reason: f.reason } : {}),
    costs: f.costs.total,
    ...(protect && protect.type === 'protect' ? { stop: protect.stop, target: protect.target } : {}),
    ...(s.trade ? { net_pnl: s.trade.net_pnl } : {}),
  };
}
