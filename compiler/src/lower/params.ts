import type { Range, SemanticModel, Strategy } from '@algo/language';
import type { Param } from '../graph/settings.js';
import { compileError, type CompileDiagnostic } from '../diagnostics.js';
import type { ParamInfo } from './context.js';

/**
 * Parameters: the checker's view of each declaration, the value this compile uses (an
 * override, validated), and the graph's `params` section. Overrides are numbers (a
 * percent parameter takes the fraction: `0.02` for 2%) or, for a true/false parameter,
 * booleans.
 */

/** A parameter value from outside: a number, or true/false for a true/false param. */
export type ParamValue = number | boolean;

const show = (type: string, v: number | boolean) => (type === 'percent' && typeof v === 'number' ? `${+(v * 100).toPrecision(12)}%` : String(v));

function badOverride(type: ParamInfo['type'], o: unknown): string | undefined {
  if (type === 'bool') return typeof o === 'boolean' ? undefined : 'must be true or false';
  return typeof o === 'number' && Number.isFinite(o) ? undefined : 'must be a finite number';
}

/**
 * Reads the strategy's params from the semantic model and applies `overrides`. Problems
 * found before lowering — an unknown name, a value of the wrong type, a value outside the
 * declared range — come back as diagnostics at the declaration (or the strategy name).
 */
export function collectParams(
  model: SemanticModel,
  strategy: Strategy,
  overrides: Readonly<Record<string, ParamValue>>,
): { params: Map<string, ParamInfo>; problems: CompileDiagnostic[] } {
  const params = new Map<string, ParamInfo>();
  const problems: CompileDiagnostic[] = [];
  for (const p of model.params) {
    const type = p.type.kind === 'percent' ? 'percent' : p.type.kind === 'bool' ? 'bool' : 'number';
    const def: number | boolean = type === 'bool' ? p.value !== 0 : p.value;
    let value = def;
    const at = p.node.name?.range ?? p.node.range;
    if (Object.hasOwn(overrides, p.name)) {
      const o = overrides[p.name];
      const bad = badOverride(type, o);
      if (bad) problems.push(compileError('ALG300', at, `the override for param \`${p.name}\` ${bad}, got ${JSON.stringify(o) ?? String(o)}`));
      else if (typeof o === 'number' && ((p.min !== undefined && o < p.min) || (p.max !== undefined && o > p.max))) {
        const range = `${p.min === undefined ? '' : show(type, p.min)}..${p.max === undefined ? '' : show(type, p.max)}`;
        problems.push(compileError('ALG303', at, `the override ${p.name} = ${show(type, o)} is outside the param's range ${range}`));
      } else value = o as number | boolean;
    }
    params.set(p.name, {
      name: p.name,
      decl: p.node,
      type,
      default: def,
      value,
      ...(p.min !== undefined ? { min: p.min } : {}),
      ...(p.max !== undefined ? { max: p.max } : {}),
      ...(p.step !== undefined ? { step: p.step } : {}),
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
 * After lowering, checks overridden values against how the params are used: a length, an
 * offset or a bar count needs a whole number, and at least the smallest value its use
 * allows.
 */
export function checkParamUses(params: ReadonlyMap<string, ParamInfo>, overrides: Readonly<Record<string, ParamValue>>): CompileDiagnostic[] {
  const problems: CompileDiagnostic[] = [];
  for (const p of params.values()) {
    if (!Object.hasOwn(overrides, p.name) || typeof p.value !== 'number') continue;
    const at = p.decl.name?.range ?? p.decl.range;
    const where = p.usedAt ? ` (it is used as a count at line ${p.usedAt.start.line}, column ${p.usedAt.start.column})` : '';
    if (p.integer && !Number.isInteger(p.value)) {
      problems.push(compileError('ALG303', at, `the override ${p.name} = ${p.value} must be a whole number${where}`));
    } else if (p.atLeast !== undefined && p.value < p.atLeast) {
      problems.push(compileError('ALG303', at, `the override ${p.name} = ${p.value} must be at least ${p.atLeast}${where}`));
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
