import { describe, expect, it } from 'vitest';
import { OPERATOR_FUNCTIONS as op } from '../../src/reference/operators.js';

describe('comparison operators', () => {
  it('compare finite numbers', () => {
    expect([op.gt(2, 1), op.gt(1, 1), op.gte(1, 1), op.lt(1, 2), op.lt(2, 2), op.lte(2, 2)]).toEqual([true, false, true, true, false, true]);
  });

  it('are false whenever either side is missing, whichever way round', () => {
    for (const missing of [null, undefined, NaN, Infinity, -Infinity, '5']) {
      for (const name of ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'] as const) {
        expect(op[name](missing, 1), `${name}(${String(missing)}, 1)`).toBe(false);
        expect(op[name](1, missing), `${name}(1, ${String(missing)})`).toBe(false);
      }
    }
  });

  it('eq/neq compare numbers with numbers and booleans with booleans only', () => {
    expect(op.eq(true, true)).toBe(true);
    expect(op.eq(false, true)).toBe(false);
    expect(op.neq(false, true)).toBe(true);
    expect(op.eq(1, true)).toBe(false);
    expect(op.neq(1, true)).toBe(false);
    expect(op.eq(0.5, 0.5)).toBe(true);
    expect(op.neq(0.5, 0.25)).toBe(true);
  });
});

describe('crossing operators', () => {
  it('crossesAbove needs a at or below b on the previous bar and strictly above now', () => {
    expect(op.crossesAbove([11, 9], [10, 10])).toBe(true);
    expect(op.crossesAbove([11, 10], [10, 10])).toBe(true); // touching before counts
    expect(op.crossesAbove([10, 9], [10, 10])).toBe(false); // touching now does not
    expect(op.crossesAbove([12, 11], [10, 10])).toBe(false); // already above
    expect(op.crossesAbove([11, 9], 10)).toBe(true); // a constant is the same on both bars
  });

  it('crossesBelow mirrors it', () => {
    expect(op.crossesBelow([9, 11], [10, 10])).toBe(true);
    expect(op.crossesBelow([9, 10], 10)).toBe(true);
    expect(op.crossesBelow([10, 11], 10)).toBe(false);
    expect(op.crossesBelow([8, 9], 10)).toBe(false);
  });

  it('is false when any of the four values is missing (the first bar has no previous)', () => {
    expect(op.crossesAbove([11, null], [10, 10])).toBe(false);
    expect(op.crossesAbove([11, 9], [10, NaN])).toBe(false);
    expect(op.crossesBelow([null, 11], 10)).toBe(false);
  });
});
