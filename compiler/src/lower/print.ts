import type { Expr } from '../graph/expr.js';

/**
 * Prints graph expressions back as `.algo`-like text: compact for indicator series ids
 * (`ema(close,9)`, `macd(close,12,26,9).signal`) and spaced for the human `label` of every
 * series. Series references print as their (final) ids.
 */

const PRECEDENCE: Record<string, number> = {
  or: 1, and: 2, not: 3,
  gt: 4, gte: 4, lt: 4, lte: 4, eq: 4, neq: 4, between: 4, crossesAbove: 4, crossesBelow: 4,
  add: 5, sub: 5, mul: 6, div: 6, neg: 7,
};
const SYMBOL: Record<string, string> = {
  or: 'or', and: 'and', gt: '>', gte: '>=', lt: '<', lte: '<=', eq: '==', neq: '!=', add: '+', sub: '-', mul: '*', div: '/',
};

/** Prints `e`; `idOf` maps a referenced series id to the text to print for it. */
export function printExpr(e: Expr, compact: boolean, idOf: (id: string) => string = (id) => id): string {
  const sep = compact ? ',' : ', ';
  const p = (x: Expr, min: number): string => {
    const s = printExpr(x, compact, idOf);
    const prec = PRECEDENCE[x.op];
    return prec !== undefined && prec < min ? `(${s})` : s;
  };
  switch (e.op) {
    case 'const':
      return String(e.value);
    case 'param':
      return e.name;
    case 'field':
      return e.field;
    case 'state':
      return e.name;
    case 'ref':
      return idOf(e.id) + (e.ago ? `[${printExpr(e.ago, compact, idOf)}]` : '');
    case 'call':
      return `${e.fn}(${e.args.map((a) => printExpr(a, compact, idOf)).join(sep)})${e.output ? `.${e.output}` : ''}`;
    case 'fn':
      return `${e.fn}(${e.args.map((a) => printExpr(a, compact, idOf)).join(sep)})`;
    case 'neg':
      return `-${p(e.args[0], 8)}`;
    case 'not':
      return `not ${p(e.args[0], 4)}`;
    case 'between':
      return `${p(e.args[0], 5)} between ${p(e.args[1], 5)} and ${p(e.args[2], 5)}`;
    case 'crossesAbove':
    case 'crossesBelow':
      return `${p(e.args[0], 5)} crosses ${e.op === 'crossesAbove' ? 'above' : 'below'} ${p(e.args[1], 5)}`;
    default: {
      const prec = PRECEDENCE[e.op]!;
      const sym = SYMBOL[e.op]!;
      // left-associative: the right operand needs parentheses at equal precedence
      return `${p(e.args[0], prec)} ${sym} ${p(e.args[1], prec + 1)}`;
    }
  }
}
