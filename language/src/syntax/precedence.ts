import type { IToken } from 'chevrotain';
import type { BinaryOp, Expression, Range } from '../ast.js';

/**
 * Operator precedence for the flat `operand (operator operand)*` list the grammar reads
 * (see `parser.ts`), resolved by precedence climbing. Binding power, loosest first:
 * `or` 1, `and` 2, prefix `not` 3, comparisons / `crosses` / `between` 4, `+ -` 5,
 * `* /` 6, prefix `-` 7; `on`, `[n]`, `.name` and calls are inside operands already.
 * Binary operators are left-associative; comparisons do not chain.
 */

/** One element of the flat list: a prefix operator, an operand's core, or a binary operator. */
export type Piece =
  | { readonly kind: 'prefix'; readonly token: IToken; readonly range: Range }
  | { readonly kind: 'core'; readonly expr: Expression }
  | { readonly kind: 'op'; readonly token: IToken; readonly direction: IToken | undefined; readonly range: Range };

/** How the resolver hands nodes back to the builder (which owns ranges and depth limits). */
export interface NodeFactory {
  binary(op: BinaryOp, opRange: Range, left: Expression, right: Expression): Expression;
  cross(direction: 'above' | 'below', left: Expression, right: Expression, opToken: IToken, dirToken: IToken | undefined): Expression;
  between(value: Expression, low: Expression, high: Expression, betweenToken: IToken, andToken: IToken | undefined): Expression;
  unary(op: '-' | 'not', opRange: Range, operand: Expression): Expression;
  missing(): Expression;
  /** Reports a syntax problem the flat grammar lets through (chained comparison, `between` without `and`). */
  problem(range: Range, message: string): void;
}

const BINARY: Readonly<Record<string, number>> = {
  or: 1,
  and: 2,
  '>': 4,
  '<': 4,
  '>=': 4,
  '<=': 4,
  '==': 4,
  '!=': 4,
  crosses: 4,
  between: 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
};
const NOT_OPERAND = 4;
const MINUS_OPERAND = 7;
const BETWEEN_BOUND = 5;
/** Consecutive prefix operators beyond this are reported rather than nested (keeps recursion bounded). */
const MAX_PREFIXES = 64;

/** Resolves a flat list into a tree. Linear; recursion depth bounded by levels and prefixes. */
export class PrecedenceResolver {
  private k = 0;

  constructor(
    private readonly pieces: readonly Piece[],
    private readonly f: NodeFactory,
  ) {}

  resolve(): Expression {
    return this.expression(0, 0);
  }

  /** Reads operators binding at least `minPower`; `prefixes` counts enclosing prefix operators. */
  private expression(minPower: number, prefixes: number): Expression {
    let left = this.operand(prefixes);
    let lastComparison = false;
    for (;;) {
      const p = this.pieces[this.k];
      if (p?.kind !== 'op') return left;
      const image = p.token.image;
      const power = BINARY[image] ?? 0;
      if (power < minPower) return left;
      this.k++;
      if (power === 4 && lastComparison) {
        this.f.problem(p.range, 'comparisons do not chain: write `a < b and b < c` instead of `a < b < c`');
      }
      if (image === 'between') {
        const low = this.expression(BETWEEN_BOUND, 0);
        const and = this.pieces[this.k];
        let andToken: IToken | undefined;
        if (and?.kind === 'op' && and.token.image === 'and') {
          this.k++;
          andToken = and.token;
        } else {
          this.f.problem(p.range, '`between` needs both ends: `x between low and high`');
        }
        const high = andToken ? this.expression(BETWEEN_BOUND, 0) : this.f.missing();
        left = this.f.between(left, low, high, p.token, andToken);
      } else {
        const right = this.expression(power + 1, 0);
        if (image === 'crosses') left = this.f.cross(p.direction?.image === 'below' ? 'below' : 'above', left, right, p.token, p.direction);
        else left = this.f.binary(image as BinaryOp, p.range, left, right);
      }
      lastComparison = power === 4;
    }
  }

  /** An operand with its prefix operators applied: `not` takes a comparison, `-` one operand. */
  private operand(prefixes: number): Expression {
    const p = this.pieces[this.k];
    if (!p || p.kind === 'op') return this.f.missing();
    this.k++;
    if (p.kind === 'core') return p.expr;
    if (prefixes >= MAX_PREFIXES) {
      this.f.problem(p.range, `more than ${MAX_PREFIXES} \`not\`/\`-\` in a row`);
      while (this.pieces[this.k]?.kind === 'prefix') this.k++;
      return this.operand(prefixes);
    }
    const isNot = p.token.image === 'not';
    const operand = this.expression(isNot ? NOT_OPERAND : MINUS_OPERAND, prefixes + 1);
    return this.f.unary(isNot ? 'not' : '-', p.range, operand);
  }
}
