import { describe, expect, it } from 'vitest';
import { EquityCurve } from '../../src/backtest/equity-curve.js';
import { BarMark } from '../../src/backtest/metrics.js';

/** The sampling rule as documented: bar `i` is kept when `i % stride === 0`; a full curve drops every other point and doubles the stride. */
function reference(n: number, cap: number): number[] {
  let points: number[] = [];
  let stride = 1;
  for (let i = 0; i < n; i++) {
    if (i % stride !== 0) continue;
    points.push(i);
    if (points.length >= cap) {
      points = points.filter((_, k) => k % 2 === 0);
      stride *= 2;
    }
  }
  if (n > 0 && points[points.length - 1] !== n - 1) points.push(n - 1);
  return points;
}

describe('equity curve', () => {
  it('keeps the bars the sampling rule keeps, however long the run (the last bar always)', () => {
    for (const cap of [2, 3, 8, 50]) {
      for (const n of [0, 1, 2, 7, 8, 9, 63, 64, 65, 1000, 4097]) {
        const curve = new EquityCurve(cap);
        const m = new BarMark();
        for (let i = 0; i < n; i++) {
          m.closeT = i;
          m.equity = 100 + i;
          m.drawdown = 0;
          m.positions = i % 2;
          curve.add(m);
        }
        const got = curve.result();
        expect(got.map((p) => p.t), `cap ${cap}, ${n} bars`).toEqual(reference(n, cap));
        expect(got.length).toBeLessThanOrEqual(cap + 1);
        for (const p of got) expect(p.equity).toBe(100 + p.t);
      }
    }
  });
});
