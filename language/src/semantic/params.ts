import type { Expression, ParamDecl } from '../ast.js';
import { walk } from '../syntax/walk.js';
import type { CheckContext } from './context.js';
import { foldConstant } from './constants.js';
import type { ExpressionChecker } from './expressions.js';
import type { ParamInfo } from './model.js';
import { describeType, type ExprType } from './types.js';

const NO_PARAMS: ReadonlyMap<string, number> = new Map();

/**
 * Checks every param: its value (and range and step) must be written out — a number, a
 * percentage or true/false (ALG302) — and the range must hold the default with a positive
 * step (ALG412). Records each param's type and its values at the default and at both ends
 * of its range, which the checks of lengths and the warm-up use.
 */
export function checkParams(params: readonly ParamDecl[], ctx: CheckContext, exprs: ExpressionChecker): ParamInfo[] {
  const out: ParamInfo[] = [];
  for (const p of params) {
    const sym = p.name ? ctx.declared.get(p.name.name) : undefined;
    const t = literal(p.value, ctx, exprs, 'value');
    if (!t || !sym || sym.declaration !== p) continue;
    const type: ExprType = { kind: t.kind, variability: 'param' };
    sym.type = type;
    const value = foldConstant(p.value, NO_PARAMS) ?? 0;
    const bound = (e: Expression | undefined, what: string): number | undefined => {
      if (!e) return undefined;
      const bt = literal(e, ctx, exprs, what);
      if (!bt) return undefined;
      if (t.kind === 'bool') {
        ctx.report('ALG412', e.range, 'a true/false param has no range or step');
        return undefined;
      }
      if (bt.kind !== t.kind) {
        ctx.report('ALG300', e.range, `the ${what} of \`${sym.name}\` must be ${describeType({ kind: t.kind, variability: 'const' })} like its default`);
        return undefined;
      }
      return foldConstant(e, NO_PARAMS);
    };
    const min = bound(p.min, 'range start');
    const max = bound(p.max, 'range end');
    const step = bound(p.step, 'step');
    const name = `\`${sym.name}\``;
    if (min !== undefined && max !== undefined && min > max) {
      ctx.report('ALG412', p.min!.range, `the range of ${name} is empty: ${p.min ? ctx.snippet(p.min.range) : min} is above ${p.max ? ctx.snippet(p.max.range) : max}`);
    } else if (min !== undefined && max !== undefined && (value < min || value > max)) {
      ctx.report('ALG412', p.value.range, `the default of ${name} lies outside its range ${ctx.snippet(p.min!.range)}..${ctx.snippet(p.max!.range)}`);
    }
    if (step !== undefined && step <= 0) ctx.report('ALG412', p.step!.range, `the step of ${name} must be above zero`);
    else if (step !== undefined && p.min === undefined) ctx.report('ALG412', p.step!.range, `a step needs a range to sweep: \`param ${sym.name} = … in <from>..<to> step …\``);
    ctx.paramDefaults.set(sym.name, value);
    ctx.paramMinima.set(sym.name, Math.min(value, min ?? value));
    ctx.paramMaxima.set(sym.name, Math.max(value, max ?? value));
    out.push({ name: sym.name, node: p, type, value, min, max, step });
  }
  return out;
}

/** Types a param part and requires it to be written out; undefined after a report. */
function literal(e: Expression, ctx: CheckContext, exprs: ExpressionChecker, what: string): ExprType | undefined {
  let named: string | undefined;
  walk(e, (n) => {
    if (n.kind === 'Name' && named === undefined) named = n.name;
  });
  const t = exprs.check(e);
  if (t.kind === 'error') return undefined;
  if (named !== undefined || t.variability !== 'const') {
    ctx.report('ALG302', e.range, `a param's ${what} must be written out (a number, a percentage or true/false), not computed from \`${named ?? ctx.snippet(e.range)}\``);
    return undefined;
  }
  if (t.kind !== 'number' && t.kind !== 'percent' && t.kind !== 'bool') {
    ctx.report('ALG300', e.range, `a param's ${what} must be a number, a percentage or true/false, not ${describeType(t)}`);
    return undefined;
  }
  return t;
}
