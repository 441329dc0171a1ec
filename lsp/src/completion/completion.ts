import {
  BAR_FIELD_NAMES,
  completionContext,
  FUNCTIONS,
  isMultipleOf,
  lookupField,
  lookupFunction,
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

const SETTING_KEYWORDS: ReadonlySet<string> = new Set<SettingName>([
  'asset', 'symbols', 'underlying', 'timeframe', 'session', 'timezone', 'capital', 'max_positions', 'commission', 'slippage', 'fill', 'max_daily_loss', 'max_trades_per_day',
]);

/**
 * Completion that knows where the cursor is. The language's `completionContext` runs the
 * grammar up to the cursor (so it works in a broken file) and says which keywords, names
 * and fixed words fit; this adds what the editor knows on top: the params and lets in
 * scope (from the semantic model), built-ins with signatures and docs, outputs after a dot,
 * settings not yet written, timeframes and a session window where those literals go, and
 * snippets for whole items. The context always comes from the current text; the names may
 * come from the previous version's analysis right after an edit (`stale`), and then the
 * list says it is incomplete so the editor asks again on the next keystroke.
 */
export function completion({ document, analysis, stale }: DocumentState, params: CompletionParams, options: CompletionOptions = { editRangeDefault: false }): CompletionList {
  const { items: list, replace } = items(document, analysis, params, options, stale === true);
  // Names from an earlier version's analysis: ask the editor to come back on the next keystroke.
  const isIncomplete = stale === true;
  return options.editRangeDefault && replace ? { isIncomplete, itemDefaults: { editRange: replace }, items: list } : { isIncomplete, items: list };
}

/** What the client can take (from its capabilities). */
export interface CompletionOptions {
  /** `completionList.itemDefaults` includes `editRange`: items may leave their range out. */
  readonly editRangeDefault: boolean;
}

/** Where an item's documentation comes from, resolved on `completionItem/resolve`. */
export interface DocRef {
  readonly doc: `${'keyword' | 'field' | 'function'}:${string}`;
}

/**
 * Documentation for an item, filled in only when the editor shows it
 * (`completionItem/resolve`): a list of hundreds of names stays small on the wire.
 */
export function resolveCompletion(item: CompletionItem): CompletionItem {
  const ref = (item.data as Partial<DocRef> | undefined)?.doc;
  if (!ref) return item;
  const [kind, name] = ref.split(':') as [string, string];
  let value: string | undefined;
  if (kind === 'keyword') value = keywordMarkdown(name);
  else if (kind === 'field') {
    const f = lookupField(name);
    value = f ? fieldMarkdown(f) : undefined;
  } else if (kind === 'function') {
    const f = lookupFunction(name);
    value = f ? functionMarkdown(f) : undefined;
  }
  return value ? { ...item, documentation: { kind: 'markdown', value } } : item;
}

/** How an item says what it inserts: its own edit, or (with a default range) only what differs from its label. */
export type EditMaker = (newText: string, label: string) => Pick<CompletionItem, 'textEdit' | 'textEditText'>;

/**
 * With `itemDefaults.editRange`, an item whose text is its label carries no edit at all,
 * and one that inserts something else (a call snippet) only its `textEditText` — a list
 * of hundreds of names stays small on the wire. Otherwise every item has its own edit.
 */
function editMaker(replace: Range, options: CompletionOptions): EditMaker {
  if (options.editRangeDefault) return (newText, label) => (newText === label ? {} : { textEditText: newText });
  return (newText) => ({ textEdit: { range: replace, newText } });
}

function items(document: DocumentState['document'], analysis: Analysis, params: CompletionParams, options: CompletionOptions, stale: boolean): { items: CompletionItem[]; replace: Range | undefined } {
  const text = document.getText();
  const offset = document.offsetAt(params.position);
  const items: CompletionItem[] = [];
  const slice = itemSlice(text, offset);
  if (slice.inert) return { items, replace: undefined };
  const ctx = completionContext(slice.text, slice.text.length);
  const replaceStart = offset - ctx.prefix.length;
  const replace: Range = { start: document.positionAt(replaceStart), end: document.positionAt(offset) };
  const edit = editMaker(replace, options);
  if (ctx.where === 'comment' || ctx.where === 'string') return { items, replace };
  if (ctx.where === 'member') {
    items.push(...memberCompletions(ctx, analysis, edit, { shift: slice.shift, replaceStart, stale }));
    return { items, replace };
  }
  items.push(...keywordItems(ctx, analysis, edit));
  if (ctx.names) items.push(...nameItems(analysis, offset, edit));
  for (const w of ctx.words) items.push({ label: w.word, kind: CompletionItemKind.EnumMember, detail: w.doc, ...edit(w.word, w.word), sortText: `0${w.word}` });
  items.push(...literalItems(text, offset, ctx, analysis, edit));
  return { items, replace };
}

function keywordItems(ctx: CompletionContext, analysis: Analysis, edit: EditMaker): CompletionItem[] {
  const written = new Set(analysis.model.strategy?.items.flatMap((i) => (i.kind === 'Setting' ? [i.name] : [])) ?? []);
  const out: CompletionItem[] = [];
  for (const k of ctx.keywords) {
    if (k === '}') continue;
    if (ctx.where === 'strategy' && SETTING_KEYWORDS.has(k) && written.has(k as SettingName)) continue;
    out.push({
      label: k,
      kind: CompletionItemKind.Keyword,
      data: { doc: `keyword:${k}` } satisfies DocRef,
      ...edit(k, k),
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
      ...edit(s.body, s.label),
      sortText: `1${s.keyword}~`,
    });
  }
  return out;
}

/** Fields, `position`, built-in functions, and the params and lets in scope. */
function nameItems(analysis: Analysis, offset: number, edit: EditMaker): CompletionItem[] {
  const out: CompletionItem[] = [];
  const defining = enclosingItem(analysis, offset);
  for (const s of analysis.model.symbols) {
    if (s.kind !== 'param' && s.kind !== 'let') continue;
    if (s.declaration && s.declaration === defining) continue;
    const p = s.kind === 'param' ? analysis.model.params.find((x) => x.name === s.name) : undefined;
    const detail = p ? `param = ${p.type.kind === 'percent' ? `${+(p.value * 100).toPrecision(12)}%` : p.value}` : `let${s.type && s.type.kind !== 'error' ? `: ${s.type.kind} ${s.type.variability}` : ''}`;
    out.push({ label: s.name, kind: s.kind === 'param' ? CompletionItemKind.Constant : CompletionItemKind.Variable, detail, ...edit(s.name, s.name), sortText: `0${s.name}` });
  }
  for (const name of BAR_FIELD_NAMES) {
    const f = lookupField(name)!;
    out.push({ label: name, kind: CompletionItemKind.Field, detail: f.summary, data: { doc: `field:${name}` } satisfies DocRef, ...edit(name, name), sortText: `1${name}` });
  }
  out.push({ label: 'position', kind: CompletionItemKind.Module, detail: 'the open position: .qty .entry_price .bars .pnl .pnl_pct', ...edit('position', 'position'), sortText: '1position', command: { title: 'fields', command: 'editor.action.triggerSuggest' } });
  for (const f of FUNCTIONS) {
    out.push({
      label: f.name,
      labelDetails: { detail: signatureOf(f).slice(f.name.length).replace(/ → .*/, ''), description: f.summary },
      kind: CompletionItemKind.Function,
      detail: signatureOf(f),
      data: { doc: `function:${f.name}` } satisfies DocRef,
      insertTextFormat: InsertTextFormat.Snippet,
      ...edit(`${f.name}($0)`, f.name),
      command: { title: 'signature', command: 'editor.action.triggerParameterHints' },
      sortText: `2${f.name}`,
    });
  }
  return out;
}

/** The strategy item the cursor is in or just after (a `let x = ` whose value is still missing ends before the cursor). */
function enclosingItem(analysis: Analysis, offset: number): Node | undefined {
  const items = analysis.ast.strategies.find((s) => s.range.start.offset < offset && offset <= s.range.end.offset)?.items ?? [];
  let found: Node | undefined;
  for (const item of items) if (item.range.start.offset < offset) found = item;
  return found;
}

/** Timeframes after `timeframe` and `on`, the exchange's session after `session`. */
function literalItems(text: string, offset: number, ctx: CompletionContext, analysis: Analysis, edit: EditMaker): CompletionItem[] {
  const word = wordBefore(text, offset - ctx.prefix.length);
  if (word === 'timeframe' && ctx.where === 'strategy') return COMMON_TIMEFRAMES.map((tf, i) => timeframeItem(tf, i, edit));
  if (word === 'on' && ctx.where !== 'top') {
    const base = analysis.model.settings.timeframe;
    const ok = parseTimeframe(base) ? COMMON_TIMEFRAMES.filter((tf) => timeframeMs(tf) > timeframeMs(base) && isMultipleOf(tf, base)) : COMMON_TIMEFRAMES;
    return ok.map((tf, i) => timeframeItem(tf, i, edit));
  }
  if (word === 'session' && ctx.where === 'strategy') {
    const s = analysis.model.settings.session;
    return [{ label: `${s.start} - ${s.end}`, kind: CompletionItemKind.Value, detail: 'the exchange’s trading hours', ...edit(`${s.start} - ${s.end}`, `${s.start} - ${s.end}`) }];
  }
  return [];
}

/** The word that ends just before `end`, blanks skipped (`timeframe`, `on`, `session`). */
function wordBefore(text: string, end: number): string | undefined {
  let i = end;
  while (i > 0 && /\s/.test(text[i - 1]!)) i--;
  const stop = i;
  while (i > 0 && /[A-Za-z_]/.test(text[i - 1]!)) i--;
  return i < stop ? text.slice(i, stop) : undefined;
}

function timeframeItem(tf: string, i: number, edit: EditMaker): CompletionItem {
  return { label: tf, kind: CompletionItemKind.Value, detail: 'timeframe', ...edit(tf, tf), sortText: String(i).padStart(2, '0') };
}

