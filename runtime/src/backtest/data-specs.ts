import type { RuleGraph } from '@algo/compiler';
import { timeframeMs } from '@algo/language';
import { DataError, type CandleSource } from '../data/candle-source.js';
import type { CsvReadOptions } from '../data/csv/options.js';
import { CsvCandleSource } from '../data/csv/reader.js';
import type { ExchangeSession } from '../data/session.js';
import { sessionClock } from '../data/session.js';
import { synthCandles } from '../data/synth/synth.js';
import { DAY_MS } from '../data/zone-clock.js';
import type { HistoricalCandlesRepository } from '../storage/repositories/historical-candles.js';
import { detectTimeframe, toStrategyTimeframe } from './inputs.js';
import type { OptionChain } from './option-chain.js';
import type { InstrumentData } from './run.js';
import { SyntheticOptionChain } from './synthetic-chain.js';
import type { InstrumentSpec } from '../strategy/instrument.js';

/**
 * `--data` for a backtest, shared by the CLI, the API and the report/explain commands:
 * which bars feed which instrument, opened as candle sources in the strategy's timeframe.
 *
 * Forms (repeatable, one per instrument, or one for all):
 * - `prices.csv` — a CSV file, when the strategy trades one instrument;
 * - `NSE_EQ|TCS=tcs.csv` (or `TCS=tcs.csv`) — a CSV file for that instrument;
 * - `synth` — deterministic synthetic bars for every instrument; `synth:NSE_EQ|TCS`
 *   (or `synth:TCS`) for one; an options strategy also gets a synthetic chain;
 * - `mongo:NSE_EQ|TCS` (or `mongo` for all) — `historical_candles`.
 */
export type DataSpec =
  | { readonly instrument: string; readonly kind: 'csv'; readonly path: string }
  | { readonly instrument: string; readonly kind: 'synth' }
  | { readonly instrument: string; readonly kind: 'mongo' };

/**
 * Base bars a graph needs before every timeframe is warm (a day counted as one session's
 * bars), so synthetic data can start early enough for `--from` to be the first trading bar.
 */
export function warmupBars(graph: RuleGraph, session: ExchangeSession): number {
  const clock = sessionClock(session);
  const sessionMs = clock.closeMs - clock.openMs > 0 ? clock.closeMs - clock.openMs : clock.closeMs - clock.openMs + DAY_MS;
  const base = Math.min(timeframeMs(graph.settings.timeframe), sessionMs);
  let bars = 0;
  for (const tf of graph.settings.timeframes) {
    const ms = timeframeMs(tf);
    const perBar = ms >= 7 * DAY_MS ? (5 * sessionMs) / base : ms >= DAY_MS ? sessionMs / base : Math.max(1, ms / base);
    bars = Math.max(bars, Math.ceil(((graph.warmup[tf] ?? 0) + 1) * perBar));
  }
  return bars;
}

/** Matches `name` against the instruments: the whole key, or the symbol after `|`. */
function match(name: string, instruments: readonly string[]): string | undefined {
  return instruments.find((k) => k === name) ?? instruments.find((k) => k.split('|')[1] === name);
}

