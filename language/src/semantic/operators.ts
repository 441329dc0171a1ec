import type { Binary, Between, Cross, Expression, Unary } from '../ast.js';
import type { CheckContext } from './context.js';
import { foldConstant } from './constants.js';
import type { ExpressionChecker } from './expressions.js';
import { describeType, ERROR_TYPE, isNumeric, joinVariability, simpleType, type ExprType } from './types.js';

/**
 * Types the operators: arithmetic on numbers (a percentage stays one where that makes
 * sense), comparisons of like with like, `and`/`or`/`not` on conditions, crossings and
 * `between` (ALG300; division by a constant zero ALG309).
 */
export class OperatorChecker {
  constructor(
    private readonly ctx: CheckContext,
    private readonly exprs: ExpressionChecker,
  ) {}

  unary(e: Unary): ExprType {
    const t = this.exprs.check(e.operand);
    if (t.kind === 'error') return ERROR_TYPE;
    if (e.op === 'not') {
      if (t.kind !== 'bool') return this.exprs.mismatch(e.operand, t, '`not` needs a condition');
      return t;
    }
    if (!isNumeric(t)) return this.exprs.mismatch(e.operand, t, '`-` needs a number');
    return simpleType(t.kind, t.variability);
  }

  binary(e: Binary): ExprType {
    const l = this.exprs.check(e.left);
    const r = this.exprs.check(e.right);
    if (l.kind === 'error' || r.kind === 'error') return ERROR_TYPE;
    const variability = joinVariability(l.variability, r.variability);
    switch (e.op) {
      case 'and':
      case 'or':
        if (l.kind !== 'bool') return this.exprs.mismatch(e.left, l, `\`${e.op}\` joins conditions`);
        if (r.kind !== 'bool') return this.exprs.mismatch(e.right, r, `\`${e.op}\` joins conditions`);
        return simpleType('bool', variability);
      case '+':
      case '-':
      case '*':
      case '/': {
        if (!isNumeric(l)) return this.exprs.mismatch(e.left, l, `\`${e.op}\` needs numbers`);
        if (!isNumeric(r)) return this.exprs.mismatch(e.right, r, `\`${e.op}\` needs numbers`);
        if (e.op === '/' && r.variability !== 'series' && foldConstant(e.right, this.ctx.paramDefaults) === 0) {
          this.ctx.report('ALG309', e.right.range, 'division by zero: this has no value on any bar');
        }
        return simpleType(arithmeticKind(e.op, l, r), variability);
      }
      default: {
        const ok = (isNumeric(l) && isNumeric(r)) || (l.kind === r.kind && (l.kind === 'time' || (l.kind === 'bool' && (e.op === '==' || e.op === '!='))));
        if (!ok) return this.comparisonMismatch(e.left, l, e.right, r, `\`${e.op}\``);
        return simpleType('bool', variability);
      }
    }
  }

  cross(e: Cross): ExprType {
    const l = this.exprs.check(e.left);
    const r = this.exprs.check(e.right);
    if (l.kind === 'error' || r.kind === 'error') return ERROR_TYPE;
    if (!isNumeric(l)) return this.exprs.mismatch(e.left, l, `\`crosses ${e.direction}\` compares numbers`);
    if (!isNumeric(r)) return this.exprs.mismatch(e.right, r, `\`crosses ${e.direction}\` compares numbers`);
    return simpleType('bool', 'series');
  }

  between(e: Between): ExprType {
    const v = this.exprs.check(e.value);
    const lo = this.exprs.check(e.low);
    const hi = this.exprs.check(e.high);
    if (v.kind === 'error' || lo.kind === 'error' || hi.kind === 'error') return ERROR_TYPE;
    const group = (t: ExprType): string => (isNumeric(t) ? 'number' : t.kind === 'time' ? 'time' : 'other');
    const want = group(v) === 'other' ? 'number' : group(v);
    const parts: Array<[Expression, ExprType]> = [
      [e.value, v],
      [e.low, lo],
      [e.high, hi],
    ];
    const bad = parts.find(([, t]) => group(t) !== want);
    if (bad) return this.exprs.mismatch(bad[0], bad[1], '`between` needs three numbers or three clock times');
    return simpleType('bool', joinVariability(v.variability, joinVariability(lo.variability, hi.variability)));
  }

  private comparisonMismatch(l: Expression, lt: ExprType, r: Expression, rt: ExprType, op: string): ExprType {
    const hint = lt.kind === 'time' || rt.kind === 'time' ? ' (compare `time` with a clock time such as 09:30)' : '';
    this.ctx.report(
      'ALG300',
      { start: l.range.start, end: r.range.end },
      `${op} cannot compare ${describeType(lt)} with ${describeType(rt)}${hint}`,
    );
    return ERROR_TYPE;
  }
}

/** A percentage stays one through `+ -` with another, and `* /` by a plain number. */
function arithmeticKind(op: string, l: ExprType, r: ExprType): 'number' | 'percent' {
  if (op === '+' || op === '-') return l.kind === 'percent' && r.kind === 'percent' ? 'percent' : 'number';
  if (op === '*') return (l.kind === 'percent') !== (r.kind === 'percent') ? 'percent' : 'number';
  return l.kind === 'percent' && r.kind === 'number' ? 'percent' : 'number';
}
