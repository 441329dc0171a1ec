import type { Candle } from '../../../src/market/candle.js';

/** A small seeded PRNG (mulberry32) so every generated series is reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/**
 * A seeded random walk of `n` one-minute candles around 100, with the awkward parts real data
 * has: flat stretches (o = h = l = c, sometimes zero volume), price gaps of a few percent,
 * and time gaps (missing minutes) — what indicator tests run on.
 */
export function walk(seed: number, n: number, start = 100): Candle[] {
  const r = rng(seed);
  const bars: Candle[] = [];
  let t = Date.UTC(2024, 0, 1, 3, 45);
  let price = start;
  let flat = 0;
  for (let i = 0; i < n; i++) {
    t += r() < 0.02 ? 60_000 * (2 + Math.floor(r() * 30)) : 60_000;
    if (flat === 0 && r() < 0.03) flat = 3 + Math.floor(r() * 25);
    if (flat > 0) {
      flat--;
      bars.push({ t, o: price, h: price, l: price, c: price, v: r() < 0.5 ? 0 : Math.floor(r() * 50) });
      continue;
    }
    const o = r() < 0.01 ? price * (1 + (r() - 0.5) * 0.1) : price;
    const c = o * Math.exp(normal(r) * 0.004);
    const h = Math.max(o, c) * (1 + Math.abs(normal(r)) * 0.002);
    const l = Math.min(o, c) * (1 - Math.abs(normal(r)) * 0.002);
    bars.push({ t, o, h, l, c, v: r() < 0.05 ? 0 : Math.floor(100 + r() * 5000) });
    price = c;
  }
  return bars;
}

/** Candles with only the fields a hand-worked case needs; `t` is the bar index in minutes. */
export function candles(rows: readonly (readonly [number, number, number, number, number?])[]): Candle[] {
  return rows.map(([o, h, l, c, v], i) => ({ t: (i + 1) * 60_000, o, h, l, c, v: v ?? 0 }));
}
