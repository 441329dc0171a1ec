import type { IToken } from 'chevrotain';
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
import { BuildState, Span, widen } from './build-state.js';
import type { Cst, CstNode } from './cst.js';
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
  private readonly t: Cst;

  constructor(private readonly s: BuildState) {
    this.t = s.cst;
    this.e = new ExpressionBuilder(s);
    this.o = new OrderItemBuilder(s, this.e, (node, inEntry) => this.bad(node, inEntry));
  }

  sourceFile(cst: CstNode, uri: string, comments: readonly Comment[], textLength: number): SourceFile {
    const strategies = this.t.children(cst, 'strategy').map((n) => this.strategy(n));
    return { kind: 'SourceFile', uri, strategies, comments, range: this.s.lines.range(0, textLength) };
  }

  private strategy(node: CstNode): Strategy {
    const c = node;
    const kw = this.t.token(c, 'StrategyKw');
    const span = new Span(this.s).token(kw);
    const name = this.string(this.t.token(c, 'name'));
    const items: Item[] = [];
    for (const n of this.t.children(c, 'item')) {
      const item = this.item(n);
      if (item) items.push(item);
    }
    const range = span.node(name).token(this.t.token(c, 'LCurly')).token(this.t.token(c, 'RCurly')).range();
    return { kind: 'Strategy', name, items, range: widen(range, items) };
  }

  private item(node: CstNode): Item | undefined {
    this.e.resetLimits();
    const c = node;
    const setting = this.t.child(c, 'setting');
    if (setting) return this.setting(setting);
    const def = this.t.child(c, 'defaultItem');
    if (def) return this.defaultItem(def);
    const param = this.t.child(c, 'paramDecl');
    if (param) return this.param(param);
    const let_ = this.t.child(c, 'letDecl');
    if (let_) return this.let(let_);
    const entry = this.t.child(c, 'entryRule');
    if (entry) return this.entry(entry);
    const exit = this.t.child(c, 'exitRule');
    if (exit) return this.exit(exit);
    const bad = this.t.child(c, 'badItem');
    if (bad) this.bad(bad, false);
    return undefined;
  }

  /** Reports a skipped item once (at its first word) and remembers the names in it. */
  bad(node: CstNode, inEntry: boolean): void {
    const head = this.t.token(node, 'head');
    if (!head) return;
    const range = this.s.tokenRange(head);
    this.s.diagnostics.push(badItemDiagnostic(head, inEntry, range));
    for (const t of [head, ...this.t.tokensUnder(node, 'skipped')]) {
      if (/^[A-Za-z_]/.test(t.image)) this.s.skippedNames.add(t.image);
      this.s.tokenRange(t);
    }
  }

  private setting(node: CstNode): Setting | undefined {
    const c = node;
    const key = this.t.token(c, 'key');
    if (!key) return undefined;
    const name = key.image as SettingName;
    const nameRange = this.s.tokenRange(key);
    let value: SettingValue | undefined;
    const word = this.t.token(c, 'word');
    const list = this.t.child(c, 'stringList');
    const str = this.t.token(c, 'string');
    const tf = this.t.token(c, 'timeframe');
    const clocks = this.t.child(c, 'clockRange');
    const expr = this.t.child(c, 'expression');
    const amount = this.t.child(c, 'amount');
    if (word) value = identifierOf(this.s, word);
    else if (list) {
      const items = this.t.tokensUnder(list, 'String').map((t) => this.string(t)!);
      value = { kind: 'StringList', items, range: new Span(this.s).node(items[0]).node(items[items.length - 1]).range() };
    } else if (str) value = this.string(str);
    else if (tf) value = { kind: 'Timeframe', text: tf.image, range: this.s.tokenRange(tf) };
    else if (clocks) {
      const start = this.clock(this.t.token(clocks, 'start'));
      const end = this.clock(this.t.token(clocks, 'end'));
      value = { kind: 'ClockRange', start, end, range: new Span(this.s).node(start).token(this.t.token(clocks, 'Minus')).node(end).range() };
    } else if (expr) value = this.e.expression(expr);
    else if (amount) {
      const a = this.o.amount(amount);
      value = name === 'commission' && a.amount.kind === 'Name' && !a.unit ? { kind: 'Identifier', name: a.amount.name, range: a.amount.range } : a;
    }
    const range = new Span(this.s).token(key).node(value).range();
    return { kind: 'Setting', name, nameRange, value, range };
  }

  private defaultItem(node: CstNode): DefaultItem {
    const c = node;
    const kw = this.t.token(c, 'DefaultKw');
    const span = new Span(this.s).token(kw);
    const sizing = this.t.child(c, 'sizing');
    const stop = this.t.child(c, 'stopItem');
    const item: OrderItem | undefined = sizing ? this.o.sizing(sizing) : stop ? this.o.stop(stop) : undefined;
    return { kind: 'Default', item, range: span.node(item).range() };
  }

  private param(node: CstNode): ParamDecl {
    const c = node;
    const span = new Span(this.s).token(this.t.token(c, 'ParamKw'));
    const name = identifierOf(this.s, this.t.token(c, 'name'));
    span.token(this.t.token(c, 'Equals'));
    const value = this.e.expression(this.t.child(c, 'value'));
    const hasRange = this.t.token(c, 'InKw') !== undefined || this.t.has(c, 'min');
    const min = hasRange ? this.e.expression(this.t.child(c, 'min')) : undefined;
    const max = hasRange ? this.e.expression(this.t.child(c, 'max')) : undefined;
    const hasStep = this.t.token(c, 'StepKw') !== undefined || this.t.has(c, 'step');
    const step = hasStep ? this.e.expression(this.t.child(c, 'step')) : undefined;
    const range = span.node(name).node(value).token(this.t.token(c, 'InKw')).node(min).node(max).token(this.t.token(c, 'StepKw')).node(step).range();
    return { kind: 'Param', name, value, min, max, step, range };
  }

  private let(node: CstNode): LetDecl {
    const c = node;
    const span = new Span(this.s).token(this.t.token(c, 'LetKw'));
    const name = identifierOf(this.s, this.t.token(c, 'name'));
    span.token(this.t.token(c, 'Equals'));
    const value = this.e.expression(this.t.child(c, 'value'));
    return { kind: 'Let', name, value, range: span.node(name).node(value).range() };
  }

  private entry(node: CstNode): EntryRule {
    const c = node;
    const span = new Span(this.s).token(this.t.token(c, 'EntryKw'));
    const sideTok = this.t.token(c, 'side');
    span.token(sideTok);
    const side = sideTok ? (sideTok.image as 'long' | 'short') : undefined;
    const label = this.string(this.t.token(c, 'label'));
    span.token(this.t.token(c, 'AtKw'));
    const at = this.clock(this.t.token(c, 'at'));
    const when = this.when(this.t.children(c, 'whenClause'), span);
    const open = this.t.token(c, 'LCurly');
    span.token(open);
    const items = this.t.children(c, 'orderItem')
      .map((n) => this.o.orderItem(n))
      .filter((x): x is OrderItem => x !== undefined);
    const range = span.node(label).node(at).node(when).token(this.t.token(c, 'RCurly')).range();
    return { kind: 'Entry', side, label, at, when, items, hasBlock: open !== undefined || items.length > 0, range: widen(range, items) };
  }

  private when(clauses: CstNode[], span: Span): Expression | undefined {
    const clause = clauses[0];
    if (!clause) return undefined;
    span.token(this.t.token(clause, 'WhenKw'));
    return this.e.expression(this.t.child(clause, 'expression'));
  }

  private exit(node: CstNode): ExitRule {
    const c = node;
    const span = new Span(this.s).token(this.t.token(c, 'ExitKw'));
    const targetTok = this.t.token(c, 'target');
    span.token(targetTok);
    const target = targetTok ? (targetTok.image as 'long' | 'short' | 'all') : undefined;
    const label = this.string(this.t.token(c, 'label'));
    const when = this.when(this.t.children(c, 'whenClause'), span);
    span.token(this.t.token(c, 'AtKw')).token(this.t.token(c, 'AfterKw'));
    const at = this.clock(this.t.token(c, 'at'));
    const afterNode = this.t.child(c, 'after');
    const after = afterNode ? this.o.amount(afterNode) : this.t.token(c, 'AfterKw') ? this.o.emptyAmount() : undefined;
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
