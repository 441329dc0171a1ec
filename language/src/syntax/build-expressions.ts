import type { IToken } from 'chevrotain';
import type { Expression, Identifier, Range } from '../ast.js';
import { BuildState, Span } from './build-state.js';
import type { Cst, CstNode } from './cst.js';
import { parseClock, parseNumber, parsePercent, unescapeString } from './literals.js';
import { PrecedenceResolver, type NodeFactory, type Piece } from './precedence.js';

/**
 * Deepest expression tree the parser hands on. Every later stage (checker, formatter,
 * compiler) may then recurse over expressions without risking the stack; a deeper one is
 * replaced by a `Missing` node and reported once (ALG106).
 */
export const MAX_EXPRESSION_DEPTH = 100;

/** Builds expression nodes from the expression rules of the CST. */
export class ExpressionBuilder {
  // Depths of the composite nodes of the current item (a plain Map, cleared per item so
  // it stays small: expressions never span items, and a large map is slow to hash into).
  private readonly depths = new Map<Expression, number>();
  private reportedTooDeep = false;
  private readonly t: Cst;

  constructor(private readonly s: BuildState) {
    this.t = s.cst;
  }

  /** A `Missing` expression at the cursor. */
  missing(): Expression {
    return { kind: 'Missing', range: this.s.here() };
  }

  /** Call before each item so an over-deep expression is reported once per item. */
  resetLimits(): void {
    this.reportedTooDeep = false;
    this.depths.clear();
  }

  /** `expression` rule: the flat operand/operator list, resolved by precedence. */
  expression(node: CstNode | undefined): Expression {
    if (!node) return this.missing();
    // Most expressions are one operand with no prefixes: no list, no resolver.
    if (!this.t.has(node, 'operators')) {
      const only = this.t.only(node, 'operands');
      if (only !== undefined && !this.t.has(only, 'prefixes')) return this.operand(only);
    }
    const ops = this.t.children(node, 'operators');
    const units = this.t.children(node, 'operands');
    const pieces: Piece[] = [];
    for (let i = 0; i < Math.max(units.length, ops.length + 1); i++) {
      const unit = units[i];
      if (unit) {
        for (const t of this.t.tokensUnder(unit, 'prefixes')) pieces.push({ kind: 'prefix', token: t, range: this.s.tokenRange(t) });
        pieces.push({ kind: 'core', expr: this.operand(unit) });
      } else pieces.push({ kind: 'core', expr: this.missing() });
      const op = ops[i];
      if (op) {
        const t = this.t.token(op, 'op');
        const direction = this.t.token(op, 'direction');
        if (t) pieces.push({ kind: 'op', token: t, direction, range: new Span(this.s).token(t).token(direction).range() });
      }
    }
    return new PrecedenceResolver(pieces, this.factory).resolve();
  }

  private readonly factory: NodeFactory = {
    binary: (op, opRange, left, right) => {
      const range = new Span(this.s).node(left).node(right).range();
      return this.make({ kind: 'Binary', op, opRange, left, right, range: cover(range, opRange) }, left, right);
    },
    cross: (direction, left, right, opToken, dirToken) => {
      const range = new Span(this.s).node(left).token(opToken).token(dirToken).node(right).range();
      return this.make({ kind: 'Cross', direction, left, right, range }, left, right);
    },
    between: (value, low, high, betweenToken, andToken) => {
      const range = new Span(this.s).node(value).token(betweenToken).node(low).token(andToken).node(high).range();
      return this.make({ kind: 'Between', value, low, high, range }, value, low, high);
    },
    unary: (op, opRange, operand) => {
      const range = cover(new Span(this.s).node(operand).range(), opRange);
      return this.make({ kind: 'Unary', op, opRange, operand, range }, operand);
    },
    missing: () => this.missing(),
    problem: (range, message) => this.s.report('ALG101', range, message),
  };

  /** `operand` rule without its prefixes: a postfix expression and an optional `on <tf>`. */
  private operand(node: CstNode): Expression {
    const inner = this.postfix(this.t.child(node, 'postfix'));
    const on = this.t.token(node, 'OnKw');
    if (!on) return inner;
    const tf = this.t.token(node, 'timeframe');
    const timeframe = tf ? { kind: 'Timeframe' as const, text: tf.image, range: this.s.tokenRange(tf) } : undefined;
    const range = new Span(this.s).node(inner).token(on).token(tf).range();
    return this.make({ kind: 'On', expression: inner, timeframe, range }, inner);
  }

