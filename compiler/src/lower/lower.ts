import { createHash } from 'node:crypto';
import type { EntryRule, ExitRule, LetDecl, OrderItem, Strategy } from '@algo/language';
import { GRAPH_FORMAT, paramFact } from '../graph/names.js';
import type { Condition, Rule } from '../graph/rules.js';
import type { RuleGraph } from '../graph/schema.js';
import type { CompileDiagnostic } from '../diagnostics.js';
import { COMPILER_NAME, COMPILER_VERSION } from '../version.js';
import { clockAt, lowerCondition } from './conditions.js';
import { LowerContext } from './context.js';
import { finalize } from './finalize.js';
import { lowerEntryIntent, lowerItems } from './intents.js';
import { checkParamUses, collectParams, paramsSection } from './params.js';
import { baseTimeframe, lowerSettings, settingsOf } from './settings.js';

/**
 * Lowers one checked strategy to a rule graph. The pipeline: params (with overrides) →
 * settings and defaults → rules in source order (exits and entries numbered separately)
 * → finalize (prune, name, warm-up) → assemble. Problems only the compiler can see come
 * back as diagnostics and no graph.
 */
export function lowerStrategy(
  source: string,
  strategy: Strategy,
  overrides: Readonly<Record<string, number>>,
): { graph?: RuleGraph; problems: CompileDiagnostic[] } {
  const { params, problems } = collectParams(strategy, overrides);
  if (problems.length) return { problems };

  const settings = settingsOf(strategy);
  const lets = new Map<string, LetDecl>();
  for (const item of strategy.items) if (item.kind === 'Let' && item.name && !lets.has(item.name.name)) lets.set(item.name.name, item);
  const ctx = new LowerContext(baseTimeframe(settings), params, lets);

  const defaultItems: OrderItem[] = [];
  for (const item of strategy.items) if (item.kind === 'Default' && item.item) defaultItems.push(item.item);
  const defaults = lowerItems(ctx, defaultItems);
  const asset = settings.get('asset');
  const assetName = asset?.kind === 'Identifier' && (asset.name === 'options' || asset.name === 'futures') ? asset.name : 'stocks';

  const rules: Rule[] = [];
  let entries = 0;
  let exits = 0;
  for (const item of strategy.items) {
    if (item.kind === 'Entry') rules.push(entryRule(ctx, item, `entry.${++entries}`, defaults, assetName));
    else if (item.kind === 'Exit') rules.push(exitRule(ctx, item, `exit.${++exits}`));
  }
  const more = [...ctx.problems, ...checkParamUses(params, overrides)];
  if (more.length) return { problems: more };

  const done = finalize(ctx, rules, defaults);
  const graph: RuleGraph = {
    format: GRAPH_FORMAT,
    compiler: { name: COMPILER_NAME, version: COMPILER_VERSION },
    source_hash: createHash('sha256').update(source, 'utf8').digest('hex'),
    settings: lowerSettings(ctx, strategy, settings, done.defaults, done.timeframes),
    params: paramsSection(params),
    series: done.series,
    rules: done.rules,
    warmup: done.warmup,
    indicators_config: done.indicatorsConfig,
  };
  return { graph, problems: [] };
}

/** `all` of the parts, flattening a nested `all`. */
function allOf(parts: Condition[]): Rule['conditions'] {
  return { all: parts.flatMap((c) => ('all' in c ? c.all : [c])) };
}

function entryRule(ctx: LowerContext, e: EntryRule, name: string, defaults: ReturnType<typeof lowerItems>, asset: 'stocks' | 'options' | 'futures'): Rule {
  const parts: Condition[] = [];
  if (e.at) parts.push(...clockAt(e.at.hour * 60 + e.at.minute));
  if (e.when) parts.push(lowerCondition(ctx, e.when));
  return { name, priority: 1, conditions: allOf(parts), event: { type: 'entry', params: lowerEntryIntent(ctx, e, name, defaults, asset) } };
}

function exitRule(ctx: LowerContext, e: ExitRule, name: string): Rule {
  const parts: Condition[] = [];
  let reason: 'condition' | 'time' | 'bars' = 'condition';
  let afterBars: number | undefined;
  if (e.at) {
    reason = 'time';
    parts.push(...clockAt(e.at.hour * 60 + e.at.minute));
  }
  if (e.after) {
    reason = 'bars';
    const n = ctx.requireConst(e.after.amount, 'exit after');
    ctx.noteWholeUse(n.param, 1, e.after.amount.range);
    afterBars = n.value;
    parts.push({ fact: 'position.bars', operator: 'gte', value: n.param === undefined ? n.value : { fact: paramFact(n.param) } });
  }
  if (e.when) parts.push(lowerCondition(ctx, e.when));
  return {
    name,
    priority: 2,
    conditions: allOf(parts),
    event: {
      type: 'exit',
      params: {
        rule: name,
        side: e.target ?? 'all',
        ...(e.label ? { entry_label: e.label.value } : {}),
        reason,
        ...(e.at ? { at: e.at.text } : {}),
        ...(afterBars !== undefined ? { after_bars: afterBars } : {}),
      },
    },
  };
}
