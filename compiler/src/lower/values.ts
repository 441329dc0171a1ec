import { timeframeMs, type Call, type Expression, type Member, type NameRef } from '@algo/language';
import type { Expr, NumArg, RefExpr } from '../graph/expr.js';
import { FIELD_NAMES, STATE_FACTS, type FieldName, type StateFact } from '../graph/names.js';
import { compileError } from '../diagnostics.js';
import { CompilerError, ERROR_CODES } from '../errors.js';
import * as b from './build.js';
import { CROSSING_BUILTINS, requireBuiltin } from './catalogue.js';
import { unexpected, type LowerContext } from './context.js';

/**
 * Lowers expressions in value position to graph expression trees on a timeframe. Plain
 * math stays inline; anything that needs state or identity becomes a series through the
 * table: fields, indicator calls, history reads of a computed value, `on <tf>` bodies and
 * crossing operands. `let`s become series named after them when they compute something.
 */

const FIELDS = new Set<string>(FIELD_NAMES);
const STATES = new Set<string>(STATE_FACTS);

/** Lowers `e` as a value on timeframe `tf`. */
export function lowerValue(ctx: LowerContext, e: Expression, tf: string): Expr {
  switch (e.kind) {
    case 'Number':
    case 'Percent':
    case 'Bool':
      return b.konst(e.value);
    case 'Clock':
      return b.konst(e.hour * 60 + e.minute);
    case 'Paren':
      return lowerValue(ctx, e.expression, tf);
    case 'Name':
      return lowerName(ctx, e, tf);
    case 'Call':
      return lowerCall(ctx, e, tf, undefined);
    case 'Member':
      return lowerMember(ctx, e, tf);
    case 'Index': {
      const n = numArg(ctx, e.index, 0);
      return shift(ctx, lowerValue(ctx, e.object, tf), n, tf);
    }
    case 'On':
      return lowerOn(ctx, e.expression, e.timeframe?.text ?? tf, tf, e);
    case 'Unary':
      return e.op === '-' ? b.neg(lowerValue(ctx, e.operand, tf)) : b.not(lowerValue(ctx, e.operand, tf));
    case 'Binary': {
      const l = lowerValue(ctx, e.left, tf);
      const r = lowerValue(ctx, e.right, tf);
      switch (e.op) {
        case '+': return b.arith('add', l, r);
        case '-': return b.arith('sub', l, r);
        case '*': return b.arith('mul', l, r);
        case '/': return b.arith('div', l, r);
        case '>': return b.compare('gt', l, r);
        case '>=': return b.compare('gte', l, r);
        case '<': return b.compare('lt', l, r);
        case '<=': return b.compare('lte', l, r);
        case '==': return b.compare('eq', l, r);
        case '!=': return b.compare('neq', l, r);
        case 'and': return b.logic('and', l, r);
        case 'or': return b.logic('or', l, r);
      }
      return unexpected(e, 'an expression');
    }
    case 'Cross':
      return crossing(ctx, e.direction === 'above' ? 'crossesAbove' : 'crossesBelow', e.left, e.right, tf);
    case 'Between':
      return b.between(lowerValue(ctx, e.value, tf), lowerValue(ctx, e.low, tf), lowerValue(ctx, e.high, tf));
    default:
      return unexpected(e, 'an expression');
  }
}

/** A plain reference (no `ago`) to a series of timeframe `tf` holding `v`, making one if needed. */
export function toSeries(ctx: LowerContext, v: Expr, tf: string): RefExpr {
  if (v.op === 'ref' && !v.ago && ctx.table.get(v.id)?.timeframe === tf) return v;
  return ctx.table.intern('derived', tf, v);
}

/** Lowers a constant argument (a length, an offset): a param stays symbolic, anything else is folded. */
export function numArg(ctx: LowerContext, e: Expression, wholeAtLeast?: number): NumArg {
  const c = ctx.requireConst(e, 'a constant argument');
  if (wholeAtLeast !== undefined) ctx.noteWholeUse(c.param, wholeAtLeast, e.range);
  return (c.param !== undefined ? b.param(c.param) : b.konst(c.value)) as NumArg;
}

function lowerName(ctx: LowerContext, e: NameRef, tf: string): Expr {
  if (FIELDS.has(e.name)) return ctx.table.field(e.name as FieldName, tf);
  if (ctx.params.has(e.name)) return b.param(e.name);
  if (ctx.lets.has(e.name)) return lowerLet(ctx, e.name, tf);
  return unexpected(e, 'a name');
}

/** A `let` on `tf`: its value, as a series named after it when it computes something. */
export function lowerLet(ctx: LowerContext, name: string, tf: string): Expr {
  const memo = ctx.loweredLet(name, tf);
  if (memo) return memo;
  const decl = ctx.lets.get(name);
  if (!decl || ctx.letsInProgress.has(name)) throw new CompilerError(ERROR_CODES.internal, `let ${name} is unknown or recursive`);
  ctx.letsInProgress.add(name);
  const v = lowerValue(ctx, decl.value, tf);
  ctx.letsInProgress.delete(name);
  let out: Expr = v;
  if (v.op !== 'const' && v.op !== 'param') {
    out = toSeries(ctx, v, tf);
    ctx.table.bindName(out.id, name);
  }
  ctx.rememberLet(name, tf, out);
  return out;
}

