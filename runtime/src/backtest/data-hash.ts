import { createHash } from 'node:crypto';
import type { Candle } from '../market/candle.js';

/**
 * The identity of the bars a run consumed: a 128-bit digest of `t o h l c v` of every bar
 * (as IEEE-754 float64 words, in order), so two runs over the same bars have the same
 * `data_hash` whatever file or generator the bars came from, and a changed price anywhere
 * changes it. It is a fast non-cryptographic hash (four 32-bit lanes of MurmurHash3-style
 * mixing over the words, crossed and finalised with the bar count) — it tells data apart, it does not defend against
 * someone forging data — because it runs on every bar of the hot loop: sha256 there cost
 * about a sixth of the whole backtest.
 */
export class DataHasher {
  private readonly f64 = new Float64Array(6);
  private readonly u32 = new Uint32Array(this.f64.buffer);
  private h1 = 0x9747b28c | 0;
  private h2 = 0x85ebca6b | 0;
  private h3 = 0xc2b2ae35 | 0;
  private h4 = 0x27d4eb2f | 0;
  /** bars hashed */
  count = 0;
  /** time of the first and the latest bar hashed (NaN before any) */
  first = NaN;
  last = NaN;

  update(c: Candle): void {
    const f = this.f64;
    f[0] = c.t;
    f[1] = c.o;
    f[2] = c.h;
    f[3] = c.l;
    f[4] = c.c;
    f[5] = c.v;
    const u = this.u32;
    let h1 = this.h1;
    let h2 = this.h2;
    let h3 = this.h3;
    let h4 = this.h4;
    for (let i = 0; i < 12; i += 4) {
      h1 = mix(h1, u[i]!);
      h2 = mix(h2, u[i + 1]!);
      h3 = mix(h3, u[i + 2]!);
      h4 = mix(h4, u[i + 3]!);
    }
    this.h1 = h1;
    this.h2 = h2;
    this.h3 = h3;
    this.h4 = h4;
    if (this.count === 0) this.first = c.t;
    this.last = c.t;
    this.count++;
  }

  /** The digest as 32 hex digits (stable across runs, machines and Node versions). */
  digest(): string {
    const n = this.count >>> 0;
    const hi = Math.floor(this.count / 2 ** 32) | 0;
    let h1 = this.h1 ^ n;
    let h2 = this.h2 ^ hi;
    let h3 = this.h3;
    let h4 = this.h4;
    // cross the lanes so every output word depends on every input word
    h1 = (h1 + h2 + h3 + h4) | 0;
    h2 = (h2 + h1) | 0;
    h3 = (h3 + h1) | 0;
    h4 = (h4 + h1) | 0;
    return [fmix(h1), fmix(h2), fmix(h3), fmix(h4)].map((h) => (h >>> 0).toString(16).padStart(8, '0')).join('');
  }
}

function mix(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** sha256 (hex) of a string — for fingerprints of small things (the graph, the run parameters). */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
