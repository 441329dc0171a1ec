import { z } from 'zod';

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
  private last: EquityPoint | undefined;

  constructor(private readonly cap = 2_000) {}

  add(t: number, equity: number, drawdown: number, positions: number): void {
    const p = { t, equity, drawdown, positions };
    this.last = p;
    if (this.seen++ % this.stride !== 0) return;
    this.points.push(p);
    if (this.points.length >= this.cap) {
      this.points = this.points.filter((_, i) => i % 2 === 0);
      this.stride *= 2;
    }
  }

  /** The sampled curve, ending with the latest bar. */
  result(): EquityPoint[] {
    const out = this.points.slice();
    if (this.last && out[out.length - 1] !== this.last) out.push(this.last);
    return out;
  }
}
