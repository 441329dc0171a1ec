import type { Call, Expression, Member } from '../ast.js';
import { FUNCTIONS, lookupField, lookupFunction, POSITION_MEMBERS } from '../catalogue/index.js';
import type { BuiltinFunction, BuiltinParam } from '../catalogue/types.js';
import { suggest } from '../diagnostics/suggest.js';
import type { CheckContext } from './context.js';
import { foldConstant } from './constants.js';
import type { ExpressionChecker } from './expressions.js';
import { ERROR_TYPE, isNumeric, joinVariability, simpleType, type ExprType, type Variability } from './types.js';

const FUNCTION_NAMES = FUNCTIONS.map((f) => f.name);

const OUTPUTS_TYPES = new Map<BuiltinFunction, ExprType>();

/** The type of a multi-output indicator's call (`macd(…)`: line, signal, hist), one per indicator. */
function outputsType(fn: BuiltinFunction): ExprType {
  let t = OUTPUTS_TYPES.get(fn);
  if (!t) {
    t = { kind: fn.returns, variability: 'series', outputs: fn.outputs };
    OUTPUTS_TYPES.set(fn, t);
  }
  return t;
}

/** `sma(source, length)` — parameter names in order. */
function signature(fn: BuiltinFunction): string {
  return `${fn.name}(${fn.params.map((p) => p.name).join(', ')})`;
}

/**
 * Checks calls against the catalogue — the function exists (ALG201), the arity (ALG301),
 * each argument's type (ALG300), lengths and numbers known before the first bar (ALG302)
 * and in range (ALG303) — and `.name` reads of outputs and position fields (ALG202, ALG305).
 */
export class CallChecker {
  constructor(
    private readonly ctx: CheckContext,
    private readonly exprs: ExpressionChecker,
  ) {}

  call(e: Call): ExprType {
    const name = e.callee.name;
    const fn = lookupFunction(name);
    if (!fn) return this.notAFunction(e);
    const sym = this.ctx.builtin('function', fn);
    this.ctx.use(e, sym, e.callee.range);
    this.ctx.symbolOfNode.set(e.callee, sym);
    const args = e.args;
    const argTypes: ExprType[] = [];
    for (const a of args) argTypes.push(this.exprs.check(a));
    const params = fn.params;
    if (args.length > params.length) {
      const extra = args[params.length]!;
      const last = args[args.length - 1]!;
      const names = params.map((p) => p.name).join(', ');
      const most = params.length === 0 ? 'no arguments' : `at most ${params.length} (${names})`;
      this.ctx.report('ALG301', { start: extra.range.start, end: last.range.end }, `\`${name}\` takes ${most}, but ${args.length} were given`);
      return ERROR_TYPE;
    }
    const missing = params.slice(args.length).filter((p) => p.default === undefined);
    if (missing.length > 0) {
      const needed = params.length - params.slice(args.length).filter((p) => p.default !== undefined).length;
      const given = `${args.length} ${args.length === 1 ? 'was' : 'were'} given`;
      this.ctx.report('ALG301', e.range, `\`${name}\` needs its \`${missing[0]!.name}\` argument: \`${signature(fn)}\` takes ${needed === params.length ? '' : 'at least '}${needed}, but ${given}`);
      return ERROR_TYPE;
    }
    let ok = true;
    let variability: Variability = 'const';
    let allPercent = args.length > 0;
    for (let i = 0; i < args.length; i++) {
      const t = argTypes[i]!;
      if (t.kind === 'error') {
        ok = false;
        continue;
      }
      if (!this.argument(fn, params[i]!, args[i]!, t)) ok = false;
      variability = joinVariability(variability, t.variability);
      if (t.kind !== 'percent') allPercent = false;
    }
    if (!ok) return ERROR_TYPE;
    if (fn.category === 'indicator') return fn.outputs.length ? outputsType(fn) : simpleType(fn.returns, 'series');
    return simpleType(allPercent ? 'percent' : fn.returns, variability);
  }

  /** Checks one argument against its parameter; false when it reported a problem. */
  private argument(fn: BuiltinFunction, p: BuiltinParam, arg: Expression, t: ExprType): boolean {
    const what = (): string => `\`${p.name}\` of \`${fn.name}\``;
    if (!isNumeric(t)) {
      this.exprs.mismatch(arg, t, `${what()} needs a number`);
      return false;
    }
    if (p.kind === 'source') return true;
    if (t.variability === 'series') {
      this.ctx.report('ALG302', arg.range, `${what()} must be known before the first bar: write a number or use a param, not \`${this.ctx.snippet(arg.range)}\``);
      return false;
    }
    return (
      this.inRange(arg, p, this.ctx.paramDefaults, 'is', what) &&
      this.inRange(arg, p, this.ctx.paramMinima, 'can be (at the low end of its param range)', what)
    );
  }

