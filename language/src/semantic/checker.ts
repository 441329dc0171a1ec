import type { LetDecl, ParamDecl, SourceFile, Strategy } from '../ast.js';
import { CheckContext } from './context.js';
import { declareAll } from './declarations.js';
import { ExpressionChecker } from './expressions.js';
import { orderLets } from './let-order.js';
import type { EntryInfo, ExitInfo, ParamInfo, SemanticModel } from './model.js';
import { buildModel } from './model-builder.js';
import { checkOrderItems } from './orders.js';
import { checkParams } from './params.js';
import { checkRules } from './rules.js';
import { StrategyWarmup } from './warmup.js';
import { resolveSettings, type SettingsResult } from './settings.js';
import { checkRequiredSettings, checkStrategyShape, reportUnused } from './strategy-checks.js';

/**
 * The binder and type checker: turns a parsed file into its semantic model and the
 * diagnostics of every static check (codes 2xx–5xx). Passes, in order: declare names,
 * params, settings, lets (in dependency order), defaults, entries and exits, unused
 * names. Each pass reports what it finds and carries on, so one mistake gives one
 * diagnostic and the rest of the file is still checked. The warm-up is worked out when
 * first asked for (`./warmup.ts`).
 */
export function check(
  file: SourceFile,
  text: string,
  syntaxErrors: readonly number[] = [],
  skippedNames: ReadonlySet<string> = new Set(),
): { model: SemanticModel; diagnostics: CheckContext['diagnostics'] } {
  const ctx = new CheckContext(text, syntaxErrors, skippedNames);
  const strategy = checkStrategyShape(file, ctx);
  const exprs = new ExpressionChecker(ctx);
  const items = strategy?.items ?? [];
  const params = items.filter((i): i is ParamDecl => i.kind === 'Param');
  const lets = items.filter((i): i is LetDecl => i.kind === 'Let');

  if (strategy) declareAll(strategy, ctx);
  const paramInfos: ParamInfo[] = checkParams(params, ctx, exprs);
  const settings: SettingsResult = resolveSettings(strategy ?? emptyStrategy(file), ctx, exprs);

  if (strategy) checkRequiredSettings(strategy, settings, ctx);

  const order = orderLets(lets, ctx);
  for (const l of order.ordered) {
    const t = exprs.checkLet(l);
    const sym = l.name ? ctx.declared.get(l.name.name) : undefined;
    if (sym?.declaration === l) sym.type = t;
  }
  for (const l of order.blocked) exprs.check(l.value);

  const defaultItems = items.flatMap((i) => (i.kind === 'Default' && i.item ? [i.item] : []));
  const defaults = checkOrderItems(defaultItems, true, ctx, exprs, settings.settings.asset);
  defaults.broken = items.some((i) => i.kind === 'Default' && (!i.item || ctx.syntaxErrorWithin(i.range)));
  let entries: EntryInfo[] = [];
  let exits: ExitInfo[] = [];
  if (strategy) ({ entries, exits } = checkRules(strategy, ctx, exprs, settings, defaults));
  if (strategy) reportUnused(strategy, ctx, entries.length);

  const model = buildModel({
    ctx,
    strategy,
    settings: settings.settings,
    params: paramInfos,
    lets: order.ordered,
    entries,
    exits,
    warmup: new StrategyWarmup(ctx, entries, exits),
  });
  return { model, diagnostics: ctx.diagnostics };
}

function emptyStrategy(file: SourceFile): Strategy {
  return { kind: 'Strategy', name: undefined, items: [], range: file.range };
}