/** Lowers a catalogue call on `tf`; `output` picks a field of a multi-output indicator. */
export function lowerCall(ctx: LowerContext, e: Call, tf: string, output: string | undefined): Expr {
  return lowerBuiltin(ctx, e.callee.name, e.args, tf, output);
}

/** Lowers built-in `name` applied to `args` (missing trailing arguments take the catalogue's defaults). */
export function lowerBuiltin(ctx: LowerContext, name: string, args: readonly Expression[], tf: string, output: string | undefined): Expr {
  const crossOp = CROSSING_BUILTINS[name];
  if (crossOp && args[0] && args[1]) return crossing(ctx, crossOp, args[0], args[1], tf);
  const entry = requireBuiltin(name);
  if (entry.category === 'function') {
    return { op: 'fn', fn: name, args: entry.params.map((p, i) => (args[i] ? lowerValue(ctx, args[i], tf) : b.konst(Number(p.default ?? 0)))) };
  }
  const lowered = entry.params.map((p, i): Expr => {
    const a = args[i];
    if (p.kind === 'source') return a ? toSeries(ctx, lowerValue(ctx, a, tf), tf) : ctx.table.field(String(p.default ?? 'close') as FieldName, tf);
    if (a) return numArg(ctx, a, p.kind === 'length' ? (p.min ?? 1) : undefined);
    return b.konst(Number(p.default ?? 0));
  });
  const out = entry.outputs.length ? (output ?? entry.defaultOutput ?? entry.outputs[0]) : undefined;
  return ctx.table.intern('indicator', tf, b.call(name, lowered, out));
}

function lowerMember(ctx: LowerContext, e: Member, tf: string): Expr {
  let object = e.object;
  while (object.kind === 'Paren') object = object.expression;
  const member = e.member?.name;
  if (!member) return unexpected(e, 'a member read');
  if (object.kind === 'Name' && object.name === 'position' && STATES.has(`position.${member}`)) {
    return { op: 'state', name: `position.${member}` as StateFact };
  }
  return lowerOutput(ctx, object, member, tf, e);
}

/**
 * Output `member` of a multi-output indicator written as `object.member`, where `object`
 * is the call itself, a `let` bound to it (`let m = macd(close)` … `m.signal`), an `on`
 * around it, or a history read of it (`m[1].signal` is `m.signal[1]`).
 */
function lowerOutput(ctx: LowerContext, object: Expression, member: string, tf: string, at: Member): Expr {
  switch (object.kind) {
    case 'Paren':
      return lowerOutput(ctx, object.expression, member, tf, at);
    case 'Call':
      return lowerCall(ctx, object, tf, member);
    case 'Name': {
      const decl = ctx.lets.get(object.name);
      if (!decl || ctx.letsInProgress.has(object.name)) break;
      ctx.letsInProgress.add(object.name);
      const v = lowerOutput(ctx, decl.value, member, tf, at);
      ctx.letsInProgress.delete(object.name);
      return v;
    }
    case 'On': {
      const target = object.timeframe?.text ?? tf;
      const v = lowerOutput(ctx, object.expression, member, target, at);
      return target === tf || v.op === 'const' || v.op === 'param' ? v : toSeries(ctx, v, target);
    }
    case 'Index':
      return shift(ctx, lowerOutput(ctx, object.object, member, tf, at), numArg(ctx, object.index, 0), tf);
  }
  return unexpected(at, 'a member read');
}

/** `v` shifted `n` bars back on `tf`: offsets add up when both are literals. */
function shift(ctx: LowerContext, v: Expr, n: NumArg, tf: string): Expr {
  if (n.op === 'const' && n.value === 0) return v;
  if (v.op === 'const' || v.op === 'param') return v;
  if (v.op === 'ref' && ctx.table.get(v.id)?.timeframe === tf) {
    if (!v.ago) return b.ref(v.id, n);
    if (v.ago.op === 'const' && n.op === 'const') return b.ref(v.id, { op: 'const', value: v.ago.value + n.value });
  }
  return b.ref(toSeries(ctx, v, tf).id, n);
}

/** `body on target`, read from `tf`: the body becomes a series of the target timeframe. */
function lowerOn(ctx: LowerContext, body: Expression, target: string, tf: string, at: Expression): Expr {
  if (target === tf) return lowerValue(ctx, body, tf);
  if (timeframeMs(target) < timeframeMs(tf)) {
    ctx.problems.push(compileError('ALG306', at.range, `\`on ${target}\` inside an expression already on ${tf} would read a lower timeframe; move it out of the \`on ${tf}\``));
    return b.konst(0);
  }
  const v = lowerValue(ctx, body, target);
  if (v.op === 'const' || v.op === 'param') return v;
  return toSeries(ctx, v, target);
}

/** `a crosses above/below b` on `tf`: operands become series with history (a literal `b` stays). */
export function crossing(ctx: LowerContext, op: 'crossesAbove' | 'crossesBelow', left: Expression, right: Expression, tf: string): Expr {
  let l = lowerValue(ctx, left, tf);
  let r = lowerValue(ctx, right, tf);
  if (b.isNumArg(l) && !b.isNumArg(r)) {
    [l, r] = [r, l];
    op = op === 'crossesAbove' ? 'crossesBelow' : 'crossesAbove';
  }
  const a = toSeries(ctx, l, tf);
  const other = b.isNumArg(r) ? r : toSeries(ctx, r, tf);
  return { op, args: [a, other] };
}
