import type { Expr, RuleGraph, Series } from '@algo/compiler';
import { STATE_FACTS } from '@algo/compiler';
import { applyMath, timeframeMs } from '@algo/language';
import { DAY_MS } from '../../../src/data/zone-clock.js';
import { sessionClock, type ExchangeSession } from '../../../src/data/session.js';
import { createIndicator } from '../../../src/indicators/factory.js';
import type { Indicator } from '../../../src/indicators/indicator.js';
import type { Candle } from '../../../src/market/candle.js';

/**
 * A deliberately naive second implementation of series evaluation, for the differential
 * test: every series keeps its whole history as JS values (number | boolean | null), each
 * expression is walked recursively on every bar, higher-timeframe bars come from the data
 * layer's `resample` (collected up front) and become visible once the base bar closing at or
 * after their end arrives, or the first base bar of a later bucket does. Only the indicator
 * classes are shared with the fast path (they are held to TA-Lib on their own).
 */
export type V = number | boolean | null;

const num = (v: V): v is number => typeof v === 'number' && Number.isFinite(v);
const clean = (v: number): V => (Number.isFinite(v) ? v : null);

interface Tf {
  tf: string;
  bars: Candle[];
  ends: number[];
  /** completed bars visible so far */
  visible: number;
}

export class NaiveSeries {
  readonly values = new Map<string, V[]>();
  private readonly series: readonly Series[];
  private readonly params: Map<string, number | boolean>;
  private readonly indicators = new Map<string, Indicator>();
  private readonly tfs: Tf[];
  state: Record<string, number> = {};
  baseCount = 0;

  constructor(
    private readonly graph: RuleGraph,
    session: ExchangeSession,
    higher: ReadonlyMap<string, Candle[]>,
  ) {
    this.series = graph.series;
    this.params = new Map(graph.params.map((p) => [p.name, p.value]));
    const clock = sessionClock(session);
    this.tfs = graph.settings.timeframes.slice(1).map((tf) => {
      const bars = higher.get(tf)!;
      const ms = timeframeMs(tf);
      const ends = bars.map((b) => {
        const day = clock.sessionDay(b.t);
        const close = clock.closeOf(day);
        if (ms < DAY_MS) return b.t < close ? Math.min(b.t + ms, close) : b.t + ms;
        if (tf === '1d') return clock.closeOf(day);
        return clock.closeOf(day + 4);
      });
      return { tf, bars, ends, visible: 0 };
    });
    for (const s of this.series) {
      this.values.set(s.id, []);
      if (s.expr.op === 'call') {
        const consts = s.expr.args.map((a) => (a.op === 'const' && typeof a.value === 'number' ? a.value : a.op === 'param' ? Number(this.params.get(a.name)!) : undefined));
        this.indicators.set(s.id, createIndicator(s.expr.fn, consts, { session }));
      }
    }
  }

  /** Completed bars per timeframe, base first. */
  counts(): number[] {
    return [this.baseCount, ...this.tfs.map((t) => t.visible)];
  }

  /**
   * Processes base bar `bar`. Higher bar j becomes visible on the first base bar that starts
   * in a later bucket (its own last bars were missing), or whose end reaches j's end.
   */
  push(bar: Candle, baseMs: number): void {
    const end = bar.t + baseMs;
    for (let k = this.tfs.length - 1; k >= 0; k--) {
      const tf = this.tfs[k]!;
      while (tf.visible + 1 < tf.bars.length && bar.t >= tf.bars[tf.visible + 1]!.t) this.complete(tf);
    }
    for (let k = this.tfs.length - 1; k >= 0; k--) {
      const tf = this.tfs[k]!;
      while (tf.visible < tf.bars.length && bar.t >= tf.bars[tf.visible]!.t && end >= tf.ends[tf.visible]!) this.complete(tf);
    }
    for (const s of this.series) if (s.timeframe === this.graph.settings.timeframe) this.update(s, bar);
    this.baseCount++;
  }

  private complete(tf: Tf): void {
    const bar = tf.bars[tf.visible]!;
    tf.visible++;
    for (const s of this.series) if (s.timeframe === tf.tf) this.update(s, bar);
  }

  private update(s: Series, bar: Candle): void {
    const e = s.expr;
    let v: V;
    if (e.op === 'field') v = field(e.field, bar, this.graph);
    else if (e.op === 'call') {
      const ind = this.indicators.get(s.id)!;
      const srcs = e.args.filter((a) => a.op === 'ref').map((a) => this.now((a as { id: string }).id));
      const [a, b] = srcs.map((x) => (num(x) ? x : typeof x === 'boolean' ? (x ? 1 : 0) : NaN));
      ind.update(bar, a ?? NaN, b ?? NaN);
      const idx = ind.outputIndex(e.output ?? '');
      const out = ind.out[idx]!;
      v = Number.isFinite(out) ? (s.type === 'bool' ? out !== 0 : out) : null;
    } else v = this.eval(e);
    if (s.type === 'bool' && typeof v === 'number') v = v !== 0;
    this.values.get(s.id)!.push(typeof v === 'number' ? clean(v) : v);
  }

