import { describe, expect, it } from 'vitest';
import type { Expr } from '../../src/graph/expr.js';
import { exprHash, sameExpr } from '../../src/lower/expr-identity.js';

const c = (value: number | boolean): Expr => ({ op: 'const', value });
const ref = (id: string, ago?: Expr): Expr => (ago ? { op: 'ref', id, ago: ago as { op: 'const'; value: number } } : { op: 'ref', id });

describe('expression identity (what series interning treats as one computation)', () => {
  it('agrees with the JSON of the expressions', () => {
    const cases: Expr[] = [
      c(1), c(true), c(0), c(-0), c(0.1), c(Infinity), c(NaN), c(-Infinity),
      { op: 'param', name: 'n' }, { op: 'field', field: 'close' }, { op: 'state', name: 'position.qty' },
      ref('#1'), ref('#1', c(1)), ref('#1', c(2)), ref('#2'),
      { op: 'call', fn: 'ema', args: [ref('#0'), c(9)] },
      { op: 'call', fn: 'ema', args: [ref('#0'), c(9)], output: 'x' },
      { op: 'call', fn: 'sma', args: [ref('#0'), c(9)] },
      { op: 'fn', fn: 'abs', args: [ref('#0')] },
      { op: 'add', args: [ref('#0'), c(1)] }, { op: 'sub', args: [ref('#0'), c(1)] }, { op: 'add', args: [c(1), ref('#0')] },
      { op: 'neg', args: [ref('#0')] }, { op: 'between', args: [ref('#0'), c(1), c(2)] },
    ];
    for (const a of cases) {
      for (const b of cases) {
        const json = JSON.stringify(a) === JSON.stringify(b);
        expect(sameExpr(a, b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(json);
        if (json) expect(exprHash(a)).toBe(exprHash(b));
      }
      // a structural copy is the same computation
      expect(sameExpr(a, JSON.parse(JSON.stringify(a)) as Expr) || !Number.isFinite((a as { value?: number }).value ?? 0)).toBe(true);
    }
  });
});
