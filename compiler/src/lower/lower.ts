import { createHash } from 'node:crypto';
import type { EntryInfo, ExitInfo, LetDecl, SemanticModel, Strategy } from '@algo/language';
import { GRAPH_FORMAT, paramFact } from '../graph/names.js';
import type { Condition, Rule } from '../graph/rules.js';
import type { RuleGraph } from '../graph/schema.js';
import type { CompileDiagnostic } from '../diagnostics.js';
import { COMPILER_NAME, COMPILER_VERSION } from '../version.js';
import { clockAt, lowerCondition } from './conditions.js';
import { LowerContext } from './context.js';
import { finalize } from './finalize.js';
import { lowerDefaults, lowerEntryIntent } from './intents.js';
import { checkParamUses, collectParams, paramsSection, type ParamValue } from './params.js';
import { lowerSettings } from './settings.js';

/**
 * Lowers one checked strategy to a rule graph. The pipeline: params (with overrides) →
 * rules in source order, exits and entries numbered separately (`entry.1`, `exit.1`) →
 * finalize (keep what the rules reach, name, warm-up) → settings → assemble. Problems only
 * the compiler can see come back as diagnostics, with no graph.
 */
export function lowerStrategy(
  source: string,
  model: SemanticModel,
  strategy: Strategy,
  overrides: Readonly<Record<string, ParamValue>>,
): { graph?: RuleGraph; problems: CompileDiagnostic[] } {
  const { params, problems } = collectParams(model, strategy, overrides);
  if (problems.length) return { problems };

  const lets = new Map<string, LetDecl>();
  for (const l of model.lets) if (l.name && !lets.has(l.name.name)) lets.set(l.name.name, l);
  const ctx = new LowerContext(model.settings.timeframe, params, lets);

  const entries = new Map<object, EntryInfo>(model.entries.map((e) => [e.node, e]));
  const exits = new Map<object, ExitInfo>(model.exits.map((x) => [x.node, x]));
  const rules: Rule[] = [];
  for (const item of strategy.items) {
    const e = item.kind === 'Entry' ? entries.get(item) : undefined;
    const x = item.kind === 'Exit' ? exits.get(item) : undefined;
    if (e) rules.push(entryRule(ctx, e));
    if (x) rules.push(exitRule(ctx, x));
  }
  const defaults = lowerDefaults(ctx, model.entries);
  const more = [...ctx.problems, ...checkParamUses(params, overrides)];
  if (more.length) return { problems: more };

  const done = finalize(ctx, rules, defaults);
  const graph: RuleGraph = {
    format: GRAPH_FORMAT,
    compiler: { name: COMPILER_NAME, version: COMPILER_VERSION },
    source_hash: createHash('sha256').update(source, 'utf8').digest('hex'),
    settings: lowerSettings(ctx, strategy, model.settings, done.defaults, done.timeframes),
    params: paramsSection(params),
    series: done.series,
    rules: done.rules,
    warmup: done.warmup,
    indicators_config: done.indicatorsConfig,
  };
  return { graph, problems: [] };
}

const entryName = (index: number) => `entry.${index + 1}`;

/** `all` of the parts, flattening a nested `all`. */
function allOf(parts: Condition[]): Rule['conditions'] {
  return { all: parts.flatMap((c) => ('all' in c ? c.all : [c])) };
}

function entryRule(ctx: LowerContext, e: EntryInfo): Rule {
  const name = entryName(e.index);
  const parts: Condition[] = [];
  if (e.atMinutes !== undefined) parts.push(...clockAt(e.atMinutes));
  if (e.when) parts.push(lowerCondition(ctx, e.when));
  return { name, priority: 1, conditions: allOf(parts), event: { type: 'entry', params: lowerEntryIntent(ctx, e, name) } };
}

function exitRule(ctx: LowerContext, x: ExitInfo): Rule {
  const name = `exit.${x.index + 1}`;
  const parts: Condition[] = [];
  const t = x.trigger;
  let reason: 'condition' | 'time' | 'bars' = 'condition';
  let afterBars: number | undefined;
  if (t?.kind === 'at') {
    reason = 'time';
    parts.push(...clockAt(t.minutes));
  } else if (t?.kind === 'after') {
    reason = 'bars';
    const n = ctx.requireConst(t.bars, 'exit after');
    ctx.noteWholeUse(n.param, 1, t.bars.range);
    afterBars = n.value;
    parts.push({ fact: 'position.bars', operator: 'gte', value: n.param === undefined ? n.value : { fact: paramFact(n.param) } });
  } else if (t?.kind === 'when') {
    parts.push(lowerCondition(ctx, t.condition));
  }
  return {
    name,
    priority: 2,
    conditions: allOf(parts),
    event: {
      type: 'exit',
      params: {
        rule: name,
        side: x.target,
        ...(x.label !== undefined ? { entry_label: x.label } : {}),
        closes: x.closes.map(entryName),
        reason,
        ...(t?.kind === 'at' ? { at: x.node.at?.text ?? '' } : {}),
        ...(afterBars !== undefined ? { after_bars: afterBars } : {}),
      },
    },
  };
}
