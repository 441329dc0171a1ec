import type { Candle } from '../../market/candle.js';
import { hash32, Random } from './random.js';

// The synthetic market, in two layers:
// 1. a daily process walked day by day from a fixed origin (1990-01-01): trend regimes that
//    persist for weeks (so trend strategies have something to trade), clustered volatility,
//    overnight gaps with occasional jumps, and a slow pull back toward the base price so a
//    series stays plausible over decades;
// 2. each day's intraday path drawn from that day's own seed as a Brownian bridge from the
//    day's open to its close, with U-shaped volatility and volume through the session.
// Because the daily walk starts at a fixed origin and each day has its own seed, the bars of a
// date are the same whatever range is asked for.

/** Day number (since 1970-01-01) the daily walk starts from. */
export const ORIGIN_DAY = Date.UTC(1990, 0, 1) / 86_400_000;

/** One trading day of the daily process. */
export interface DayPlan {
  readonly day: number;
  readonly open: number;
  readonly close: number;
  /** The day's volatility (standard deviation of its log return). */
  readonly sigma: number;
  /** Multiplier on the day's volume (busier on volatile days). */
  readonly volumeScale: number;
}

/** True for Monday to Friday (day 0, 1970-01-01, was a Thursday). */
export function isWeekday(day: number): boolean {
  const dow = (((day + 4) % 7) + 7) % 7;
  return dow !== 0 && dow !== 6;
}

/** The daily walk of one (seed, symbol). Advance it with {@link DailyProcess.plan} in increasing day order. */
export class DailyProcess {
  private readonly rng: Random;
  private readonly logBase: number;
  private day = ORIGIN_DAY - 1;
  private close: number;
  private regime = 0;
  private volZ = 0;

  constructor(
    seed: number,
    symbol: string,
    readonly basePrice: number,
  ) {
    this.rng = new Random(hash32(`daily|${seed}|${symbol}`));
    this.logBase = Math.log(basePrice);
    this.close = basePrice;
  }

  /** The plan of weekday `day` (≥ every day asked before), stepping through the days between. */
  plan(day: number): DayPlan {
    let plan: DayPlan | undefined;
    while (this.day < day) {
      this.day++;
      if (isWeekday(this.day)) plan = this.step(this.day);
    }
    if (!plan || plan.day !== day) throw new RangeError(`DailyProcess.plan(${day}): not a new weekday`);
    return plan;
  }

  private step(day: number): DayPlan {
    const r = this.rng;
    // Always draw the same numbers per day, whichever branches are taken.
    const switchRoll = r.next();
    const regimeRoll = r.next();
    const jumpRoll = r.next();
    const [zVol, zGap, zJump, zRet, zVolume] = [r.normal(), r.normal(), r.normal(), r.normal(), r.normal()];
    if (switchRoll < 1 / 12) this.regime = Math.floor(regimeRoll * 3) - 1;
    this.volZ = 0.92 * this.volZ + 0.12 * zVol;
    const sigma = 0.012 * Math.exp(this.volZ);
    const gap = 0.25 * sigma * zGap + (jumpRoll < 0.04 ? 1.5 * sigma * zJump : 0);
    const open = this.close * Math.exp(gap);
    const drift = this.regime * 0.0025 - 0.003 * (Math.log(open) - this.logBase);
    const close = open * Math.exp(drift + sigma * zRet);
    this.close = close;
    return { day, open, close, sigma, volumeScale: Math.exp(0.5 * this.volZ + 0.2 * zVolume) };
  }
}

/** How one day's bars are laid out. */
export interface DayShape {
  readonly seed: number;
  readonly symbol: string;
  /** UTC ms of the session open that day. */
  readonly openT: number;
  /** One-minute bars in the session. */
  readonly bars: number;
  /** Price increment; every price is a multiple of it. */
  readonly tick: number;
  /** Typical volume of a mid-session minute. */
  readonly baseVolume: number;
}

/**
 * The day's one-minute candles: a Brownian bridge in log price from `plan.open` to
 * `plan.close` whose step size follows a U shape (busy open and close, quiet lunch), wicks
 * drawn around each bar's body, prices rounded to the tick, volume U-shaped too and higher on
 * bars that move more. Each candle passes `CandleSchema`.
 */
export function dayCandles(plan: DayPlan, shape: DayShape): Candle[] {
  const r = new Random(hash32(`intraday|${shape.seed}|${shape.symbol}|${plan.day}`));
  const m = shape.bars;
  const stepSd = new Float64Array(m);
  let meanSq = 0;
  for (let i = 0; i < m; i++) {
    const u = 0.7 + 1.2 * Math.exp(-i / 25) + 0.6 * Math.exp(-(m - 1 - i) / 30);
    stepSd[i] = u;
    meanSq += u * u;
  }
  const norm = plan.sigma / Math.sqrt(meanSq);
  const walk = new Float64Array(m + 1);
  const variance = new Float64Array(m + 1);
  const shocks = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const sd = (stepSd[i]! *= norm);
    shocks[i] = r.normal();
    walk[i + 1] = walk[i]! + sd * shocks[i]!;
    variance[i + 1] = variance[i]! + sd * sd;
  }
  const logOpen = Math.log(plan.open);
  const miss = walk[m]! - (Math.log(plan.close) - logOpen);
  const inv = Math.round(1 / shape.tick);
  const round = (p: number): number => Math.max(1, Math.round(p * inv)) / inv;
  const out: Candle[] = new Array<Candle>(m);
  let o = round(plan.open);
  for (let i = 0; i < m; i++) {
    const sd = stepSd[i]!;
    const x = logOpen + walk[i + 1]! - (variance[i + 1]! / variance[m]!) * miss;
    const c = round(Math.exp(x));
    const h = Math.max(round(Math.max(o, c) * Math.exp(Math.abs(r.normal()) * 0.5 * sd)), o, c);
    const l = Math.min(round(Math.min(o, c) * Math.exp(-Math.abs(r.normal()) * 0.5 * sd)), o, c);
    const shape_ = 0.6 + 2.2 * Math.exp(-i / 20) + 1.4 * Math.exp(-(m - 1 - i) / 20);
    const activity = 0.7 + 0.3 * Math.abs(shocks[i]!);
    const v = Math.max(1, Math.round(shape.baseVolume * shape_ * plan.volumeScale * activity * Math.exp(0.35 * r.normal())));
    out[i] = { t: shape.openT + i * 60_000, o, h, l, c, v };
    o = c;
  }
  return out;
}
