import type { CstNode, IToken } from 'chevrotain';
import type {
  ClockLiteral,
  Comment,
  DefaultItem,
  EntryRule,
  ExitRule,
  Expression,
  Item,
  LetDecl,
  OrderItem,
  ParamDecl,
  Setting,
  SettingName,
  SettingValue,
  SourceFile,
  Strategy,
  StringLiteral,
} from '../ast.js';
import { BuildState, child, children, Span, token, tokens, widen } from './cst-reader.js';
import { ExpressionBuilder, identifierOf } from './build-expressions.js';
import { OrderItemBuilder } from './build-orders.js';
import { parseClock, unescapeString } from './literals.js';
import { badItemDiagnostic } from './syntax-diagnostics.js';

/**
 * Builds the AST of a file from its CST: one method per grammar rule, reading children by
 * the labels the grammar gives them. Anything the parser could not recover is `undefined`
 * (names, literals) or `Missing` (expressions); ranges cover exactly the tokens written.
 */
export class ItemBuilder {
  private readonly e: ExpressionBuilder;
  private readonly o: OrderItemBuilder;

  constructor(private readonly s: BuildState) {
    this.e = new ExpressionBuilder(s);
    this.o = new OrderItemBuilder(s, this.e, (node, inEntry) => this.bad(node, inEntry));
  }

  sourceFile(cst: CstNode, uri: string, comments: readonly Comment[], textLength: number): SourceFile {
    const strategies = children(cst.children, 'strategy').map((n) => this.strategy(n));
    return { kind: 'SourceFile', uri, strategies, comments, range: this.s.lines.range(0, textLength) };
  }

  private strategy(node: CstNode): Strategy {
    const c = node.children;
    const kw = token(c, 'StrategyKw');
    const span = new Span(this.s).token(kw);
    const name = this.string(token(c, 'name'));
    const items: Item[] = [];
    for (const n of children(c, 'item')) {
      const item = this.item(n);
      if (item) items.push(item);
    }
    const range = span.node(name).token(token(c, 'LCurly')).token(token(c, 'RCurly')).range();
    return { kind: 'Strategy', name, items, range: widen(range, items) };
  }

  private item(node: CstNode): Item | undefined {
    this.e.resetLimits();
    const c = node.children;
    const setting = child(c, 'setting');
    if (setting) return this.setting(setting);
    const def = child(c, 'defaultItem');
    if (def) return this.defaultItem(def);
    const param = child(c, 'paramDecl');
    if (param) return this.param(param);
    const let_ = child(c, 'letDecl');
    if (let_) return this.let(let_);
    const entry = child(c, 'entryRule');
    if (entry) return this.entry(entry);
    const exit = child(c, 'exitRule');
    if (exit) return this.exit(exit);
    const bad = child(c, 'badItem');
    if (bad) this.bad(bad, false);
    return undefined;
  }

  /** Reports a skipped item once (at its first word) and remembers the names in it. */
  bad(node: CstNode, inEntry: boolean): void {
    const head = token(node.children, 'head');
    if (!head) return;
    const range = this.s.tokenRange(head);
    this.s.diagnostics.push(badItemDiagnostic(head, inEntry, range));
    for (const t of [head, ...tokens(node.children, 'skipped')]) {
      if (/^[A-Za-z_]/.test(t.image)) this.s.skippedNames.add(t.image);
      this.s.tokenRange(t);
    }
  }

  private setting(node: CstNode): Setting | undefined {
    const c = node.children;
    const key = token(c, 'key');
    if (!key) return undefined;
    const name = key.image as SettingName;
    const nameRange = this.s.tokenRange(key);
    let value: SettingValue | undefined;
    const word = token(c, 'word');
    const list = child(c, 'stringList');
    const str = token(c, 'string');
    const tf = token(c, 'timeframe');
    const clocks = child(c, 'clockRange');
    const expr = child(c, 'expression');
    const amount = child(c, 'amount');
    if (word) value = identifierOf(this.s, word);
    else if (list) {
      const items = tokens(list.children, 'String').map((t) => this.string(t)!);
      value = { kind: 'StringList', items, range: new Span(this.s).node(items[0]).node(items[items.length - 1]).range() };
    } else if (str) value = this.string(str);
    else if (tf) value = { kind: 'Timeframe', text: tf.image, range: this.s.tokenRange(tf) };
    else if (clocks) {
      const start = this.clock(token(clocks.children, 'start'));
      const end = this.clock(token(clocks.children, 'end'));
      value = { kind: 'ClockRange', start, end, range: new Span(this.s).node(start).token(token(clocks.children, 'Minus')).node(end).range() };
    } else if (expr) value = this.e.expression(expr);
    else if (amount) {
      const a = this.o.amount(amount);
      value = name === 'commission' && a.amount.kind === 'Name' && !a.unit ? { kind: 'Identifier', name: a.amount.name, range: a.amount.range } : a;
    }
    const range = new Span(this.s).token(key).node(value).range();
    return { kind: 'Setting', name, nameRange, value, range };
  }

