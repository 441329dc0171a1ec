import { lookupField, lookupFunction, POSITION_MEMBERS, walk, type Analysis, type CompletionContext, type Expression } from '@algo/language';
import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver';
import type { EditMaker } from './completion.js';
import { editorTokens, lastTokenBefore } from '../workspace/tokens.js';

/**
 * Completions after a dot: the fields of `position`, or the named outputs of the value
 * before the dot — `macd(close).` offers `.line .signal .hist`, and so does a let holding a
 * MACD. The outputs come from the semantic model's type of that expression; when the model
 * has none (the file is too broken there), from the catalogue entry of the call itself.
 */
export function memberCompletions(ctx: CompletionContext, analysis: Analysis, edit: EditMaker, where: { shift: number; replaceStart: number; stale: boolean }): CompletionItem[] {
  const object = ctx.memberOf;
  // reading tokens needs the analysis of this very text
  if (!object) return where.stale ? [] : fromTokens(where.replaceStart, analysis, edit);
  if (object.kind === 'Name' && object.name === 'position') return positionFields(edit);
  const outputs = outputsOf(object, where.shift, analysis);
  const callee = object.kind === 'Call' ? object.callee.name : undefined;
  return outputItems(outputs, callee, edit);
}

function positionFields(edit: EditMaker): CompletionItem[] {
  return POSITION_MEMBERS.map((m, i) => {
    const f = lookupField(`position.${m}`)!;
    return { label: m, kind: CompletionItemKind.Field, detail: f.summary, data: { doc: `field:position.${m}` }, ...edit(m, m), sortText: String(i).padStart(2, '0') };
  });
}

function outputItems(outputs: readonly string[], callee: string | undefined, edit: EditMaker): CompletionItem[] {
  return outputs.map((o, i) => ({
    label: o,
    kind: CompletionItemKind.Field,
    detail: callee ? `output of ${callee}` : 'output',
    ...edit(o, o),
    sortText: String(i).padStart(2, '0'),
  }));
}

/**
 * When the parse could not place the dot in an expression (the file is broken above it),
 * reads the tokens before the dot: `position.`, `name(…).` or a let's name.
 */
function fromTokens(replaceStart: number, analysis: Analysis, edit: EditMaker): CompletionItem[] {
  const tokens = editorTokens(analysis).filter((t) => t.category !== 'comment');
  let i = lastTokenBefore(tokens, replaceStart);
  if (tokens[i]?.type !== 'Dot') return [];
  const before = tokens[--i];
  if (!before) return [];
  if (before.image === 'position') return positionFields(edit);
  if (before.category === 'identifier') {
    const sym = analysis.model.symbols.find((s) => s.name === before.image && s.kind === 'let');
    return outputItems(sym?.type?.outputs ?? [], undefined, edit);
  }
  if (before.type !== 'RParen') return [];
  let depth = 0;
  for (; i >= 0; i--) {
    const t = tokens[i]!;
    if (t.type === 'RParen') depth++;
    else if (t.type === 'LParen' && --depth === 0) break;
  }
  const callee = tokens[i - 1];
  const fn = callee?.category === 'identifier' ? lookupFunction(callee.image) : undefined;
  return fn ? outputItems(fn.outputs, fn.name, edit) : [];
}

/**
 * The outputs of `object`, an expression from the completion context's own parse of the
 * item slice: the same span, moved by `shift` into the document, is looked up in the
 * analysis to ask the model its type.
 */
function outputsOf(object: Expression, shift: number, analysis: Analysis): readonly string[] {
  const same = sameNode(object, shift, analysis);
  const t = same ? analysis.model.typeOf(same) : undefined;
  if (t?.outputs?.length) return t.outputs;
  if (object.kind === 'Call') return lookupFunction(object.callee.name)?.outputs ?? [];
  if (object.kind === 'Name') {
    const sym = analysis.model.symbols.find((s) => s.name === object.name && s.kind === 'let');
    return sym?.type?.outputs ?? [];
  }
  return [];
}

/** The expression of the analysis with exactly the kind and span of `node`, if there is one. */
function sameNode(node: Expression, shift: number, analysis: Analysis): Expression | undefined {
  const start = node.range.start.offset + shift;
  const end = node.range.end.offset + shift;
  let match: Expression | undefined;
  walk(analysis.ast, (n) => {
    if (match || n.range.start.offset > start || n.range.end.offset < end) return false;
    if (n.kind === node.kind && n.range.start.offset === start && n.range.end.offset === end) match = n as Expression;
    return true;
  });
  return match;
}
