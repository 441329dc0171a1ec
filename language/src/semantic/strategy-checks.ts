import type { Range, SettingName, SourceFile, Strategy } from '../ast.js';
import type { CheckContext } from './context.js';
import type { SettingsResult } from './settings.js';

/**
 * Checks of the strategy as a whole: one strategy per file (ALG104, ALG105), the
 * settings its asset requires (ALG407) or ignores (ALG409), `max_positions` against the
 * symbols (ALG414), at least one entry (ALG413), and names nothing reads (ALG209).
 */

/** The strategy to check: the first in the file. */
export function checkStrategyShape(file: SourceFile, ctx: CheckContext): Strategy | undefined {
  const [first, ...extra] = file.strategies;
  if (!first) {
    const at = file.range.start;
    ctx.report('ALG104', { start: at, end: at }, 'this file has no strategy; write `strategy "My strategy" { … }`');
    return undefined;
  }
  for (const s of extra) ctx.report('ALG105', header(s), 'only one strategy per file: move this one to a file of its own');
  return first;
}

/** Settings the asset needs or does not use. */
export function checkRequiredSettings(strategy: Strategy, s: SettingsResult, ctx: CheckContext): void {
  const written = new Map<SettingName, Range>();
  for (const i of strategy.items) if (i.kind === 'Setting' && !written.has(i.name)) written.set(i.name, i.nameRange);
  const asset = s.settings.asset;
  // A setting the parser could not read may be the one that seems missing.
  if (ctx.syntaxErrorWithin(strategy.range)) return;
  if (!written.has('asset')) {
    ctx.report('ALG407', header(strategy), 'say what the strategy trades: add `asset stocks`, `asset options` or `asset futures`');
    return;
  }
  if (!asset) return;
  if ((asset === 'stocks' || asset === 'futures') && !written.has('symbols')) {
    ctx.report('ALG407', header(strategy), `a ${asset} strategy needs \`symbols\`, e.g. \`symbols "NSE_EQ|TCS"\``);
  }
  if (asset === 'options' && !written.has('underlying')) {
    ctx.report('ALG407', header(strategy), 'an options strategy needs `underlying`, e.g. `underlying "NSE_INDEX|Nifty Bank"`');
  }
  const symbolsAt = written.get('symbols');
  if (asset === 'options' && symbolsAt) ctx.report('ALG409', symbolsAt, 'an options strategy trades the options of its `underlying`; `symbols` is not used');
  const underAt = written.get('underlying');
  if (asset !== 'options' && underAt) ctx.report('ALG409', underAt, `\`underlying\` is for options strategies; a ${asset} strategy trades its \`symbols\``);
  const maxAt = written.get('max_positions');
  const n = s.settings.symbols.length;
  if (maxAt && asset !== 'options' && n > 0 && s.settings.maxPositions > n) {
    ctx.report('ALG414', maxAt, `\`max_positions ${s.settings.maxPositions}\` is more than the ${n} symbol${n === 1 ? '' : 's'} traded; at most one position is open per symbol`);
  }
}

/** Unused params and lets (a name starting with `_` is exempt), and a strategy with no entries. */
export function reportUnused(strategy: Strategy, ctx: CheckContext, entryCount: number): void {
  // Uses may sit in the text the parser could not read.
  if (ctx.syntaxErrorWithin(strategy.range)) return;
  for (const sym of ctx.declared.values()) {
    if (sym.references.length > 0 || sym.name.startsWith('_') || !sym.nameRange) continue;
    ctx.report('ALG209', sym.nameRange, `${sym.kind} \`${sym.name}\` is never used`);
  }
  const hasEntry = strategy.items.some((i) => i.kind === 'Entry');
  if (!hasEntry && entryCount === 0) ctx.report('ALG413', header(strategy), 'this strategy has no `entry`, so it never trades');
}

/** `strategy "Name"`: where whole-strategy problems are shown. */
function header(s: Strategy): Range {
  const start = s.range.start;
  const end = s.name ? s.name.range.end : { line: start.line, column: start.column + 8, offset: start.offset + 8 };
  return { start, end };
}
