import type { Expression, LetDecl, Node, Range, Strategy } from '../ast.js';
import { foldConstant } from './constants.js';
import type { CheckContext, SymbolRecord } from './context.js';
import type { StrategyWarmup } from './warmup.js';
import type { AlgoSymbol, EntryInfo, ExitInfo, ParamInfo, ResolvedSettings, SemanticModel } from './model.js';

export interface ModelParts {
  readonly ctx: CheckContext;
  readonly strategy: Strategy | undefined;
  readonly settings: ResolvedSettings;
  readonly params: ParamInfo[];
  readonly lets: LetDecl[];
  readonly entries: EntryInfo[];
  readonly exits: ExitInfo[];
  readonly warmup: StrategyWarmup;
}

interface Occurrence {
  readonly start: number;
  readonly end: number;
  readonly range: Range;
  readonly symbol: SymbolRecord;
}

/** Assembles the `SemanticModel` (and its queries) from what the passes recorded. */
export function buildModel(p: ModelParts): SemanticModel {
  const { ctx } = p;
  let occurrences: Occurrence[] | undefined;
  const index = (): Occurrence[] => {
    if (occurrences) return occurrences;
    const list: Occurrence[] = [];
    for (const symbol of ctx.allSymbols()) {
      const ranges = symbol.nameRange ? [symbol.nameRange, ...symbol.references] : symbol.references;
      for (const range of ranges) list.push({ start: range.start.offset, end: range.end.offset, range, symbol });
    }
    occurrences = list.sort((a, b) => a.start - b.start || b.end - a.end);
    return occurrences;
  };
  const symbols: AlgoSymbol[] = ctx.allSymbols();
  return {
    strategy: p.strategy,
    settings: p.settings,
    params: p.params,
    lets: p.lets,
    entries: p.entries,
    exits: p.exits,
    symbols,
    get warmup() {
      return p.warmup.warmup;
    },
    get maxWarmup() {
      return p.warmup.maxWarmup;
    },
    symbolOf: (node: Node) => ctx.symbolOfNode.get(node),
    typeOf: (expr: Expression) => ctx.types.get(expr),
    lookbackOf: (expr: Expression) => (ctx.types.has(expr) ? p.warmup.lookbackOf(expr) : undefined),
    timeframeOf: (expr: Expression) => ctx.timeframes.get(expr) ?? p.settings.timeframe,
    constantOf: (expr: Expression) => {
      const t = ctx.types.get(expr);
      return t && t.variability !== 'series' && t.kind !== 'error' ? foldConstant(expr, ctx.paramDefaults) : undefined;
    },
    symbolAt: (offset: number) => {
      const list = index();
      // The innermost occurrence containing the offset (ends count: a cursor right after a name is on it).
      let best: Occurrence | undefined;
      for (const o of list) {
        if (o.start > offset) break;
        if (offset <= o.end && (!best || o.end - o.start <= best.end - best.start)) best = o;
      }
      return best ? { symbol: best.symbol, range: best.range } : undefined;
    },
    declarationOf: (id) => {
      const s = ctx.symbolOfNode.get(id);
      return s && s.nameRange === id.range ? s : undefined;
    },
  };
}
