import { sessionClock, type ExchangeSession, type SessionClock } from '../data/session.js';
import type { Candle } from '../market/candle.js';
import { roundToTick, type InstrumentSpec } from '../strategy/instrument.js';
import type { OptionChain } from './option-chain.js';

/**
 * A synthetic option chain priced from the underlying's bars, so options strategies can be
 * backtested on synthetic data (`--data synth:…`). It is a model, not market data: every
 * contract's bar is the Black–Scholes price (no dividends, constant implied volatility) at
 * the underlying's open, high, low and close of the same bar, with the time left to expiry
 * at the bar's close — so a call's high comes from the underlying's high and a put's from
 * its low, and candles are consistent. Prices are rounded to the tick (never below one tick).
 *
 * The listing follows NSE's shape, with synthetic defaults: weekly expiries on one weekday
 * (Tuesday) at the session close, the month's last one being the monthly; strikes every
 * `strikeStep` around the underlying's price. Holidays are not modelled.
 */
export interface SyntheticChainOptions {
  readonly underlying: string;
  readonly session: ExchangeSession;
  /** length of the underlying's bars (the strategy timeframe), ms */
  readonly barMs: number;
  /** strike spacing; default 100 for a Bank Nifty-like underlying, 50 for Nifty-like, else about 0.5% of the price */
  readonly strikeStep?: number;
  /** default 30 for Bank Nifty-like, 75 for Nifty-like, else 1 */
  readonly lotSize?: number;
  /** annualised implied volatility; default 0.15 */
  readonly iv?: number;
  /** annual risk-free rate (continuous); default 0.065 */
  readonly rate?: number;
  /** strikes listed on each side of the money; default 15 */
  readonly strikesEachSide?: number;
  /** weekly expiries listed ahead; default 5 */
  readonly weeklies?: number;
  /** weekday of expiry, 0 = Sunday; default 2 (Tuesday) */
  readonly expiryWeekday?: number;
  readonly tick?: number;
}

const YEAR_MS = 365 * 86_400_000;

export class SyntheticOptionChain implements OptionChain {
  readonly describe: string;
  private readonly specs = new Map<string, InstrumentSpec>();
  private readonly last = new Map<string, Candle>();
  private readonly clock: SessionClock;
  private readonly step: number | undefined;
  private readonly lot: number;
  private readonly iv: number;
  private readonly rate: number;
  private readonly each: number;
  private readonly weeklies: number;
  private readonly weekday: number;
  private readonly tick: number;
  private current: Candle | undefined;

  constructor(private readonly o: SyntheticChainOptions) {
    const name = o.underlying.toUpperCase();
    const bank = name.includes('BANK');
    const nifty = name.includes('NIFTY');
    this.step = o.strikeStep ?? (bank ? 100 : nifty ? 50 : undefined);
    this.lot = o.lotSize ?? (bank ? 30 : nifty ? 75 : 1);
    this.iv = o.iv ?? 0.15;
    this.rate = o.rate ?? 0.065;
    this.each = o.strikesEachSide ?? 15;
    this.weeklies = o.weeklies ?? 5;
    this.weekday = o.expiryWeekday ?? 2;
    this.tick = o.tick ?? 0.05;
    this.clock = sessionClock(o.session);
    this.describe = `synthetic Black-Scholes chain of ${o.underlying} (IV ${this.iv * 100}%, rate ${this.rate * 100}%, strike step ${this.step ?? '0.5% of price'}, lot ${this.lot}, weekly expiries on weekday ${this.weekday})`;
  }

  spec(key: string): InstrumentSpec | undefined {
    return this.specs.get(key);
  }

  async prepare(): Promise<void> {}

  onUnderlying(underlying: string, bar: Candle): void {
    if (underlying === this.o.underlying) this.current = bar;
  }

  listed(underlying: string, t: number): readonly InstrumentSpec[] {
    if (underlying !== this.o.underlying || !this.current) return [];
    const price = this.current.c;
    const step = this.step ?? niceStep(price * 0.005);
    const center = Math.round(price / step) * step;
    const out: InstrumentSpec[] = [];
    for (const expiry of this.expiries(t)) {
      for (let i = -this.each; i <= this.each; i++) {
        const strike = roundToTick(center + i * step, this.tick);
        if (strike <= 0) continue;
        for (const right of ['call', 'put'] as const) out.push(this.contract(expiry, strike, right));
      }
    }
    return out;
  }

  bar(key: string, t: number): Candle | undefined {
    const s = this.specs.get(key);
    const u = this.current;
    if (!s || !u || u.t !== t) return this.last.get(key)?.t === t ? this.last.get(key) : undefined;
    if (t >= s.expiry!) return undefined;
    const years = Math.max(0, (s.expiry! - (t + this.o.barMs)) / YEAR_MS);
    const price = (x: number) => Math.max(this.tick, roundToTick(blackScholes(s.right!, x, s.strike!, years, this.iv, this.rate), this.tick));
    const call = s.right === 'call';
    const bar: Candle = {
      t,
      o: price(u.o),
      h: price(call ? u.h : u.l),
      l: price(call ? u.l : u.h),
      c: price(u.c),
      v: Math.max(1, Math.round(u.v / 10)),
    };
    this.last.set(key, bar);
    return bar;
  }

  lastBar(key: string): Candle | undefined {
    return this.last.get(key);
  }

  /** Expiry instants (session close) of the listed weeklies from `t`'s session day on. */
  private expiries(t: number): number[] {
    const day = this.clock.sessionDay(t);
    const out: number[] = [];
    for (let d = day; out.length < this.weeklies; d++) {
      // 1970-01-01 (day 0) was a Thursday (weekday 4).
      if ((((d + 4) % 7) + 7) % 7 !== this.weekday) continue;
      const close = this.clock.closeOf(d);
      if (close > t) out.push(close);
    }
    return out;
  }

  private contract(expiry: number, strike: number, right: 'call' | 'put'): InstrumentSpec {
    const date = new Date(expiry).toISOString().slice(0, 10);
    const symbol = this.o.underlying.split('|')[1] ?? this.o.underlying;
    const key = `NSE_FO|${symbol.replace(/\s+/g, '').toUpperCase()} ${date} ${strike} ${right === 'call' ? 'CE' : 'PE'}`;
    let s = this.specs.get(key);
    if (!s) {
      s = { key, kind: 'option', lot_size: this.lot, tick_size: this.tick, underlying: this.o.underlying, strike, right, expiry };
      this.specs.set(key, s);
    }
    return s;
  }
}

/** 1, 2 or 5 × a power of ten, at least `x`. */
function niceStep(x: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(Math.max(x, 1e-9))));
  for (const m of [1, 2, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}

/** Black–Scholes price of a European option (no dividends); intrinsic value at expiry. */
export function blackScholes(right: 'call' | 'put', s: number, k: number, years: number, vol: number, rate: number): number {
  if (years <= 0 || vol <= 0) return Math.max(0, right === 'call' ? s - k : k - s);
  const sd = vol * Math.sqrt(years);
  const d1 = (Math.log(s / k) + (rate + (vol * vol) / 2) * years) / sd;
  const d2 = d1 - sd;
  const df = Math.exp(-rate * years);
  return right === 'call' ? s * cnd(d1) - k * df * cnd(d2) : k * df * cnd(-d2) - s * cnd(-d1);
}

/** Standard normal cumulative distribution (Abramowitz & Stegun 26.2.17, |error| < 7.5e-8). */
function cnd(x: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(x));
  const poly = t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const p = 1 - (Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI)) * poly;
  return x >= 0 ? p : 1 - p;
}
