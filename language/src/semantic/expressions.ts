import type { Expression, Index, LetDecl, NameRef, OnTimeframe } from '../ast.js';
import { BUILTIN_NAMES, lookupField, lookupFunction } from '../catalogue/index.js';
import { suggest } from '../diagnostics/suggest.js';
import { CallChecker } from './calls.js';
import { OperatorChecker } from './operators.js';
import type { CheckContext } from './context.js';
import { foldConstant } from './constants.js';
import { checkOnTimeframe } from './on-timeframe.js';
import { describeType, ERROR_TYPE, isNumeric, simpleType, type ExprType } from './types.js';

/** What a let's value reads that matters where the let is used: position state, `on`. */
export interface LetFacts {
  position: boolean;
  on: boolean;
}

/**
 * Types every expression, resolves every name, and reports type errors (ALG200, ALG211,
 * ALG300, ALG304, ALG306, ALG307, ALG309, ALG500). Each expression's type is recorded in
 * the context; an expression already reported gets the `error` type so one mistake gives
 * one diagnostic.
 */
export class ExpressionChecker {
  readonly letTypes = new Map<LetDecl, ExprType>();
  readonly letFacts = new Map<LetDecl, LetFacts>();
  private readonly calls: CallChecker;
  private readonly operators: OperatorChecker;
  /** The `on` timeframe being checked inside, if any. */
  private onTf: string | undefined;
  private facts: LetFacts = { position: false, on: false };

  constructor(readonly ctx: CheckContext) {
    this.calls = new CallChecker(ctx, this);
    this.operators = new OperatorChecker(ctx, this);
  }

  /** Checks a let's value and records its type and facts. */
  checkLet(decl: LetDecl): ExprType {
    this.facts = { position: false, on: false };
    const t = this.check(decl.value);
    this.letTypes.set(decl, t);
    this.letFacts.set(decl, this.facts);
    return t;
  }

  /** Types `e` (and everything inside it) and records the result. */
  check(e: Expression): ExprType {
    const t = this.infer(e);
    this.ctx.types.set(e, t);
    if (this.onTf) this.ctx.timeframes.set(e, this.onTf);
    return t;
  }

  /** Checks a condition: it must be true/false. */
  checkCondition(e: Expression, where: string): ExprType {
    const t = this.check(e);
    if (t.kind !== 'bool' && t.kind !== 'error') {
      this.ctx.report('ALG300', e.range, `${where} needs a condition (true or false), but \`${this.ctx.snippet(e.range)}\` is ${describeType(t)}`);
    }
    return t;
  }

  /** Notes that the expression being checked reads position state (for `on` and lets). */
  notePosition(): void {
    this.facts.position = true;
  }

  get insideOn(): string | undefined {
    return this.onTf;
  }

  private infer(e: Expression): ExprType {
    switch (e.kind) {
      case 'Number':
        return simpleType('number', 'const');
      case 'Percent':
        return simpleType('percent', 'const');
      case 'Bool':
        return simpleType('bool', 'const');
      case 'String':
        return simpleType('string', 'const');
      case 'Timeframe':
        return simpleType('timeframe', 'const');
      case 'Clock':
        if (e.hour > 23 || e.minute > 59) {
          this.ctx.report('ALG307', e.range, `\`${e.text}\` is not a clock time; write HH:MM from 00:00 to 23:59`);
          return ERROR_TYPE;
        }
        return simpleType('time', 'const');
      case 'Missing':
        return ERROR_TYPE;
      case 'Name':
        return this.name(e);
      case 'Call':
        return this.calls.call(e);
      case 'Member':
        return this.calls.member(e);
      case 'Index':
        return this.index(e);
      case 'On':
        return this.on(e);
      case 'Paren':
        return this.check(e.expression);
      case 'Unary':
        return this.operators.unary(e);
      case 'Binary':
        return this.operators.binary(e);
      case 'Cross':
        return this.operators.cross(e);
      case 'Between':
        return this.operators.between(e);
    }
  }

