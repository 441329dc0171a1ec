import { createReferenceEngine, type ReferenceEngine, type RuleGraph } from '@algo/compiler';
import { STATE_FACTS } from '@algo/compiler';
import { timeframeMs } from '@algo/language';
import { collectCandles, fromCandles } from '../../../src/data/candle-source.js';
import { resample } from '../../../src/data/resample.js';
import { sessionClock, type ExchangeSession } from '../../../src/data/session.js';
import { loadProgram, type GraphProgram } from '../../../src/evaluator/program.js';
import type { Candle } from '../../../src/market/candle.js';
import { NaiveSeries, offsetMs, type V } from './naive-series.js';

/** What one differential run found. */
export interface DifferentialReport {
  /** base bars on which rules were evaluated */
  evaluated: number;
  /** events fired (reference side) */
  events: number;
  /** first disagreements, as readable lines (empty when both sides agree everywhere) */
  mismatches: string[];
}

const same = (a: V, b: number, type: 'number' | 'bool'): boolean => {
  if (a === null) return Number.isNaN(b);
  if (type === 'bool') return b === (a ? 1 : 0);
  return a === b;
};

/**
 * Runs `bars` through the fast evaluator and through the reference (naive series + json-
 * rules-engine on `graph.rules`), feeding both the same position facts (a simple position
 * driven by the reference's own events). Compares, on every bar: every series' latest value,
 * the clock facts, warm-up, and the fired rules in order.
 */
export function differential(graph: RuleGraph, session: ExchangeSession): (bars: readonly Candle[]) => Promise<DifferentialReport> {
  const loaded = loadProgram(graph, { exchange: session });
  if (!loaded.program) throw new Error(loaded.errors.join('\n'));
  const program = loaded.program;
  const ref = createReferenceEngine(graph);
  return (bars) => runDifferential(graph, program, ref, bars, session);
}

async function runDifferential(graph: RuleGraph, program: GraphProgram, ref: ReferenceEngine, bars: readonly Candle[], session: ExchangeSession): Promise<DifferentialReport> {
  const ev = program.instantiate();
  const base = graph.settings.timeframe;
  const baseMs = timeframeMs(base);
  const higher = new Map<string, Candle[]>();
  for (const tf of graph.settings.timeframes.slice(1)) higher.set(tf, await collectCandles(resample(fromCandles(bars.map((b) => ({ ...b }))), { from: base, to: tf, session })));
  const naive = new NaiveSeries(graph, session, higher);
  const clock = sessionClock(session);
  const mismatches: string[] = [];
  const note = (k: number, bar: Candle, what: string) => {
    if (mismatches.length < 8) mismatches.push(`bar ${k} (${new Date(bar.t).toISOString()}): ${what}`);
  };

  let pos: { side: 'long' | 'short'; entry: number; bars: number; label: string | undefined } | null = null;
  let prevDay = NaN;
  let prevTime = -1;
  let evaluated = 0;
  let events = 0;
  for (let k = 0; k < bars.length; k++) {
    const bar = bars[k]!;
    if (pos) pos.bars++;
    const d = pos ? (pos.side === 'long' ? 1 : -1) : 0;
    const facts: Record<string, number> = pos
      ? { 'position.qty': d, 'position.entry_price': pos.entry, 'position.bars': pos.bars, 'position.pnl': d * (bar.c - pos.entry), 'position.pnl_pct': (d * (bar.c - pos.entry)) / pos.entry }
      : {};
    STATE_FACTS.forEach((name, i) => (ev.state[i] = facts[name] ?? 0));
    naive.state = facts;
    const fired = ev.push(bar);
    naive.push(bar, baseMs);

    // clock facts, computed independently
    const day = clock.sessionDay(bar.t);
    const closeT = clock.closeOf(day);
    const end = bar.t < closeT && bar.t + baseMs > closeT ? closeT : bar.t + baseMs;
    const wall = new Date(end + offsetMs(graph.settings.timezone, end));
    const time = wall.getUTCHours() * 60 + wall.getUTCMinutes();
    const prev = day === prevDay ? prevTime : -1;
    prevDay = day;
    prevTime = time;
    if (ev.clock.time !== time || ev.clock.prevTime !== prev) note(k, bar, `clock ${ev.clock.time}/${ev.clock.prevTime} vs ${time}/${prev}`);

    for (const s of graph.series) {
      const fast = ev.valueAt(program.byId.get(s.id)!.index);
      const slow = naive.now(s.id);
      if (!same(slow, fast, s.type)) note(k, bar, `series ${s.id}: fast ${fast} vs reference ${String(slow)}`);
    }

    const counts = naive.counts();
    const warm = graph.settings.timeframes.every((tf, i) => counts[i]! > (graph.warmup[tf] ?? 0));
    if (warm !== ev.warm) note(k, bar, `warm ${ev.warm} vs ${warm} (counts ${counts.join(',')} / ${ev.completed().join(',')})`);
    const fastRules = Array.from(ev.fired.subarray(0, fired), (i) => graph.rules[i]!.name);
    if (!warm) {
      if (fired) note(k, bar, `fast fired ${fastRules.join(',')} before warm-up`);
      continue;
    }
    evaluated++;
    const series: Record<string, V> = {};
    const previous: Record<string, V> = {};
    for (const id of ref.needs.series) series[id] = naive.now(id);
    if (k > 0) for (const id of ref.needs.previous) previous[id] = naive.at(id, 1);
    const out = await ref.evaluate({ series, previous, position: facts, clock: { time, prev_time: prev } });
    const refRules = out.map((e) => e.rule);
    events += out.length;
    if (refRules.join(',') !== fastRules.join(',')) note(k, bar, `fired [${fastRules.join(',')}] vs reference [${refRules.join(',')}]`);

    for (const e of out) {
      if (e.type !== 'exit' || !pos) continue;
      const p = e.params as { side: string; entry_label?: string };
      if ((p.side === 'all' || p.side === pos.side) && (p.entry_label === undefined || p.entry_label === pos.label)) pos = null;
    }
    for (const e of out) {
      if (e.type !== 'entry' || pos) continue;
      const p = e.params as { side: 'long' | 'short'; label?: string };
      pos = { side: p.side, entry: bar.c, bars: 0, label: p.label };
    }
  }
  return { evaluated, events, mismatches };
}