  /** A length or number argument, folded with params from `env`: whole and above its minimum. */
  private inRange(arg: Expression, p: BuiltinParam, env: ReadonlyMap<string, number>, which: string, what: () => string): boolean {
    const v = foldConstant(arg, env);
    if (v === undefined) return true;
    if (p.kind === 'length' && !Number.isInteger(v)) {
      this.ctx.report('ALG303', arg.range, `${what()} is a number of bars and must be whole, but it ${which} ${v}`);
      return false;
    }
    if (p.min !== undefined && v < p.min) {
      this.ctx.report('ALG303', arg.range, `${what()} must be at least ${p.min}, but it ${which} ${v}`);
      return false;
    }
    return true;
  }

  private notAFunction(e: Call): ExprType {
    const name = e.callee.name;
    for (const a of e.args) this.exprs.check(a);
    const declared = this.ctx.declared.get(name);
    const field = lookupField(name);
    if (declared || field) {
      if (declared) this.ctx.use(e.callee, declared, e.callee.range);
      const kind = declared ? `a ${declared.kind}` : 'a field';
      const one = e.args.length === 1 ? e.args[0] : undefined;
      const fix = one ? [{ title: `Read \`${name}[${this.ctx.snippet(one.range)}]\``, range: e.range, text: `${name}[${this.ctx.text.slice(one.range.start.offset, one.range.end.offset)}]` }] : [];
      this.ctx.report('ALG211', e.callee.range, `\`${name}\` is ${kind}, not a function; for an earlier bar's value write \`${name}[1]\``, { fixes: fix });
      return ERROR_TYPE;
    }
    const guess = suggest(name, FUNCTION_NAMES);
    const message = guess ? `unknown function \`${name}\` — did you mean \`${guess}\`?` : `unknown function \`${name}\`; see the built-ins in docs/LANGUAGE.md`;
    this.ctx.report('ALG201', e.callee.range, message, { fixes: guess ? [{ title: `Change to \`${guess}\``, range: e.callee.range, text: guess }] : [] });
    return ERROR_TYPE;
  }

  member(e: Member): ExprType {
    if (e.object.kind === 'Name' && e.object.name === 'position' && !this.ctx.declared.has('position')) return this.position(e);
    const t = this.exprs.check(e.object);
    if (t.kind === 'error' || !e.member) return ERROR_TYPE;
    const m = e.member;
    if (!t.outputs) {
      this.ctx.report('ALG305', m.range, `\`${this.ctx.snippet(e.object.range)}\` has no named outputs, so \`.${m.name}\` reads nothing`);
      return ERROR_TYPE;
    }
    if (!t.outputs.includes(m.name)) {
      const guess = suggest(m.name, t.outputs);
      const list = t.outputs.map((o) => `.${o}`).join(' ');
      const message = guess ? `no output \`.${m.name}\` — did you mean \`.${guess}\`? (outputs: ${list})` : `no output \`.${m.name}\`; the outputs are ${list}`;
      this.ctx.report('ALG202', m.range, message, { fixes: guess ? [{ title: `Change to \`.${guess}\``, range: m.range, text: guess }] : [] });
      return ERROR_TYPE;
    }
    return simpleType(t.kind, t.variability);
  }

  private position(e: Member): ExprType {
    this.exprs.notePosition();
    const m = e.member;
    if (!m) return ERROR_TYPE;
    const field = lookupField(`position.${m.name}`);
    if (!field) {
      const guess = suggest(m.name, POSITION_MEMBERS);
      const list = POSITION_MEMBERS.map((x) => `position.${x}`).join(', ');
      const message = guess ? `\`position\` has no field \`${m.name}\` — did you mean \`position.${guess}\`?` : `\`position\` has no field \`${m.name}\`; it has ${list}`;
      this.ctx.report('ALG202', m.range, message, { fixes: guess ? [{ title: `Change to \`${guess}\``, range: m.range, text: guess }] : [] });
      return ERROR_TYPE;
    }
    if (this.exprs.insideOn) {
      this.ctx.report('ALG306', e.range, `\`position.${m.name}\` is the state of the open position; it cannot be read \`on ${this.exprs.insideOn}\``);
      return ERROR_TYPE;
    }
    const type: ExprType = simpleType(field.returns, 'series');
    this.ctx.use(e, this.ctx.builtin('field', field, type), e.range);
    return type;
  }
}

