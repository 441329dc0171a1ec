import type { EntryRule, Identifier, LetDecl, ParamDecl, Strategy } from '../ast.js';
import { BUILTIN_NAMES, lookupField, lookupFunction } from '../catalogue/index.js';
import type { CheckContext } from './context.js';

/**
 * The binder's first pass: declares every param, let and entry label of the strategy so
 * that uses anywhere (lets may read later lets) resolve. Reports a name declared twice
 * (ALG203), a label used twice (ALG208), and a name that hides a built-in (ALG210).
 */
export function declareAll(strategy: Strategy, ctx: CheckContext): void {
  for (const item of strategy.items) {
    if (item.kind === 'Param' || item.kind === 'Let') declareName(item, ctx);
    else if (item.kind === 'Entry') declareLabel(item, ctx);
  }
}

function declareName(decl: ParamDecl | LetDecl, ctx: CheckContext): void {
  const id: Identifier | undefined = decl.name;
  if (!id) return;
  const what = decl.kind === 'Param' ? 'param' : 'let';
  if (BUILTIN_NAMES.includes(id.name)) {
    const builtin = lookupField(id.name) ? 'field' : lookupFunction(id.name) ? 'built-in function' : 'built-in';
    ctx.report('ALG210', id.range, `\`${id.name}\` is a ${builtin}; give this ${what} another name (e.g. \`my_${id.name}\`)`);
    return;
  }
  const first = ctx.declared.get(id.name);
  if (first) {
    ctx.report('ALG203', id.range, `\`${id.name}\` is already declared as a ${first.kind}`, {
      related: first.nameRange ? [{ message: `first declared here`, range: first.nameRange }] : [],
    });
    return;
  }
  const s = ctx.declare(id.name, what, decl, id.range);
  ctx.symbolOfNode.set(id, s);
}

function declareLabel(entry: EntryRule, ctx: CheckContext): void {
  const label = entry.label;
  if (!label) return;
  const first = ctx.labels.get(label.value);
  if (first) {
    ctx.report('ALG208', label.range, `two entries are labelled "${label.value}"; labels name one entry each`, {
      related: first.nameRange ? [{ message: 'first used here', range: first.nameRange }] : [],
    });
    return;
  }
  const s = ctx.declareLabel(label.value, entry, label.range);
  ctx.symbolOfNode.set(label, s);
}