  private defaultItem(node: CstNode): DefaultItem {
    const c = node.children;
    const kw = token(c, 'DefaultKw');
    const span = new Span(this.s).token(kw);
    const sizing = child(c, 'sizing');
    const stop = child(c, 'stopItem');
    const item: OrderItem | undefined = sizing ? this.o.sizing(sizing) : stop ? this.o.stop(stop) : undefined;
    return { kind: 'Default', item, range: span.node(item).range() };
  }

  private param(node: CstNode): ParamDecl {
    const c = node.children;
    const span = new Span(this.s).token(token(c, 'ParamKw'));
    const name = identifierOf(this.s, token(c, 'name'));
    span.token(token(c, 'Equals'));
    const value = this.e.expression(child(c, 'value'));
    const hasRange = token(c, 'InKw') !== undefined || c['min'] !== undefined;
    const min = hasRange ? this.e.expression(child(c, 'min')) : undefined;
    const max = hasRange ? this.e.expression(child(c, 'max')) : undefined;
    const hasStep = token(c, 'StepKw') !== undefined || c['step'] !== undefined;
    const step = hasStep ? this.e.expression(child(c, 'step')) : undefined;
    const range = span.node(name).node(value).token(token(c, 'InKw')).node(min).node(max).token(token(c, 'StepKw')).node(step).range();
    return { kind: 'Param', name, value, min, max, step, range };
  }

  private let(node: CstNode): LetDecl {
    const c = node.children;
    const span = new Span(this.s).token(token(c, 'LetKw'));
    const name = identifierOf(this.s, token(c, 'name'));
    span.token(token(c, 'Equals'));
    const value = this.e.expression(child(c, 'value'));
    return { kind: 'Let', name, value, range: span.node(name).node(value).range() };
  }

  private entry(node: CstNode): EntryRule {
    const c = node.children;
    const span = new Span(this.s).token(token(c, 'EntryKw'));
    const sideTok = token(c, 'side');
    span.token(sideTok);
    const side = sideTok ? (sideTok.image as 'long' | 'short') : undefined;
    const label = this.string(token(c, 'label'));
    span.token(token(c, 'AtKw'));
    const at = this.clock(token(c, 'at'));
    const when = this.when(children(c, 'whenClause'), span);
    const open = token(c, 'LCurly');
    span.token(open);
    const items = children(c, 'orderItem')
      .map((n) => this.o.orderItem(n))
      .filter((x): x is OrderItem => x !== undefined);
    const range = span.node(label).node(at).node(when).token(token(c, 'RCurly')).range();
    return { kind: 'Entry', side, label, at, when, items, hasBlock: open !== undefined || items.length > 0, range: widen(range, items) };
  }

  private when(clauses: CstNode[], span: Span): Expression | undefined {
    const clause = clauses[0];
    if (!clause) return undefined;
    span.token(token(clause.children, 'WhenKw'));
    return this.e.expression(child(clause.children, 'expression'));
  }

  private exit(node: CstNode): ExitRule {
    const c = node.children;
    const span = new Span(this.s).token(token(c, 'ExitKw'));
    const targetTok = token(c, 'target');
    span.token(targetTok);
    const target = targetTok ? (targetTok.image as 'long' | 'short' | 'all') : undefined;
    const label = this.string(token(c, 'label'));
    const when = this.when(children(c, 'whenClause'), span);
    span.token(token(c, 'AtKw')).token(token(c, 'AfterKw'));
    const at = this.clock(token(c, 'at'));
    const afterNode = child(c, 'after');
    const after = afterNode ? this.o.amount(afterNode) : token(c, 'AfterKw') ? this.o.emptyAmount() : undefined;
    const range = span.node(label).node(when).node(at).node(after).range();
    return { kind: 'Exit', target, label, when, at, after, range };
  }

  private string(t: IToken | undefined): StringLiteral | undefined {
    if (!t) return undefined;
    return { kind: 'String', text: t.image, value: unescapeString(t.image, t.tokenType.name === 'String'), range: this.s.tokenRange(t) };
  }

  private clock(t: IToken | undefined): ClockLiteral | undefined {
    if (!t) return undefined;
    const { hour, minute } = parseClock(t.image);
    return { kind: 'Clock', text: t.image, hour, minute, range: this.s.tokenRange(t) };
  }
}