/** Assigns each `--data` argument to an instrument; every instrument must get exactly one. */
export function parseDataSpecs(args: readonly string[], instruments: readonly string[]): { specs: DataSpec[] } | { error: string } {
  const out = new Map<string, DataSpec>();
  const list = instruments.join(', ');
  const put = (s: DataSpec, arg: string): string | undefined => {
    if (out.has(s.instrument)) return `--data ${arg}: ${s.instrument} already has data (${describe(out.get(s.instrument)!)})`;
    out.set(s.instrument, s);
    return undefined;
  };
  for (const arg of args) {
    let err: string | undefined;
    const scheme = /^(synth|mongo)(?::(.*))?$/.exec(arg);
    if (scheme) {
      const kind = scheme[1] as 'synth' | 'mongo';
      const targets = scheme[2] === undefined || scheme[2] === '' || scheme[2] === '*' ? instruments.filter((k) => !out.has(k)) : [match(scheme[2], instruments)];
      if (targets.some((t) => t === undefined)) return { error: `--data ${arg}: the strategy does not trade ${scheme[2]} (it trades ${list})` };
      for (const t of targets) err ??= put({ instrument: t!, kind }, arg);
    } else {
      const eq = arg.lastIndexOf('=');
      if (eq > 0) {
        const who = match(arg.slice(0, eq), instruments);
        if (!who) return { error: `--data ${arg}: the strategy does not trade ${arg.slice(0, eq)} (it trades ${list})` };
        err = put({ instrument: who, kind: 'csv', path: arg.slice(eq + 1) }, arg);
      } else if (instruments.length === 1) {
        err = put({ instrument: instruments[0]!, kind: 'csv', path: arg }, arg);
      } else {
        return { error: `--data ${arg}: the strategy trades ${instruments.length} instruments (${list}); say which file is which, e.g. --data "${instruments[0]}=${arg}"` };
      }
    }
    if (err) return { error: err };
  }
  const missing = instruments.filter((k) => !out.has(k));
  if (missing.length) return { error: `no --data for ${missing.join(', ')} (give a CSV file, synth or mongo for each instrument the strategy trades)` };
  return { specs: instruments.map((k) => out.get(k)!) };
}

function describe(s: DataSpec): string {
  return s.kind === 'csv' ? s.path : s.kind;
}

/** What `openData` needs to know. */
export interface OpenDataOptions {
  /** the strategy's base timeframe */
  readonly timeframe: string;
  readonly session: ExchangeSession;
  readonly asset: 'stocks' | 'options' | 'futures';
  /** trading window (exchange dates, both included); synthetic data defaults to 2024-01-01 .. 2024-03-31 */
  readonly from?: string;
  readonly to?: string;
  /** timeframe of the CSV/Mongo bars; detected from the bars when left out */
  readonly dataTimeframe?: string;
  readonly seed?: number;
  readonly csv?: CsvReadOptions;
  /** base bars the strategy needs before it is warm: synthetic data starts that much before `from` */
  readonly warmupBars: number;
  /** opens `historical_candles` (only called when a `mongo` spec is used) */
  readonly candles?: () => Promise<HistoricalCandlesRepository>;
}