  private name(e: NameRef): ExprType {
    const declared = this.ctx.declared.get(e.name);
    if (declared) {
      this.ctx.use(e, declared, e.range);
      if (declared.kind === 'let' && declared.declaration?.kind === 'Let') {
        const facts = this.letFacts.get(declared.declaration);
        if (facts) {
          this.facts.position ||= facts.position;
          this.facts.on ||= facts.on;
          if (this.onTf && (facts.position || facts.on)) {
            const why = facts.position ? 'reads `position`' : 'uses `on` itself';
            this.ctx.report('ALG306', e.range, `\`${e.name}\` ${why}, so it cannot be read \`on ${this.onTf}\``);
            return ERROR_TYPE;
          }
        }
        return this.letTypes.get(declared.declaration) ?? ERROR_TYPE;
      }
      return declared.type ?? ERROR_TYPE;
    }
    const field = lookupField(e.name);
    if (field) {
      const type: ExprType = simpleType(field.returns, 'series');
      this.ctx.use(e, this.ctx.builtin('field', field, type), e.range);
      return type;
    }
    if (e.name === 'position') {
      this.ctx.report('ALG202', e.range, '`position` needs a field: `position.qty`, `position.entry_price`, `position.bars`, `position.pnl` or `position.pnl_pct`');
      return ERROR_TYPE;
    }
    const fn = lookupFunction(e.name);
    if (fn) {
      const args = fn.params.map((p) => String(p.default ?? p.name));
      this.ctx.report('ALG211', e.range, `\`${e.name}\` is a built-in function: call it, e.g. \`${e.name}(${args.join(', ')})\``, {
        fixes: [{ title: `Call \`${e.name}()\``, range: { start: e.range.end, end: e.range.end }, text: '()' }],
      });
      return ERROR_TYPE;
    }
    if (this.ctx.skippedNames.has(e.name)) return ERROR_TYPE;
    const candidates = [...this.ctx.declared.keys(), ...BUILTIN_NAMES];
    const guess = suggest(e.name, candidates);
    const message = guess ? `unknown name \`${e.name}\` — did you mean \`${guess}\`?` : `unknown name \`${e.name}\`: not a field, param, let or built-in`;
    this.ctx.report('ALG200', e.range, message, { fixes: guess ? [{ title: `Change to \`${guess}\``, range: e.range, text: guess }] : [] });
    return ERROR_TYPE;
  }

  private index(e: Index): ExprType {
    const base = this.check(e.object);
    const at = this.check(e.index);
    if (at.kind === 'error' || base.kind === 'error') return base.kind === 'error' ? ERROR_TYPE : base;
    const shown = this.ctx.snippet(e.index.range);
    if (!isNumeric(at) || at.variability === 'series') {
      this.ctx.report('ALG304', e.index.range, `the history offset \`${shown}\` must be a whole number known before the first bar (a number or a param)`);
      return ERROR_TYPE;
    }
    const n = foldConstant(e.index, this.ctx.paramDefaults);
    if (n !== undefined && n < 0) {
      this.ctx.report('ALG304', e.index.range, `\`[${shown}]\` would read the future; history offsets count bars back and must be 0 or more`);
      return ERROR_TYPE;
    }
    if (n !== undefined && !Number.isInteger(n)) {
      this.ctx.report('ALG304', e.index.range, `the history offset must be a whole number of bars, not ${n}`);
      return ERROR_TYPE;
    }
    return base;
  }

  private on(e: OnTimeframe): ExprType {
    this.facts.on = true;
    if (this.onTf) {
      this.ctx.report('ALG306', e.range, `\`on\` cannot be nested inside another \`on ${this.onTf}\``);
      this.ctx.onUnchecked.add(e);
      return ERROR_TYPE;
    }
    const tf = checkOnTimeframe(e, this.ctx);
    if (!tf) {
      this.check(e.expression);
      return ERROR_TYPE;
    }
    this.onTf = tf;
    this.ctx.onChecked.add(e);
    let inner: ExprType;
    try {
      inner = this.check(e.expression);
    } finally {
      this.onTf = undefined;
    }
    if (inner.kind === 'error') return ERROR_TYPE;
    return { ...inner, variability: 'series' };
  }

  /** Reports that `e` (of type `t`) cannot be used where `need` says; returns the error type. */
  mismatch(e: Expression, t: ExprType, need: string): ExprType {
    this.ctx.report('ALG300', e.range, `${need}, but \`${this.ctx.snippet(e.range)}\` is ${describeType(t)}`);
    return ERROR_TYPE;
  }
}
