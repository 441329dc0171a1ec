import type { Amount, Expression, OptionLeg, OrderItem, Sizing, StopItem, StopKind, Strike } from '../ast.js';
import { ExpressionBuilder, identifierOf } from './build-expressions.js';
import { BuildState, Span, widen } from './build-state.js';
import type { Cst, CstNode } from './cst.js';

/**
 * Builds the order items of entry blocks and `default`s (option legs, sizing, stops) and
 * amounts with units, which settings and exits share.
 */
export class OrderItemBuilder {
  private readonly t: Cst;

  constructor(
    private readonly s: BuildState,
    private readonly e: ExpressionBuilder,
    private readonly reportBad: (node: CstNode, inEntry: boolean) => void,
  ) {
    this.t = s.cst;
  }

  orderItem(node: CstNode): OrderItem | undefined {
    this.e.resetLimits();
    const c = node;
    const leg = this.t.child(c, 'optionLeg');
    if (leg) return this.optionLeg(leg);
    const sizing = this.t.child(c, 'sizing');
    if (sizing) return this.sizing(sizing);
    const stop = this.t.child(c, 'stopItem');
    if (stop) return this.stop(stop);
    const bad = this.t.child(c, 'badOrderItem');
    if (bad) this.reportBad(bad, true);
    return undefined;
  }

  private optionLeg(node: CstNode): OptionLeg {
    const c = node;
    const actionTok = this.t.token(c, 'action');
    const rightTok = this.t.token(c, 'right');
    const span = new Span(this.s).token(actionTok).token(rightTok);
    const strikeNode = this.t.child(c, 'strike');
    const strike = strikeNode ? this.strike(strikeNode) : undefined;
    span.token(this.t.token(c, 'ExpiryKw'));
    const expiry = identifierOf(this.s, this.t.token(c, 'expiry'));
    return {
      kind: 'OptionLeg',
      action: actionTok?.image === 'sell' ? 'sell' : 'buy',
      right: rightTok ? (rightTok.image as 'call' | 'put') : undefined,
      strike,
      expiry,
      range: span.node(strike).node(expiry).range(),
    };
  }

  private strike(node: CstNode): Strike | undefined {
    const c = node;
    const word = identifierOf(this.s, this.t.token(c, 'word'));
    if (!word) return undefined;
    const signTok = this.t.token(c, 'sign');
    if (signTok) this.s.tokenRange(signTok);
    const stepsTok = this.t.token(c, 'steps');
    const steps: Expression | undefined = stepsTok ? { kind: 'Number', text: stepsTok.image, value: Number(stepsTok.image.replace(/_/g, '')), range: this.s.tokenRange(stepsTok) } : undefined;
    const range = new Span(this.s).node(word).token(signTok).node(steps).range();
    return { kind: 'Strike', word, sign: signTok ? (signTok.image as '+' | '-') : undefined, steps, range };
  }

  sizing(node: CstNode): Sizing {
    const c = node;
    const modeTok = this.t.token(c, 'mode');
    const span = new Span(this.s).token(modeTok);
    const amount = this.e.expression(this.t.child(c, 'expression'));
    const unit = identifierOf(this.s, this.t.token(c, 'unit'));
    span.token(this.t.token(c, 'OfKw'));
    const basis = identifierOf(this.s, this.t.token(c, 'basis'));
    const mode = (modeTok?.image ?? 'qty') as Sizing['mode'];
    return { kind: 'Sizing', mode, amount, unit, basis, range: span.node(amount).node(unit).node(basis).range() };
  }

  stop(node: CstNode): StopItem {
    const c = node;
    const whichTok = this.t.token(c, 'which');
    const at = this.t.token(c, 'AtKw');
    const span = new Span(this.s).token(whichTok).token(at);
    const amountNode = this.t.child(c, 'amount');
    const distance = amountNode ? this.amount(amountNode) : this.emptyAmount();
    const which = (whichTok?.image ?? 'stop_loss') as StopKind;
    return { kind: 'Stop', which, at: at !== undefined, distance, range: span.node(distance).range() };
  }

  amount(node: CstNode): Amount {
    const c = node;
    const amount = this.e.expression(this.t.child(c, 'expression'));
    const unit = identifierOf(this.s, this.t.token(c, 'unit'));
    const argList = this.t.child(c, 'argumentList');
    const unitArgs = argList ? this.e.argumentList(argList) : [];
    const range = new Span(this.s).node(amount).node(unit).token(argList ? this.t.token(argList, 'RParen') : undefined).range();
    return { kind: 'Amount', amount, unit, unitArgs, range: widen(range, unitArgs) };
  }

  emptyAmount(): Amount {
    const amount = this.e.missing();
    return { kind: 'Amount', amount, unit: undefined, unitArgs: [], range: amount.range };
  }
}
