import type { Expression, Range, Strategy } from '@algo/language';
import type { Param } from '../graph/settings.js';
import { compileError, type CompileDiagnostic } from '../diagnostics.js';
import type { ParamInfo } from './context.js';

/**
 * Parameters: their declarations, the values this compile uses (overrides validated
 * against each declaration), and the `params` section of the graph. Overrides are plain
 * numbers; a percent parameter takes the fraction (`0.02` for 2%).
 */

/** Evaluates a parameter's literal (`20`, `2%`, `-1.5`); params may not refer to each other. */
function literal(e: Expression | undefined): number | undefined {
  if (!e) return undefined;
  if (e.kind === 'Number' || e.kind === 'Percent') return e.value;
  if (e.kind === 'Paren') return literal(e.expression);
  if (e.kind === 'Unary' && e.op === '-') {
    const v = literal(e.operand);
    return v === undefined ? undefined : -v;
  }
  return undefined;
}

function isPercentLiteral(e: Expression | undefined): boolean {
  if (!e) return false;
  if (e.kind === 'Percent') return true;
  if (e.kind === 'Paren') return isPercentLiteral(e.expression);
  return e.kind === 'Unary' && isPercentLiteral(e.operand);
}

const show = (p: { type: string }, v: number) => (p.type === 'percent' ? `${+(v * 100).toPrecision(12)}%` : String(v));

/**
 * Reads the strategy's params and applies `overrides`. Problems found before lowering —
 * an unknown name, a value that is not a finite number, a value outside the declared
 * range — come back as diagnostics at the declaration (or the strategy name).
 */
export function collectParams(
  strategy: Strategy,
  overrides: Readonly<Record<string, number>>,
): { params: Map<string, ParamInfo>; problems: CompileDiagnostic[] } {
  const params = new Map<string, ParamInfo>();
  const problems: CompileDiagnostic[] = [];
  for (const item of strategy.items) {
    if (item.kind !== 'Param' || !item.name || params.has(item.name.name)) continue;
    const name = item.name.name;
    const def = literal(item.value) ?? 0;
    const min = literal(item.min);
    const max = literal(item.max);
    const step = literal(item.step);
    const type = isPercentLiteral(item.value) ? 'percent' : 'number';
    let value = def;
    if (Object.hasOwn(overrides, name)) {
      const o = overrides[name];
      if (typeof o !== 'number' || !Number.isFinite(o)) {
        problems.push(compileError('ALG300', item.name.range, `override for param \`${name}\` must be a finite number, got ${String(o)}`));
      } else if ((min !== undefined && o < min) || (max !== undefined && o > max)) {
        const range = `${min === undefined ? '' : show({ type }, min)}..${max === undefined ? '' : show({ type }, max)}`;
        problems.push(compileError('ALG303', item.name.range, `override ${name} = ${show({ type }, o)} is outside the param's range ${range}`));
      } else value = o;
    }
    params.set(name, {
      name,
      decl: item,
      type,
      default: def,
      value,
      ...(min !== undefined ? { min } : {}),
      ...(max !== undefined ? { max } : {}),
      ...(step !== undefined ? { step } : {}),
      integer: false,
    });
  }
  const at: Range = strategy.name?.range ?? strategy.range;
  for (const name of Object.keys(overrides).sort()) {
    if (params.has(name)) continue;
    const known = [...params.keys()];
    const list = known.length ? `its params are ${known.map((k) => `\`${k}\``).join(', ')}` : 'it has no params';
    problems.push(compileError('ALG200', at, `cannot override \`${name}\`: the strategy has no param of that name (${list})`));
  }
  return { params, problems };
}

/**
 * After lowering, checks overridden values against how the params are used: a length or
 * an offset needs a whole number, and at least the smallest value its use allows.
 */
export function checkParamUses(params: ReadonlyMap<string, ParamInfo>, overrides: Readonly<Record<string, number>>): CompileDiagnostic[] {
  const problems: CompileDiagnostic[] = [];
  for (const p of params.values()) {
    if (!Object.hasOwn(overrides, p.name) || !p.decl.name) continue;
    const where = p.usedAt ? ` (used at line ${p.usedAt.start.line}, column ${p.usedAt.start.column})` : '';
    if (p.integer && !Number.isInteger(p.value)) {
      problems.push(compileError('ALG303', p.decl.name.range, `override ${p.name} = ${p.value} must be a whole number${where}`));
    } else if (p.atLeast !== undefined && p.value < p.atLeast) {
      problems.push(compileError('ALG303', p.decl.name.range, `override ${p.name} = ${p.value} must be at least ${p.atLeast}${where}`));
    }
  }
  return problems;
}

/** The graph's `params` section, in declaration order. */
export function paramsSection(params: ReadonlyMap<string, ParamInfo>): Param[] {
  return [...params.values()].map((p) => ({
    name: p.name,
    type: p.type,
    integer: p.integer,
    default: p.default,
    value: p.value,
    ...(p.min !== undefined ? { min: p.min } : {}),
    ...(p.max !== undefined ? { max: p.max } : {}),
    ...(p.step !== undefined ? { step: p.step } : {}),
  }));
}
