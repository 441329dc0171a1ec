import { z } from 'zod';
import type { BarMark } from './metrics.js';

/**
 * The equity curve a result keeps: at most `cap` points whatever the run's length, so a
 * 10-million-bar run stores as much as a short one and the result fits a Mongo document.
 * Points are taken every `stride` bars; when the curve is full, every other point is
 * dropped and the stride doubles. The last bar is always kept. Metrics are computed on every
 * bar (see `metrics.ts`), never from this sample.
 */
export const EquityPointSchema = z.strictObject({
  /** close time of the bar (UTC ms) */
  t: z.number(),
  equity: z.number(),
  /** drawdown from the running peak at that bar, money (≥ 0) */
  drawdown: z.number(),
  /** open positions at that close */
  positions: z.int(),
});
export type EquityPoint = z.infer<typeof EquityPointSchema>;

export class EquityCurve {
  private points: EquityPoint[] = [];
  private stride = 1;
  private seen = 0;
  /** the index (in `seen`) of the next bar kept: the next multiple of `stride` (no division per bar) */
  private next = 0;
  private lastT = NaN;
  private lastEquity = NaN;
  private lastDrawdown = NaN;
  private lastPositions = 0;

  constructor(private readonly cap = 2_000) {}

  /** Adds a bar's close (`m.closeT`, equity, drawdown, positions). */
  add(m: BarMark): void {
    this.lastT = m.closeT;
    this.lastEquity = m.equity;
    this.lastDrawdown = m.drawdown;
    this.lastPositions = m.positions;
    const i = this.seen++;
    if (i !== this.next) return;
    this.points.push({ t: m.closeT, equity: m.equity, drawdown: m.drawdown, positions: m.positions });
    if (this.points.length >= this.cap) {
      this.points = this.points.filter((_, k) => k % 2 === 0);
      this.stride *= 2;
    }
    this.next = (Math.floor(i / this.stride) + 1) * this.stride;
  }

  /** The sampled curve, ending with the latest bar. */
  result(): EquityPoint[] {
    const out = this.points.slice();
    if (this.seen > 0 && out[out.length - 1]?.t !== this.lastT) out.push({ t: this.lastT, equity: this.lastEquity, drawdown: this.lastDrawdown, positions: this.lastPositions });
    return out;
  }
}
