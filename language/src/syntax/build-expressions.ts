import type { CstNode, IToken } from 'chevrotain';
import type { BinaryOp, ComparisonOp, Expression, Identifier, Range } from '../ast.js';
import { BuildState, child, children, Span, token, tokens, type Ctx } from './cst-reader.js';
import { parseClock, parseNumber, parsePercent, unescapeString } from './literals.js';

/**
 * Deepest expression tree the parser hands on. Every later stage (checker, formatter,
 * compiler) may then recurse over expressions without risking the stack; a deeper one is
 * replaced by a `Missing` node and reported once (ALG106).
 */
export const MAX_EXPRESSION_DEPTH = 100;

const COMPARISON: Record<string, ComparisonOp> = { '>': '>', '<': '<', '>=': '>=', '<=': '<=', '==': '==', '!=': '!=' };

/** Builds expression nodes from the expression rules of the CST. */
export class ExpressionBuilder {
  private readonly depths = new WeakMap<Expression, number>();
  private reportedTooDeep = false;

  constructor(private readonly s: BuildState) {}

  /** A `Missing` expression at the cursor. */
  missing(): Expression {
    return { kind: 'Missing', range: this.s.here() };
  }

  /** Call before each item so an over-deep expression is reported once per item. */
  resetLimits(): void {
    this.reportedTooDeep = false;
  }

  /** `expression` rule (or-level); a missing node gives `Missing`. */
  expression(node: CstNode | undefined): Expression {
    if (!node) return this.missing();
    return this.chain(node.children, 'andExpr', (n) => this.andExpr(n));
  }

  /** `additive` rule, used directly by param ranges. */
  additive(node: CstNode | undefined): Expression {
    if (!node) return this.missing();
    return this.chain(node.children, 'multiplicative', (n) => this.multiplicative(n));
  }

  private andExpr(node: CstNode): Expression {
    return this.chain(node.children, 'notExpr', (n) => this.notExpr(n));
  }

  private multiplicative(node: CstNode): Expression {
    return this.chain(node.children, 'unary', (n) => this.unary(n));
  }

  /** Left-associative fold of `operands` joined by `operators` (same label in every chain rule). */
  private chain(ctx: Ctx, _rule: string, build: (n: CstNode) => Expression): Expression {
    const operands = children(ctx, 'operands');
    const ops = tokens(ctx, 'operators');
    let left = operands[0] ? build(operands[0]) : this.missing();
    for (let i = 0; i < ops.length; i++) {
      const opTok = ops[i]!;
      const opRange = this.s.tokenRange(opTok);
      const rightNode = operands[i + 1];
      const right = rightNode ? build(rightNode) : this.missing();
      const range = new Span(this.s).node(left).token(opTok).node(right).range();
      left = this.make({ kind: 'Binary', op: opTok.image as BinaryOp, opRange, left, right, range }, left, right);
    }
    return left;
  }

  private notExpr(node: CstNode): Expression {
    const nots = tokens(node.children, 'nots');
    const ranges = nots.map((t) => this.s.tokenRange(t));
    let inner = this.comparison(child(node.children, 'comparison'));
    for (let i = nots.length - 1; i >= 0; i--) {
      const range = new Span(this.s).token(nots[i]).node(inner).range();
      inner = this.make({ kind: 'Unary', op: 'not', opRange: ranges[i]!, operand: inner, range }, inner);
    }
    return inner;
  }

  private comparison(node: CstNode | undefined): Expression {
    if (!node) return this.missing();
    const c = node.children;
    const left = this.additive(child(c, 'left'));
    const op = token(c, 'op');
    if (op) {
      const opRange = this.s.tokenRange(op);
      const right = this.additive(child(c, 'right'));
      const range = new Span(this.s).node(left).node(right).token(op).range();
      return this.make({ kind: 'Binary', op: COMPARISON[op.image] ?? '==', opRange, left, right, range }, left, right);
    }
    const crosses = token(c, 'CrossesKw');
    if (crosses || c['direction']) {
      const dir = token(c, 'direction');
      const right = this.additive(child(c, 'right'));
      const range = new Span(this.s).node(left).token(crosses).token(dir).node(right).range();
      const direction = dir?.image === 'below' ? 'below' : 'above';
      return this.make({ kind: 'Cross', direction, left, right, range }, left, right);
    }
    const between = token(c, 'BetweenKw');
    if (between) {
      const low = this.additive(child(c, 'low'));
      const and = token(c, 'AndKw');
      const high = this.additive(child(c, 'high'));
      const range = new Span(this.s).node(left).token(between).token(and).node(high).node(low).range();
      return this.make({ kind: 'Between', value: left, low, high, range }, left, low, high);
    }
    return left;
  }

