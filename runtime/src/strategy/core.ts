import type { EntryIntent as GraphEntry, ExitIntent as GraphExit, Settings } from '@algo/compiler';
import { STATE_FACTS } from '@algo/compiler';
import type { StrategyEvaluator } from '../evaluator/evaluator.js';
import type { GraphProgram } from '../evaluator/program.js';
import { DayWindow } from '../evaluator/day-window.js';
import { RUNTIME_ERROR_CODES, RuntimeError } from '../evaluator/errors.js';
import type { Candle } from '../market/candle.js';
import { applyFill, type FillHelpers, type FillResult } from './fills.js';
import { defaultSpec, type InstrumentSpec } from './instrument.js';
import { planLevel, planTrail, stopPrice, tighterStop, trailPrice } from './levels.js';
import type { OptionContractResolver } from './options.js';
import type { ExitIntent, Fill, FillMode, OrderIntent } from './orders.js';
import type { Signal } from './signal.js';
import { SignalRecord } from './records.js';
import { orderQuantity } from './sizing.js';
import { CoreStateSchema, initialState, type CoreState, type Position } from './state.js';
import { openPnl, protectIntent, roundStop } from './position.js';

/** What a core needs besides the graph. */
export interface CoreConfig {
  readonly program: GraphProgram;
  /** the instrument master: specs of the signal instruments and traded contracts (default: cash equity, lot 1, tick 0.05) */
  readonly spec?: (key: string) => InstrumentSpec | undefined;
  /** options strategies: how to pick the contract of a leg */
  readonly options?: OptionContractResolver;
  /** overrides the graph's `settings.fill` */
  readonly fill?: FillMode;
}

/** One signal instrument's evaluator and bookkeeping. */
interface Lane {
  readonly ev: StrategyEvaluator;
  lastT: number;
  /** its position facts were last written as flat (all 0), so they need no rewrite while flat */
  flat: boolean;
}

/** The intents of a bar that decided nothing (shared; never mutated). */
const NO_INTENTS: OrderIntent[] = [];

/** Signal instruments are traded themselves (their bars mark positions) except for options. */
const tradesOwnBars = (asset: Settings['asset']) => asset !== 'options';

const [QTY, ENTRY, BARS, PNL, PNL_PCT] = STATE_FACTS.map((_, i) => i) as [number, number, number, number, number];

/**
 * The strategy core shared by the backtester and the live engine (DESIGN.md §4). Fed each
 * instrument's base-timeframe bars at their close, it runs the graph's rules (through one
 * fast evaluator per instrument) and turns fired rules into order intents — entries with
 * their size and protective levels, exits, stop updates — each carrying its signal trace.
 * Brokers report fills back with `onFill`; the core then opens or closes positions, sets
 * stops and targets from the fill price, and hands out closed trades.
 *
 * It does no I/O and keeps no clock of its own: everything it knows is in a JSON state
 * (`snapshot()` / `StrategyCore.restore`) plus the evaluators' series, which `prime` rebuilds
 * from warm-up bars. Decisions on a bar, in order:
 * 1. a new session day resets the day's counters (and the base of `max_daily_loss`);
 * 2. the position's mark, bar count and best/worst prices move; the evaluator runs;
 * 3. `max_daily_loss` reached: exit everything, refuse entries for the rest of the day;
 * 4. the trailing stop follows the best price (never loosens);
 * 5. exits fired this bar, then entries (so an exit and an opposite entry on one bar reverse).
 */