  /** Value of series `id`, `ago` bars of its own timeframe back. */
  at(id: string, ago: number): V {
    const h = this.values.get(id)!;
    const i = h.length - 1 - ago;
    return i >= 0 ? h[i]! : null;
  }

  now(id: string): V {
    return this.at(id, 0);
  }

  private agoOf(a: Extract<Expr, { op: 'ref' }>['ago']): number {
    if (!a) return 0;
    return a.op === 'const' ? a.value : Number(this.params.get(a.name)!);
  }

  private eval(e: Expr): V {
    switch (e.op) {
      case 'const':
        return e.value;
      case 'param':
        return this.params.get(e.name)!;
      case 'state':
        return this.state[e.name] ?? 0;
      case 'ref':
        return this.at(e.id, this.agoOf(e.ago));
      case 'fn': {
        const args = e.args.map((a) => this.eval(a));
        if (!args.every(num)) return null;
        return clean(applyMath(e.fn, args as number[]) ?? NaN);
      }
      case 'neg': {
        const x = this.eval(e.args[0]);
        return num(x) ? -x : null;
      }
      case 'not': {
        const x = this.eval(e.args[0]);
        return typeof x === 'boolean' ? !x : null;
      }
      case 'add':
      case 'sub':
      case 'mul':
      case 'div': {
        const a = this.eval(e.args[0]);
        const b = this.eval(e.args[1]);
        if (!num(a) || !num(b)) return null;
        return clean(e.op === 'add' ? a + b : e.op === 'sub' ? a - b : e.op === 'mul' ? a * b : a / b);
      }
      case 'and':
      case 'or': {
        const a = this.eval(e.args[0]);
        const b = this.eval(e.args[1]);
        if (typeof a !== 'boolean' || typeof b !== 'boolean') return null;
        return e.op === 'and' ? a && b : a || b;
      }
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte': {
        const a = this.eval(e.args[0]);
        const b = this.eval(e.args[1]);
        if (!num(a) || !num(b)) return false;
        return e.op === 'gt' ? a > b : e.op === 'gte' ? a >= b : e.op === 'lt' ? a < b : a <= b;
      }
      case 'eq':
      case 'neq': {
        const a = this.eval(e.args[0]);
        const b = this.eval(e.args[1]);
        const ok = (num(a) && num(b)) || (typeof a === 'boolean' && typeof b === 'boolean');
        return ok && (a === b) === (e.op === 'eq');
      }
      case 'between': {
        const [x, lo, hi] = e.args.map((a) => this.eval(a));
        return num(x) && num(lo) && num(hi) && lo <= x && x <= hi;
      }
      case 'crossesAbove':
      case 'crossesBelow': {
        const [a, b] = e.args;
        const ago = this.agoOf(a.ago);
        const an = this.at(a.id, ago);
        const ap = this.at(a.id, ago + 1);
        let bn: V;
        let bp: V;
        if (b.op === 'ref') {
          const bago = this.agoOf(b.ago);
          bn = this.at(b.id, bago);
          bp = this.at(b.id, bago + 1);
        } else bn = bp = b.op === 'const' ? b.value : Number(this.params.get(b.name)!);
        if (!num(an) || !num(ap) || !num(bn) || !num(bp)) return false;
        return e.op === 'crossesAbove' ? ap <= bp && an > bn : ap >= bp && an < bn;
      }
      case 'field':
      case 'call':
        throw new Error(`${e.op} inside an expression`);
    }
  }
}

function field(name: string, b: Candle, graph: RuleGraph): V {
  switch (name) {
    case 'open':
      return b.o;
    case 'high':
      return b.h;
    case 'low':
      return b.l;
    case 'close':
      return b.c;
    case 'volume':
      return b.v;
    case 'oi':
      return b.oi ?? null;
    case 'hl2':
      return (b.h + b.l) / 2;
    case 'hlc3':
      return (b.h + b.l + b.c) / 3;
    case 'ohlc4':
      return (b.o + b.h + b.l + b.c) / 4;
    case 'time': {
      const wall = new Date(b.t + offsetMs(graph.settings.timezone, b.t));
      return wall.getUTCHours() * 60 + wall.getUTCMinutes();
    }
  }
  throw new Error(`field ${name}`);
}

const formats = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

/** The zone's UTC offset at `t`, from Intl (independent of the runtime's ZoneClock); cached per UTC hour. */
export function offsetMs(timeZone: string, t: number): number {
  const key = `${timeZone}|${Math.floor(t / 3_600_000)}`;
  let o = offsets.get(key);
  if (o === undefined) {
    o = lookUpOffset(timeZone, t);
    offsets.set(key, o);
  }
  return o;
}

function lookUpOffset(timeZone: string, t: number): number {
  const f = formats.get(timeZone) ?? new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  formats.set(timeZone, f);
  const p: Record<string, number> = {};
  for (const x of f.formatToParts(t)) if (x.type !== 'literal') p[x.type] = Number(x.value);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - Math.floor(t / 1000) * 1000;
}

export { STATE_FACTS };