/** Opened data: one source per instrument, the trading window in UTC ms, an option chain, notes for the user. */
export interface OpenedData {
  readonly data: InstrumentData[];
  readonly from?: number;
  readonly to?: number;
  readonly startDate?: string;
  readonly endDate?: string;
  readonly optionChain?: OptionChain;
  /** instrument master entries for synthetic derivatives (a synthetic lot size) */
  readonly spec?: (key: string) => InstrumentSpec | undefined;
  readonly notes: string[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Opens every spec as a source of the strategy's timeframe. Bad dates, a file whose
 * timeframe cannot become the strategy's, or a Mongo series that is not stored are
 * `DataError`s with a message naming the flag, file or instrument.
 */
export async function openData(specs: readonly DataSpec[], o: OpenDataOptions): Promise<OpenedData> {
  for (const [flag, v] of [['--from', o.from], ['--to', o.to]] as const) {
    if (v !== undefined && (!DATE.test(v) || Number.isNaN(Date.parse(v)))) throw new DataError('BAD_OPTION', `${flag} ${v}: a date YYYY-MM-DD`);
  }
  if (o.from && o.to && o.from > o.to) throw new DataError('BAD_OPTION', `--from ${o.from} is after --to ${o.to}`);
  const clock = sessionClock(o.session);
  const dayOf = (d: string) => Date.parse(`${d}T00:00:00Z`) / DAY_MS;
  const notes: string[] = [];
  const synthetic = specs.some((s) => s.kind === 'synth');
  let startDate = o.from;
  let endDate = o.to;
  if (synthetic && (!startDate || !endDate)) {
    startDate ??= '2024-01-01';
    endDate ??= startDate > '2024-03-31' ? startDate : '2024-03-31';
    notes.push(`synthetic data for ${startDate} .. ${endDate} (set --from/--to for another range)`);
  }
  const from = startDate ? clock.midnightOf(dayOf(startDate)) : undefined;
  const to = endDate ? clock.midnightOf(dayOf(endDate) + 1) : undefined;
  const barsPerDay = Math.max(1, Math.floor((clock.closeMs - clock.openMs) / Math.min(timeframeMs(o.timeframe), DAY_MS)));
  const leadDays = Math.ceil((o.warmupBars / barsPerDay) * 1.5) + 5;

  const data: InstrumentData[] = [];
  const synthSpecs = new Map<string, InstrumentSpec>();
  let optionChain: OptionChain | undefined;
  for (const s of specs) {
    if (s.kind === 'synth') {
      const lead = new Date((dayOf(startDate!) - leadDays) * DAY_MS).toISOString().slice(0, 10);
      const level = indexLevel(s.instrument);
      const source = synthCandles({ symbol: s.instrument, from: lead, to: endDate!, timeframe: o.timeframe, seed: o.seed ?? 1, session: o.session, ...(level ? { basePrice: level } : {}) });
      data.push({ instrument: s.instrument, source, label: `synth:${s.instrument} seed ${o.seed ?? 1}`, timeframe: o.timeframe });
      if (o.asset === 'futures') synthSpecs.set(s.instrument, { key: s.instrument, kind: 'future', lot_size: syntheticLot(s.instrument), tick_size: 0.05 });
      if (o.asset === 'options') optionChain = new SyntheticOptionChain({ underlying: s.instrument, session: o.session, barMs: timeframeMs(o.timeframe) });
    } else if (s.kind === 'csv') {
      let source: CandleSource = new CsvCandleSource(s.path, { timeZone: o.session.timeZone, ...o.csv });
      let tf = o.dataTimeframe;
      if (!tf) ({ timeframe: tf, source } = await detectTimeframe(source, s.path));
      data.push({ instrument: s.instrument, source: toStrategyTimeframe(source, tf, o.timeframe, o.session, s.path), label: s.path, timeframe: tf });
    } else {
      if (!o.candles) throw new DataError('BAD_OPTION', `--data mongo:${s.instrument}: no database to read from`);
      const repo = await o.candles();
      const stored = (await repo.listSeries()).filter((x) => x.instrument === s.instrument);
      const usable = stored.filter((x) => (o.dataTimeframe ? x.timeframe === o.dataTimeframe : timeframeMs(x.timeframe) <= timeframeMs(o.timeframe) && timeframeMs(o.timeframe) % timeframeMs(x.timeframe) === 0));
      usable.sort((a, b) => timeframeMs(b.timeframe) - timeframeMs(a.timeframe));
      const series = usable[0];
      if (!series) {
        const have = stored.map((x) => x.timeframe).join(', ');
        throw new DataError('TIMEFRAME_REFUSED', `--data mongo:${s.instrument}: historical_candles has ${have ? `only ${have} bars` : 'no candles'} for it; the strategy needs ${o.timeframe} bars (import them with algo data import)`);
      }
      const source = repo.source({ instrument: s.instrument, timeframe: series.timeframe, ...(to !== undefined ? { to } : {}) });
      data.push({ instrument: s.instrument, source: toStrategyTimeframe(source, series.timeframe, o.timeframe, o.session, `mongo:${s.instrument}`), label: `mongo:${s.instrument} ${series.timeframe}`, timeframe: series.timeframe });
    }
  }
  return {
    data,
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(startDate ? { startDate } : {}),
    ...(endDate ? { endDate } : {}),
    ...(optionChain ? { optionChain } : {}),
    ...(synthSpecs.size ? { spec: (key: string) => synthSpecs.get(key) } : {}),
    notes,
  };
}

/**
 * The price level synthetic bars of an index-like instrument move around, so strikes, lot
 * sizes and premiums look like the real contract's (Bank Nifty near 48,000, Nifty near
 * 22,000); undefined leaves the generator's own level.
 */
function indexLevel(key: string): number | undefined {
  const k = key.toUpperCase().replace(/\s+/g, '');
  if (k.includes('NIFTYBANK') || k.includes('BANKNIFTY')) return 48_000;
  if (k.includes('NIFTY')) return 22_000;
  return undefined;
}

/** A synthetic future's lot size: index-like names get an index lot, anything else one unit. */
function syntheticLot(key: string): number {
  const k = key.toUpperCase();
  return k.includes('BANKNIFTY') ? 30 : k.includes('NIFTY') ? 75 : 1;
}
