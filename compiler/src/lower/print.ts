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
  return new Printer(compact ? ',' : ', ', idOf).print(e);
}

/** One printing: the separator and id mapping held once, not captured per node. */
class Printer {
  constructor(
    private readonly sep: string,
    private readonly idOf: (id: string) => string,
  ) {}

  print(e: Expr): string {
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
        return this.idOf(e.id) + (e.ago ? `[${this.print(e.ago)}]` : '');
      case 'call':
        return `${e.fn}(${this.list(e.args)})${e.output ? `.${e.output}` : ''}`;
      case 'fn':
        return `${e.fn}(${this.list(e.args)})`;
      case 'neg':
        return `-${this.operand(e.args[0], 8)}`;
      case 'not':
        return `not ${this.operand(e.args[0], 4)}`;
      case 'between':
        return `${this.operand(e.args[0], 5)} between ${this.operand(e.args[1], 5)} and ${this.operand(e.args[2], 5)}`;
      case 'crossesAbove':
      case 'crossesBelow':
        return `${this.operand(e.args[0], 5)} crosses ${e.op === 'crossesAbove' ? 'above' : 'below'} ${this.operand(e.args[1], 5)}`;
      default: {
        const prec = PRECEDENCE[e.op]!;
        const sym = SYMBOL[e.op]!;
        // left-associative: the right operand needs parentheses at equal precedence
        return `${this.operand(e.args[0], prec)} ${sym} ${this.operand(e.args[1], prec + 1)}`;
      }
    }
  }

  /** `x` in parentheses when it binds looser than `min`. */
  private operand(x: Expr, min: number): string {
    const s = this.print(x);
    const prec = PRECEDENCE[x.op];
    return prec !== undefined && prec < min ? `(${s})` : s;
  }

  private list(args: readonly Expr[]): string {
    let out = '';
    for (let i = 0; i < args.length; i++) out += i === 0 ? this.print(args[i]!) : this.sep + this.print(args[i]!);
    return out;
  }
}
