import { INDICATORS } from '@algo/language';
import { describe, expect, it } from 'vitest';
import { emptySlot } from '../../src/evaluator/bar-slot.js';
import { hasOwnOp, indicatorOp, IndicatorStep } from '../../src/evaluator/indicator-op.js';
import { SeriesBuffer } from '../../src/evaluator/series-buffer.js';
import { createIndicator, implementedIndicators } from '../../src/indicators/index.js';
import type { Candle } from '../../src/market/candle.js';
import { walk } from '../indicators/helpers/bars.js';

// The evaluator feeds indicators through `IndicatorStep` (sources through `sources`, the
// class's own `step` between `books.enter` and `books.leave`), not through `update`. Both
// paths must give the same outputs on every bar, holes in the sources included.

const BARS: Candle[] = walk(11, 400).map((b) => ({ ...b, v: b.v + 1 }));
/** source values with holes (NaN, ±Infinity) at irregular bars */
const A = BARS.map((b, i) => (i % 37 === 5 ? NaN : i % 53 === 7 ? Infinity : b.c));
const B = BARS.map((b, i) => (i % 41 === 3 ? -Infinity : b.o));

/** Each argument at its default (lengths without one at 5), sources undefined. */
function args(name: string): (number | undefined)[] {
  const entry = INDICATORS.find((e) => e.name === name)!;
  return entry.params.map((p) => (p.kind === 'source' ? undefined : ((p.default as number | undefined) ?? 5)));
}

describe('indicator ops', () => {
  it('every catalogue indicator has an op of its own', () => {
    for (const name of implementedIndicators()) expect(hasOwnOp(createIndicator(name, args(name))), name).toBe(true);
  });

  for (const name of implementedIndicators()) {
    it(`${name}: the op gives what update gives, bar by bar (register and ring)`, () => {
      const viaUpdate = createIndicator(name, args(name));
      const viaOp = createIndicator(name, args(name));
      const R = new Float64Array(4).fill(NaN);
      const slot = emptySlot();
      const ring = new SeriesBuffer(3);
      const ringed = createIndicator(name, args(name));
      const R2 = new Float64Array(4).fill(NaN);
      const op = indicatorOp(new IndicatorStep(viaOp, slot, R, 0, 1, 2, viaOp.main, null));
      const opRing = indicatorOp(new IndicatorStep(ringed, slot, R2, 0, 1, 2, ringed.main, ring));
      for (let i = 0; i < BARS.length; i++) {
        const b = BARS[i]!;
        Object.assign(slot, b);
        R[0] = R2[0] = A[i]!;
        R[1] = R2[1] = B[i]!;
        const want = viaUpdate.update(b, A[i]!, B[i]!);
        op();
        opRing();
        expect(Array.from(viaOp.out), `${name} bar ${i}`).toEqual(Array.from(viaUpdate.out));
        const clean = Number.isFinite(want) ? want : NaN;
        expect(R[2], `${name} bar ${i}`).toBe(clean);
        expect(R2[2], `${name} bar ${i}`).toBe(clean);
        expect(ring.at(0), `${name} bar ${i}`).toBe(clean);
      }
      expect(viaOp.samples).toBe(viaUpdate.samples);
    });
  }
});
