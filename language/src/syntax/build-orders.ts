import type { CstNode } from 'chevrotain';
import type { Amount, Expression, OptionLeg, OrderItem, Sizing, StopItem, StopKind, Strike } from '../ast.js';
import { ExpressionBuilder, identifierOf } from './build-expressions.js';
import { BuildState, child, Span, token, widen } from './cst-reader.js';

/**
 * Builds the order items of entry blocks and `default`s (option legs, sizing, stops) and
 * amounts with units, which settings and exits share.
 */
export class OrderItemBuilder {
  constructor(
    private readonly s: BuildState,
    private readonly e: ExpressionBuilder,
    private readonly reportBad: (node: CstNode, inEntry: boolean) => void,
  ) {}

  orderItem(node: CstNode): OrderItem | undefined {
    this.e.resetLimits();
    const c = node.children;
    const leg = child(c, 'optionLeg');
    if (leg) return this.optionLeg(leg);
    const sizing = child(c, 'sizing');
    if (sizing) return this.sizing(sizing);
    const stop = child(c, 'stopItem');
    if (stop) return this.stop(stop);
    const bad = child(c, 'badOrderItem');
    if (bad) this.reportBad(bad, true);
    return undefined;
  }

  private optionLeg(node: CstNode): OptionLeg {
    const c = node.children;
    const actionTok = token(c, 'action');
    const rightTok = token(c, 'right');
    const span = new Span(this.s).token(actionTok).token(rightTok);
    const strikeNode = child(c, 'strike');
    const strike = strikeNode ? this.strike(strikeNode) : undefined;
    span.token(token(c, 'ExpiryKw'));
    const expiry = identifierOf(this.s, token(c, 'expiry'));
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
    const c = node.children;
    const word = identifierOf(this.s, token(c, 'word'));
    if (!word) return undefined;
    const signTok = token(c, 'sign');
    if (signTok) this.s.tokenRange(signTok);
    const stepsTok = token(c, 'steps');
    const steps: Expression | undefined = stepsTok ? { kind: 'Number', text: stepsTok.image, value: Number(stepsTok.image.replace(/_/g, '')), range: this.s.tokenRange(stepsTok) } : undefined;
    const range = new Span(this.s).node(word).token(signTok).node(steps).range();
    return { kind: 'Strike', word, sign: signTok ? (signTok.image as '+' | '-') : undefined, steps, range };
  }

  sizing(node: CstNode): Sizing {
    const c = node.children;
    const modeTok = token(c, 'mode');
    const span = new Span(this.s).token(modeTok);
    const amount = this.e.expression(child(c, 'expression'));
    const unit = identifierOf(this.s, token(c, 'unit'));
    span.token(token(c, 'OfKw'));
    const basis = identifierOf(this.s, token(c, 'basis'));
    const mode = (modeTok?.image ?? 'qty') as Sizing['mode'];
    return { kind: 'Sizing', mode, amount, unit, basis, range: span.node(amount).node(unit).node(basis).range() };
  }

  stop(node: CstNode): StopItem {
    const c = node.children;
    const whichTok = token(c, 'which');
    const at = token(c, 'AtKw');
    const span = new Span(this.s).token(whichTok).token(at);
    const amountNode = child(c, 'amount');
    const distance = amountNode ? this.amount(amountNode) : this.emptyAmount();
    const which = (whichTok?.image ?? 'stop_loss') as StopKind;
    return { kind: 'Stop', which, at: at !== undefined, distance, range: span.node(distance).range() };
  }

  amount(node: CstNode): Amount {
    const c = node.children;
    const amount = this.e.expression(child(c, 'expression'));
    const unit = identifierOf(this.s, token(c, 'unit'));
    const argList = child(c, 'argumentList');
    const unitArgs = argList ? this.e.argumentList(argList) : [];
    const range = new Span(this.s).node(amount).node(unit).token(argList ? token(argList.children, 'RParen') : undefined).range();
    return { kind: 'Amount', amount, unit, unitArgs, range: widen(range, unitArgs) };
  }

  emptyAmount(): Amount {
    const amount = this.e.missing();
    return { kind: 'Amount', amount, unit: undefined, unitArgs: [], range: amount.range };
  }
}