  private unary(node: CstNode): Expression {
    const minus = tokens(node.children, 'minus');
    const ranges = minus.map((t) => this.s.tokenRange(t));
    let inner = this.onExpr(child(node.children, 'onExpr'));
    for (let i = minus.length - 1; i >= 0; i--) {
      const range = new Span(this.s).token(minus[i]).node(inner).range();
      inner = this.make({ kind: 'Unary', op: '-', opRange: ranges[i]!, operand: inner, range }, inner);
    }
    return inner;
  }

  private onExpr(node: CstNode | undefined): Expression {
    if (!node) return this.missing();
    const inner = this.postfix(child(node.children, 'postfix'));
    const on = token(node.children, 'OnKw');
    if (!on) return inner;
    const tf = token(node.children, 'timeframe');
    const timeframe = tf ? { kind: 'Timeframe' as const, text: tf.image, range: this.s.tokenRange(tf) } : undefined;
    const range = new Span(this.s).node(inner).token(on).token(tf).range();
    return this.make({ kind: 'On', expression: inner, timeframe, range }, inner);
  }

  private postfix(node: CstNode | undefined): Expression {
    if (!node) return this.missing();
    let expr = this.atom(child(node.children, 'atom'));
    for (const suffix of children(node.children, 'suffixes')) {
      const c = suffix.children;
      if (suffix.name === 'indexSuffix') {
        const index = this.expression(child(c, 'expression'));
        const range = new Span(this.s).node(expr).token(token(c, 'RBracket')).node(index).range();
        expr = this.make({ kind: 'Index', object: expr, index, range }, expr, index);
      } else {
        const m = token(c, 'member');
        const member: Identifier | undefined = m ? { kind: 'Identifier', name: m.image, range: this.s.tokenRange(m) } : undefined;
        const range = new Span(this.s).node(expr).token(token(c, 'Dot')).node(member).range();
        expr = this.make({ kind: 'Member', object: expr, member, range }, expr);
      }
    }
    return expr;
  }

  private atom(node: CstNode | undefined): Expression {
    if (!node) return this.missing();
    const c = node.children;
    const lit = token(c, 'literal');
    if (lit) return this.literal(lit);
    const name = token(c, 'name');
    if (name) {
      const nameRange = this.s.tokenRange(name);
      const argList = child(c, 'argumentList');
      if (!argList) return { kind: 'Name', name: name.image, range: nameRange };
      const callee: Identifier = { kind: 'Identifier', name: name.image, range: nameRange };
      const args = this.argumentList(argList);
      const range = new Span(this.s).token(name).token(token(argList.children, 'RParen')).range();
      return this.make({ kind: 'Call', callee, args, range }, ...args);
    }
    const inner = child(c, 'inner');
    const open = token(c, 'LParen');
    if (open || inner) {
      const span = new Span(this.s).token(open);
      const expression = this.expression(inner);
      const range = span.node(expression).token(token(c, 'RParen')).range();
      return this.make({ kind: 'Paren', expression, range }, expression);
    }
    return this.missing();
  }

  /** The arguments of an `argumentList` node. */
  argumentList(node: CstNode): Expression[] {
    return children(node.children, 'args').map((a) => this.expression(a));
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

/** The `Range` of a token as an AST identifier. */
export function identifierOf(s: BuildState, t: IToken | undefined): Identifier | undefined {
  if (!t) return undefined;
  const range: Range = s.tokenRange(t);
  return { kind: 'Identifier', name: t.image, range };
}