  private postfix(node: CstNode | undefined): Expression {
    if (!node) return this.missing();
    let expr = this.atom(this.t.child(node, 'atom'));
    if (!this.t.has(node, 'suffixes')) return expr;
    for (const suffix of this.t.children(node, 'suffixes')) {
      const c = suffix;
      if (this.t.rule(suffix) === 'indexSuffix') {
        const index = this.expression(this.t.child(c, 'expression'));
        const range = new Span(this.s).node(expr).token(this.t.token(c, 'RBracket')).node(index).range();
        expr = this.make({ kind: 'Index', object: expr, index, range }, expr, index);
      } else {
        const m = this.t.token(c, 'member');
        const member: Identifier | undefined = m ? { kind: 'Identifier', name: m.image, range: this.s.tokenRange(m) } : undefined;
        const range = new Span(this.s).node(expr).token(this.t.token(c, 'Dot')).node(member).range();
        expr = this.make({ kind: 'Member', object: expr, member, range }, expr);
      }
    }
    return expr;
  }

  private atom(node: CstNode | undefined): Expression {
    if (!node) return this.missing();
    const c = node;
    const lit = this.t.token(c, 'literal');
    if (lit) return this.literal(lit);
    const name = this.t.token(c, 'name');
    if (name) {
      const nameRange = this.s.tokenRange(name);
      const argList = this.t.child(c, 'argumentList');
      if (!argList) return { kind: 'Name', name: name.image, range: nameRange };
      const callee: Identifier = { kind: 'Identifier', name: name.image, range: nameRange };
      const args = this.argumentList(argList);
      const range = new Span(this.s).token(name).token(this.t.token(argList, 'RParen')).range();
      return this.make({ kind: 'Call', callee, args, range }, ...args);
    }
    const inner = this.t.child(c, 'inner');
    const open = this.t.token(c, 'LParen');
    if (open || inner) {
      const span = new Span(this.s).token(open);
      const expression = this.expression(inner);
      const range = span.node(expression).token(this.t.token(c, 'RParen')).range();
      return this.make({ kind: 'Paren', expression, range }, expression);
    }
    return this.missing();
  }

  /** The arguments of an `argumentList` node. */
  argumentList(node: CstNode): Expression[] {
    return this.t.children(node, 'args').map((a) => this.expression(a));
  }

  private literal(t: IToken): Expression {
    const range = this.s.tokenRange(t);
    switch (t.tokenType.name) {
      case 'Number':
        return { kind: 'Number', text: t.image, value: parseNumber(t.image), range };
      case 'Percent':
        return { kind: 'Percent', text: t.image, value: parsePercent(t.image), range };
      case 'TrueKw':
        return { kind: 'Bool', value: true, range };
      case 'FalseKw':
        return { kind: 'Bool', value: false, range };
      case 'String':
      case 'UnterminatedString':
        return { kind: 'String', text: t.image, value: unescapeString(t.image, t.tokenType.name === 'String'), range };
      case 'Clock': {
        const { hour, minute } = parseClock(t.image);
        return { kind: 'Clock', text: t.image, hour, minute, range };
      }
      default:
        return { kind: 'Missing', range };
    }
  }

  /** Registers a composite node's depth; swaps it for `Missing` past the limit. */
  private make(node: Expression, ...kids: Expression[]): Expression {
    let d = 0;
    for (const k of kids) d = Math.max(d, this.depths.get(k) ?? 1);
    const depth = d + 1;
    if (depth <= MAX_EXPRESSION_DEPTH) {
      this.depths.set(node, depth);
      return node;
    }
    if (!this.reportedTooDeep) {
      this.reportedTooDeep = true;
      this.s.report('ALG106', node.range, `this expression is too large to check (more than ${MAX_EXPRESSION_DEPTH} levels deep); split it with \`let\``);
    }
    return { kind: 'Missing', range: node.range };
  }
}

/** The smallest range covering both (ranges of one expression never interleave). */
function cover(a: Range, b: Range): Range {
  return {
    start: a.start.offset <= b.start.offset ? a.start : b.start,
    end: a.end.offset >= b.end.offset ? a.end : b.end,
  };
}

/** The `Range` of a token as an AST identifier. */
export function identifierOf(s: BuildState, t: IToken | undefined): Identifier | undefined {
  if (!t) return undefined;
  const range: Range = s.tokenRange(t);
  return { kind: 'Identifier', name: t.image, range };
}
