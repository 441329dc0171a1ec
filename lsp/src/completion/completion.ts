import {
  BAR_FIELD_NAMES,
  completionContext,
  FUNCTIONS,
  isMultipleOf,
  lookupField,
  parseTimeframe,
  signatureOf,
  timeframeMs,
  type Analysis,
  type CompletionContext,
  type Node,
  type SettingName,
} from '@algo/language';
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type CompletionList, type CompletionParams, type Range } from 'vscode-languageserver';
import { fieldMarkdown, functionMarkdown, keywordMarkdown } from '../docs/markdown.js';
import type { DocumentState } from '../workspace/documents.js';
import { COMMON_TIMEFRAMES, ITEM_SNIPPETS } from './snippets.js';
import { itemSlice } from './item-slice.js';
import { memberCompletions } from './members.js';
import { editorTokens, lastTokenBefore } from '../workspace/tokens.js';

const SETTING_KEYWORDS: ReadonlySet<string> = new Set<SettingName>([
  'asset', 'symbols', 'underlying', 'timeframe', 'session', 'timezone', 'capital', 'max_positions', 'commission', 'slippage', 'fill', 'max_daily_loss', 'max_trades_per_day',
]);

/**
 * Completion that knows where the cursor is. The language's `completionContext` runs the
 * grammar up to the cursor (so it works in a broken file) and says which keywords, names
 * and fixed words fit; this adds what the editor knows on top: the params and lets in
 * scope (from the semantic model), built-ins with signatures and docs, outputs after a dot,
 * settings not yet written, timeframes and a session window where those literals go, and
 * snippets for whole items.
 */
export function completion({ document, analysis }: DocumentState, params: CompletionParams): CompletionList {
  const text = document.getText();
  const offset = document.offsetAt(params.position);
  const items: CompletionItem[] = [];
  if (insideStringOrComment(analysis, offset)) return { isIncomplete: false, items };
  const slice = itemSlice(text, offset);
  const ctx = completionContext(slice.text, slice.text.length);
  const replaceStart = offset - ctx.prefix.length;
  const replace: Range = { start: document.positionAt(replaceStart), end: document.positionAt(offset) };
  if (ctx.where === 'comment' || ctx.where === 'string') return { isIncomplete: false, items };
  if (ctx.where === 'member') {
    items.push(...memberCompletions(ctx, analysis, replace, { shift: slice.shift, replaceStart }));
    return { isIncomplete: false, items };
  }
  items.push(...keywordItems(ctx, analysis, replace));
  if (ctx.names) items.push(...nameItems(analysis, offset, replace));
  for (const w of ctx.words) items.push({ label: w.word, kind: CompletionItemKind.EnumMember, detail: w.doc, textEdit: { range: replace, newText: w.word }, sortText: `0${w.word}` });
  items.push(...literalItems(text, offset, ctx, analysis, replace));
  return { isIncomplete: false, items };
}

function keywordItems(ctx: CompletionContext, analysis: Analysis, replace: Range): CompletionItem[] {
  const written = new Set(analysis.model.strategy?.items.flatMap((i) => (i.kind === 'Setting' ? [i.name] : [])) ?? []);
  const out: CompletionItem[] = [];
  for (const k of ctx.keywords) {
    if (k === '}') continue;
    if (ctx.where === 'strategy' && SETTING_KEYWORDS.has(k) && written.has(k as SettingName)) continue;
    const doc = keywordMarkdown(k);
    out.push({
      label: k,
      kind: CompletionItemKind.Keyword,
      ...(doc ? { documentation: { kind: 'markdown', value: doc } } : {}),
      textEdit: { range: replace, newText: k },
      sortText: `${SETTING_KEYWORDS.has(k) ? '2' : '1'}${k}`,
    });
  }
  for (const s of ITEM_SNIPPETS) {
    if (!ctx.keywords.includes(s.keyword)) continue;
    out.push({
      label: s.label,
      filterText: s.keyword,
      kind: CompletionItemKind.Snippet,
      detail: s.detail,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range: replace, newText: s.body },
      sortText: `1${s.keyword}~`,
    });
  }
  return out;
}