export class StrategyCore {
  readonly program: GraphProgram;
  readonly settings: Settings;
  /** the instruments whose bars drive the rules, in settings order (the underlying for options) */
  readonly instruments: readonly string[];
  readonly fillMode: FillMode;
  /**
   * Whether signals carry their condition trace (default true). A backtest that has listed
   * as many trades as it keeps turns it off: later trades only feed the metrics.
   */
  traceSignals = true;
  private state: CoreState;
  private readonly evaluators = new Map<string, StrategyEvaluator>();
  /** per signal instrument: its evaluator, latest bar time (mirrored into the state by `snapshot`), whether its facts read flat */
  private readonly lanes = new Map<string, Lane>();
  // A string from the start (not undefined), so V8 compares it with the bar's instrument as
  // strings rather than through its generic equality.
  private lastKey = '';
  private lastLane: Lane | undefined;
  private readonly ownBars: boolean;
  /**
   * One signal instrument that trades its own bars (stocks, futures — not options), and no
   * position on anything else: every position is then on the instrument of every bar, and
   * the per-bar loops skip comparing instrument names.
   */
  private readonly single: boolean;
  /** instrument master entries already looked up */
  private readonly specs = new Map<string, InstrumentSpec>();
  private readonly dailyLimit: boolean;
  private readonly days: DayWindow;
  /**
   * `state.day.day` as a plain number (NaN before the first bar), for the per-bar check:
   * the state field may hold null, which makes V8 compare through its generic equality.
   */
  private stateDay = NaN;
  private readonly spec: (key: string) => InstrumentSpec | undefined;
  private readonly options: OptionContractResolver | undefined;
  /** intents of the bar being decided (copied out when not empty) */
  private readonly scratch: OrderIntent[] = [];
  /** the evaluator and the series reads of the entry being planned (see `onEntryRule`) */
  private levelEv: StrategyEvaluator | undefined;
  private levelReads: Record<string, number | boolean | null> | undefined;
  private readonly readLevel = (id: string): number => {
    const v = this.levelEv!.read(id);
    (this.levelReads ??= {})[id] = v ?? null;
    return typeof v === 'number' ? v : NaN;
  };
  /** the sizing inputs of the entry being planned, refilled each time (`orderQuantity` only reads them) */
  private readonly sizingInputs = { equity: NaN, price: NaN, stopDistance: NaN, lotSize: NaN };
  private readonly fillHelpers: FillHelpers = {
    spec: (key) => this.specOf(key),
    atr: (series, instrument) => this.evaluators.get(instrument)?.read(series) ?? null,
  };

  constructor(config: CoreConfig, state?: CoreState) {
    this.program = config.program;
    this.settings = config.program.graph.settings;
    const s = this.settings;
    this.instruments = s.asset === 'options' ? [s.underlying ?? ''] : [...s.symbols];
    this.fillMode = config.fill ?? s.fill;
    this.spec = config.spec ?? defaultSpec;
    this.options = config.options;
    this.state = state ? structuredClone(state) : initialState(s.capital);
    for (const key of this.instruments) {
      const ev = this.program.instantiate();
      this.evaluators.set(key, ev);
      this.lanes.set(key, { ev, lastT: this.state.last_bar[key] ?? -Infinity, flat: false });
    }
    this.days = new DayWindow(this.program.clock);
    this.stateDay = this.state.day.day ?? NaN;
    this.ownBars = tradesOwnBars(s.asset);
    this.single = this.ownBars && this.instruments.length === 1 && this.state.positions.every((p) => p.instrument === this.instruments[0] && p.contract === p.instrument);
    this.dailyLimit = s.risk.max_daily_loss !== undefined;
  }

