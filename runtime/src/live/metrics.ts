/**
 * Figures the engine keeps about itself, for `bench/live.bench.ts` and logs: tick-to-order
 * latency (from the moment ingest received the tick that closed a bar to the moment the
 * order it decided reached the broker), and counts. Latencies are kept in a ring of the
 * latest 100,000; percentiles are computed when asked.
 */
export class LiveMetrics {
  private readonly ring = new Float64Array(100_000);
  private n = 0;
  orders = 0;
  fills = 0;
  candles = 0;
  tickBatches = 0;

  /** One order sent `ms` after its tick arrived. */
  latency(ms: number): void {
    this.ring[this.n % this.ring.length] = ms;
    this.n++;
  }

  /** p50, p99 and max of the latencies kept (ms), and how many. */
  latencies(): { count: number; p50: number; p99: number; max: number } {
    const k = Math.min(this.n, this.ring.length);
    if (k === 0) return { count: 0, p50: NaN, p99: NaN, max: NaN };
    const sorted = Array.from(this.ring.subarray(0, k)).sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(k - 1, Math.floor(q * k))]!;
    return { count: this.n, p50: at(0.5), p99: at(0.99), max: sorted[k - 1]! };
  }

  reset(): void {
    this.n = 0;
    this.orders = this.fills = this.candles = this.tickBatches = 0;
  }
}