/** Fields, `position`, built-in functions, and the params and lets in scope. */
function nameItems(analysis: Analysis, offset: number, replace: Range): CompletionItem[] {
  const out: CompletionItem[] = [];
  const defining = enclosingItem(analysis, offset);
  for (const s of analysis.model.symbols) {
    if (s.kind !== 'param' && s.kind !== 'let') continue;
    if (s.declaration && s.declaration === defining) continue;
    const p = s.kind === 'param' ? analysis.model.params.find((x) => x.name === s.name) : undefined;
    const detail = p ? `param = ${p.type.kind === 'percent' ? `${+(p.value * 100).toPrecision(12)}%` : p.value}` : `let${s.type && s.type.kind !== 'error' ? `: ${s.type.kind} ${s.type.variability}` : ''}`;
    out.push({ label: s.name, kind: s.kind === 'param' ? CompletionItemKind.Constant : CompletionItemKind.Variable, detail, textEdit: { range: replace, newText: s.name }, sortText: `0${s.name}` });
  }
  for (const name of BAR_FIELD_NAMES) {
    const f = lookupField(name)!;
    out.push({ label: name, kind: CompletionItemKind.Field, detail: f.summary, documentation: { kind: 'markdown', value: fieldMarkdown(f) }, textEdit: { range: replace, newText: name }, sortText: `1${name}` });
  }
  out.push({ label: 'position', kind: CompletionItemKind.Module, detail: 'the open position: .qty .entry_price .bars .pnl .pnl_pct', textEdit: { range: replace, newText: 'position' }, sortText: '1position', command: { title: 'fields', command: 'editor.action.triggerSuggest' } });
  for (const f of FUNCTIONS) {
    out.push({
      label: f.name,
      labelDetails: { detail: signatureOf(f).slice(f.name.length).replace(/ → .*/, ''), description: f.summary },
      kind: CompletionItemKind.Function,
      detail: signatureOf(f),
      documentation: { kind: 'markdown', value: functionMarkdown(f) },
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range: replace, newText: `${f.name}($0)` },
      command: { title: 'signature', command: 'editor.action.triggerParameterHints' },
      sortText: `2${f.name}`,
    });
  }
  return out;
}

/**
 * Whether the cursor is inside a comment or a string of the whole document (the item
 * slice cannot tell: cut at the cursor, an open string looks finished).
 */
function insideStringOrComment(analysis: Analysis, offset: number): boolean {
  const tokens = editorTokens(analysis);
  const i = lastTokenBefore(tokens, offset);
  const t = tokens[i];
  if (!t || (t.category !== 'string' && t.category !== 'comment')) return false;
  if (offset < t.range.end.offset) return true;
  return offset === t.range.end.offset && (t.type === 'LineComment' || t.type === 'UnterminatedString' || (t.type === 'BlockComment' && !t.image.endsWith('*/')));
}

/** The strategy item the cursor is in or just after (a `let x = ` whose value is still missing ends before the cursor). */
function enclosingItem(analysis: Analysis, offset: number): Node | undefined {
  const items = analysis.ast.strategies.find((s) => s.range.start.offset < offset && offset <= s.range.end.offset)?.items ?? [];
  let found: Node | undefined;
  for (const item of items) if (item.range.start.offset < offset) found = item;
  return found;
}

/** Timeframes after `timeframe` and `on`, the exchange's session after `session`. */
function literalItems(text: string, offset: number, ctx: CompletionContext, analysis: Analysis, replace: Range): CompletionItem[] {
  const before = text.slice(0, offset - ctx.prefix.length).replace(/\s+$/, '');
  const word = /([A-Za-z_]+)$/.exec(before)?.[1];
  if (word === 'timeframe' && ctx.where === 'strategy') return COMMON_TIMEFRAMES.map((tf, i) => timeframeItem(tf, i, replace));
  if (word === 'on' && ctx.where !== 'top') {
    const base = analysis.model.settings.timeframe;
    const ok = parseTimeframe(base) ? COMMON_TIMEFRAMES.filter((tf) => timeframeMs(tf) > timeframeMs(base) && isMultipleOf(tf, base)) : COMMON_TIMEFRAMES;
    return ok.map((tf, i) => timeframeItem(tf, i, replace));
  }
  if (word === 'session' && ctx.where === 'strategy') {
    const s = analysis.model.settings.session;
    return [{ label: `${s.start} - ${s.end}`, kind: CompletionItemKind.Value, detail: 'the exchange’s trading hours', textEdit: { range: replace, newText: `${s.start} - ${s.end}` } }];
  }
  return [];
}

function timeframeItem(tf: string, i: number, replace: Range): CompletionItem {
  return { label: tf, kind: CompletionItemKind.Value, detail: 'timeframe', textEdit: { range: replace, newText: tf }, sortText: String(i).padStart(2, '0') };
}