  /** A core continuing from a snapshot; the state is validated (`ALGO_CORE_SNAPSHOT` when it does not match). */
  static restore(config: CoreConfig, snapshot: unknown): StrategyCore {
    const r = CoreStateSchema.safeParse(snapshot);
    if (!r.success) throw new RuntimeError(RUNTIME_ERROR_CODES.snapshot, `core snapshot: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return new StrategyCore(config, r.data);
  }

  /** A deep copy of the whole state, plain JSON. */
  snapshot(): CoreState {
    for (const [key, lane] of this.lanes) if (lane.lastT !== -Infinity) this.state.last_bar[key] = lane.lastT;
    for (const p of this.state.positions) this.state.marks[p.contract] = p.mark;
    return structuredClone(this.state);
  }

  /** The evaluator of a signal instrument (for explain and `algo series`). */
  evaluator(instrument: string): StrategyEvaluator {
    const ev = this.evaluators.get(instrument);
    if (!ev) throw new RuntimeError(RUNTIME_ERROR_CODES.feed, `the strategy does not trade ${instrument}`);
    return ev;
  }

  /** Open positions (copies). */
  positions(): Position[] {
    return structuredClone(this.state.positions);
  }

  /** How many positions are open (cheap; for per-bar bookkeeping). */
  openPositions(): number {
    return this.state.positions.length;
  }

  /** Contracts the core holds or has entries out for (option contracts whose bars the driver must feed). */
  contracts(): string[] {
    const out = new Set<string>();
    for (const p of this.state.positions) out.add(p.contract);
    for (const p of this.state.pending) out.add(p.contract);
    return [...out];
  }

  /** Writes equity and the open-position count into `m` (the backtest's per-bar mark; no number crosses a call). */
  markInto(m: { equity: number; positions: number }): void {
    const ps = this.state.positions;
    let e = this.state.cash;
    for (let i = 0; i < ps.length; i++) e += openPnl(ps[i]!, ps[i]!.mark);
    m.equity = e;
    m.positions = ps.length;
  }

  /** Cash plus the open profit of every position at its mark. */
  equity(): number {
    let e = this.state.cash;
    const ps = this.state.positions;
    for (let i = 0; i < ps.length; i++) e += openPnl(ps[i]!, ps[i]!.mark);
    return e;
  }

  /** Entry signals fired, taken and refused so far. */
  stats(): CoreState['stats'] {
    return structuredClone(this.state.stats);
  }

  /**
   * Feeds a bar to the evaluator without acting on it: rebuilds series after a restore
   * (replay the `indicators_config` warm-up bars) with the position facts as they are.
   */
  prime(instrument: string, bar: Candle): void {
    const lane = this.lane(instrument);
    this.writeFacts(lane.ev, instrument);
    lane.flat = false;
    lane.ev.push(bar);
    lane.lastT = bar.t;
  }

  /**
   * A bar of a traded contract that is not a signal instrument (an option): moves the
   * position's mark and best/worst prices. Signal instruments do this in `onBar`.
   */
  observe(contract: string, bar: Candle): void {
    const ps = this.state.positions;
    if (ps.length === 0) return;
    for (let i = 0; i < ps.length; i++) {
      const p = ps[i]!;
      if (p.contract !== contract) continue;
      p.mark = bar.c;
      p.best = p.side === 'long' ? Math.max(p.best, bar.h) : Math.min(p.best, bar.l);
      p.worst = p.side === 'long' ? Math.min(p.worst, bar.l) : Math.max(p.worst, bar.h);
    }
  }

  /**
   * The close of a signal instrument's bar (after the broker has filled what this bar
   * filled). Returns the order intents it decides, in the order a broker must apply them.
   */
  onBar(instrument: string, bar: Candle): OrderIntent[] {
    let lane = this.lastLane;
    if (instrument !== this.lastKey || !lane) {
      lane = this.lane(instrument);
      this.lastKey = instrument;
      this.lastLane = lane;
    }
    const ev = lane.ev;
    const st = this.state;
    if (!(bar.t > lane.lastT)) {
      throw new RuntimeError(RUNTIME_ERROR_CODES.feed, `${instrument}: bar at ${new Date(bar.t).toISOString()} does not come after ${new Date(lane.lastT).toISOString()}`);
    }
    lane.lastT = bar.t;
    const day = this.days.of(bar.t);
    if (day !== this.stateDay) {
      st.day = { day, start_equity: this.equity(), entries: 0, halted: false };
      this.stateDay = day;
    }
    const out = this.scratch;
    // Emptied by popping: setting `length` is a slow path in V8, and `length = 0` drops the
    // list's storage (allocated again by the next push).
    while (out.length !== 0) out.pop();
    const positions = st.positions;

    if (positions.length > 0) {
      if (this.single) markAll(positions, bar);
      else {
        if (this.ownBars) this.observe(instrument, bar);
        for (let i = 0; i < positions.length; i++) if (positions[i]!.instrument === instrument) positions[i]!.bars++;
      }
      this.writeFacts(ev, instrument);
      lane.flat = false;
    } else if (!lane.flat) {
      this.writeFacts(ev, instrument);
      lane.flat = true;
    }
    const fired = ev.push(bar);

    if (this.dailyLimit) this.checkDailyLoss(bar, out);
    for (let i = 0; i < positions.length; i++) {
      const p = positions[i]!;
      if ((this.single || p.instrument === instrument) && !p.exiting && p.trail) this.followTrail(p, ev, out);
    }

    if (fired === 0) return out.length ? out.slice() : NO_INTENTS;
    const rules = ev.rules;
    for (let i = 0; i < fired; i++) {
      const rule = rules[ev.fired[i]!]!.rule;
      if (rule.event.type === 'exit') this.onExitRule(instrument, ev, ev.fired[i]!, rule.event.params, bar, out);
    }
    for (let i = 0; i < fired; i++) {
      const rule = rules[ev.fired[i]!]!.rule;
      if (rule.event.type !== 'entry') continue;
      this.state.stats.entries_fired++;
      this.onEntryRule(instrument, ev, ev.fired[i]!, rule.event.params, bar, out);
    }
    return out.length ? out.slice() : NO_INTENTS;
  }

  /** Applies a broker's fill: opens a position (returning its protective orders) or closes one (returning the trade). */
  onFill(fill: Fill): FillResult {
    return applyFill(this.state, fill, this.fillHelpers);
  }

  /**
   * An entry or exit order that will never fill — refused by the live engine's risk checks,
   * rejected by the broker, or cancelled — so the core stops waiting for it: a pending entry
   * is dropped (it no longer counts towards today's entries; `reason` is counted under
   * `stats.refused`), an exit is forgotten so a later exit rule, stop or the end of the run
   * can close the position again. Returns what it dropped; an id it does not know (already
   * filled, or never its own) changes nothing. The backtester never calls it: a simulated
   * broker refuses nothing.
   */
  onOrderRejected(orderId: string, reason: string): 'entry' | 'exit' | undefined {
    const st = this.state;
    const i = st.pending.findIndex((p) => p.order_id === orderId);
    if (i >= 0) {
      st.pending.splice(i, 1);
      if (st.day.entries > 0) st.day.entries--;
      if (st.stats.entries_taken > 0) st.stats.entries_taken--;
      this.refuse(reason);
      return 'entry';
    }
    for (const p of st.positions) {
      if (p.exiting?.order_id === orderId) {
        p.exiting = null;
        return 'exit';
      }
    }
    return undefined;
  }

  /**
   * Closes everything at the end of a run (`end_of_data`) or on the way out of a session the
   * driver ends: cancels entries not filled and sends an `on_close` exit for every position
   * (replacing any exit still waiting for a next open that will not come).
   */
  closeAll(reason: 'end_of_data' | 'expiry', time: number, only?: (p: Position) => boolean): OrderIntent[] {
    const out: OrderIntent[] = [];
    if (!only) {
      for (const p of this.state.pending) out.push({ type: 'cancel', order_id: p.order_id, reason });
      this.state.pending = [];
    }
    for (const p of this.state.positions) {
      if (only && !only(p)) continue;
      if (p.exiting) out.push({ type: 'cancel', order_id: p.exiting.order_id, reason });
      p.exiting = null;
      out.push(this.exitIntent(p, reason, new SignalRecord(reason, time, undefined), 'on_close'));
    }
    return out;
  }

  private lane(instrument: string): Lane {
    const lane = this.lanes.get(instrument);
    if (!lane) throw new RuntimeError(RUNTIME_ERROR_CODES.feed, `the strategy does not trade ${instrument}`);
    return lane;
  }

  private specOf(key: string): InstrumentSpec {
    let s = this.specs.get(key);
    if (s) return s;
    s = this.spec(key) ?? defaultSpec(key);
    if (!s) throw new RuntimeError(RUNTIME_ERROR_CODES.feed, `no instrument master entry for ${key}`);
    this.specs.set(key, s);
    return s;
  }

  /**
   * Position facts of `instrument`. One position: its own figures. Several (option legs on
   * one underlying): net quantity, total open profit and that over the total entry value;
   * entry price and bars of the oldest. Flat: all 0.
   */
  private writeFacts(ev: StrategyEvaluator, instrument: string): void {
    const f = ev.state;
    for (let i = 0; i < f.length; i++) f[i] = 0;
    const ps = this.state.positions;
    if (ps.length === 0) return;
    let value = 0;
    let first = true;
    for (let i = 0; i < ps.length; i++) {
      const p = ps[i]!;
      if (!this.single && p.instrument !== instrument) continue;
      const d = p.side === 'long' ? 1 : -1;
      f[QTY] = f[QTY]! + d * p.qty;
      f[PNL] = f[PNL]! + openPnl(p, p.mark);
      value += p.entry_price * p.qty;
      if (first) {
        f[ENTRY] = p.entry_price;
        f[BARS] = p.bars;
        first = false;
      }
    }
    if (value > 0) f[PNL_PCT] = f[PNL]! / value;
  }

  private refuse(reason: string): false {
    const r = this.state.stats.refused;
    r[reason] = (r[reason] ?? 0) + 1;
    return false;
  }

  private nextId(prefix: string): string {
    return `${prefix}${this.state.next_id++}`;
  }

  private signalOf(ev: StrategyEvaluator, index: number, bar: Candle, label: string | undefined, reads?: Record<string, number | boolean | null>): Signal {
    const s = new SignalRecord(ev.rules[index]!.rule.name, bar.t, this.traceSignals ? ev.trace(index) : undefined);
    if (label !== undefined) s.label = label;
    if (reads) for (const _ in reads) {
      s.reads = reads;
      break;
    }
    return s;
  }

  private exitIntent(p: Position, reason: ExitIntent['reason'], signal: Signal, fill: FillMode): ExitIntent {
    const order_id = this.nextId('x');
    p.exiting = { order_id, reason, signal };
    return { type: 'exit', order_id, position_id: p.id, instrument: p.instrument, contract: p.contract, side: p.side === 'long' ? 'sell' : 'buy', qty: p.qty, fill, reason, signal };
  }

  private checkDailyLoss(bar: Candle, out: OrderIntent[]): void {
    const limit = this.settings.risk.max_daily_loss;
    const day = this.state.day;
    if (!limit || day.halted) return;
    const amount = limit.kind === 'amount' ? limit.value : limit.value * this.settings.capital;
    if (this.equity() - day.start_equity > -amount) return;
    day.halted = true;
    for (const p of this.state.pending) out.push({ type: 'cancel', order_id: p.order_id, reason: 'max_daily_loss' });
    this.state.pending = [];
    for (const p of this.state.positions) {
      if (!p.exiting) out.push(this.exitIntent(p, 'max_daily_loss', new SignalRecord('max_daily_loss', bar.t, undefined), this.fillMode));
    }
  }

  private followTrail(p: Position, ev: StrategyEvaluator, out: OrderIntent[]): void {
    const trail = p.trail!;
    const atr = trail.kind === 'atr' ? Number(ev.read(trail.series) ?? NaN) : NaN;
    const level = trailPrice(trail, p.best, p.side, atr);
    if (!Number.isFinite(level)) return;
    const tick = this.specOf(p.contract).tick_size;
    const rounded = roundStop(level, tick, p.side);
    const tighter = tighterStop(rounded, p.trail_level, p.side);
    if (tighter === p.trail_level) return;
    p.trail_level = tighter;
    out.push(protectIntent(p));
  }

  private onExitRule(instrument: string, ev: StrategyEvaluator, index: number, e: GraphExit, bar: Candle, out: OrderIntent[]): void {
    this.state.stats.exits_fired++;
    let signal: Signal | undefined;
    for (const p of this.state.positions) {
      if (p.instrument !== instrument || p.exiting) continue;
      if (e.side !== 'all' && e.side !== p.side) continue;
      if (e.entry_label !== undefined && e.entry_label !== p.label) continue;
      if (e.closes && !e.closes.includes(p.signal.rule)) continue;
      signal ??= this.signalOf(ev, index, bar, undefined);
      this.state.stats.exits_taken++;
      out.push(this.exitIntent(p, 'signal', signal, this.fillMode));
    }
  }

  private onEntryRule(instrument: string, ev: StrategyEvaluator, index: number, e: GraphEntry, bar: Candle, out: OrderIntent[]): boolean {
    const st = this.state;
    const s = this.settings;
    // One position per instrument (a net position) — for options, one per entry rule (each leg is its own contract).
    const legs = s.asset === 'options';
    let open = st.pending.length;
    let held = false;
    for (let i = 0; i < st.positions.length; i++) {
      const p = st.positions[i]!;
      if (p.exiting) continue;
      open++;
      if (p.instrument === instrument && (!legs || p.signal.rule === e.rule)) held = true;
    }
    for (let i = 0; i < st.pending.length; i++) {
      const p = st.pending[i]!;
      if (p.instrument === instrument && (!legs || p.signal.rule === e.rule)) held = true;
    }
    if (held) return this.refuse('in_position');
    const t = ev.clock.time;
    if (t < s.session.start.minute || t > s.session.end.minute) return this.refuse('outside_session');
    if (st.day.halted) return this.refuse('max_daily_loss');
    if (s.risk.max_trades_per_day !== undefined && st.day.entries >= s.risk.max_trades_per_day) return this.refuse('max_trades_per_day');
    if (open >= s.max_positions) return this.refuse('max_positions');

    // Levels read their series through `readLevel` (made once per core: a closure made here
    // would cost a context allocation on every fired entry rule, refused ones included).
    this.levelEv = ev;
    this.levelReads = undefined;
    const stop = planLevel(e.stop_loss, this.readLevel);
    const target = e.take_profit ? planLevel(e.take_profit, this.readLevel) : null;
    if (!stop || target === undefined) return this.refuse('level_not_ready');
    if (e.trailing_stop?.kind === 'atr') this.readLevel(e.trailing_stop.series);
    const reads = this.levelReads;

    let contract = instrument;
    let price = bar.c;
    if (s.asset === 'options') {
      if (!e.option || !this.options) return this.refuse('no_option_chain');
      const r = this.options.resolve(instrument, e.option, bar.c, bar.t);
      if ('error' in r) return this.refuse('no_option_contract');
      contract = r.spec.key;
      price = r.price;
    }
    const spec = this.specOf(contract);
    // The string constants themselves (not the graph's copy), so V8 compares a position's
    // side on every bar by identity.
    const side = (s.asset === 'options' ? e.option!.action === 'buy' : e.side === 'long') ? 'long' : 'short';
    const stopAt = stopPrice(stop, price, side);
    const x = this.sizingInputs;
    x.equity = this.equity();
    x.price = price;
    x.stopDistance = Math.abs(price - stopAt);
    x.lotSize = spec.lot_size;
    const qty = orderQuantity(e.sizing, x);
    if (qty <= 0) return this.refuse('size_zero');

    const order_id = this.nextId('e');
    const signal = this.signalOf(ev, index, bar, e.label, reads);
    st.pending.push({
      order_id,
      instrument,
      contract,
      side,
      qty,
      fill: this.fillMode,
      stop,
      target,
      trail: e.trailing_stop ? planTrail(e.trailing_stop) : null,
      label: e.label ?? null,
      signal,
    });
    st.day.entries++;
    st.stats.entries_taken++;
    out.push({ type: 'entry', order_id, instrument, contract, side: side === 'long' ? 'buy' : 'sell', position_side: side, qty, fill: this.fillMode, signal });
    return true;
  }
}

/** `observe` and the bar count for every position, all on the bar's instrument (see `StrategyCore.single`). */
function markAll(ps: readonly Position[], bar: Candle): void {
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i]!;
    p.mark = bar.c;
    p.best = p.side === 'long' ? Math.max(p.best, bar.h) : Math.min(p.best, bar.l);
    p.worst = p.side === 'long' ? Math.min(p.worst, bar.l) : Math.max(p.worst, bar.h);
    p.bars++;
  }
}
