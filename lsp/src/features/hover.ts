import { describeType, lookupFunction, pathAt, tokenAt, type AlgoSymbol, type Analysis, type Expression, type LetDecl, type Node, type ParamInfo } from '@algo/language';
import type { Hover, HoverParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { bars, code, fieldMarkdown, functionMarkdown, keywordMarkdown, wordMarkdown } from '../docs/markdown.js';
import type { DocumentState } from '../workspace/documents.js';
import { toLspRange } from '../workspace/positions.js';
import { editorTokens } from '../workspace/tokens.js';

/**
 * Hover: a built-in's signature and docs (and the warm-up of the call under the cursor), a
 * param's value and sweep range, a let's type, warm-up and timeframe, the docs of a
 * keyword or fixed word, and the type and warm-up of an output read (`macd(close).signal`).
 */
export function hover({ document, analysis }: DocumentState, params: HoverParams): Hover | null {
  const offset = document.offsetAt(params.position);
  const token = tokenAt(editorTokens(analysis), offset);
  if (!token || token.category === 'comment') return null;
  const range = toLspRange(token.range);
  const found = analysis.model.symbolAt(offset);
  if (found) {
    const text = symbolMarkdown(found.symbol, analysis, document, offset);
    return text ? { contents: { kind: 'markdown', value: text }, range: toLspRange(found.range) } : null;
  }
  const path = pathAt(analysis.ast, offset);
  const member = [...path].reverse().find((n): n is Extract<Node, { kind: 'Member' }> => n.kind === 'Member' && !!n.member && n.member.range.start.offset <= offset);
  if (member && token.category === 'identifier') {
    const text = outputMarkdown(member, analysis, document);
    if (text) return { contents: { kind: 'markdown', value: text }, range };
  }
  if (token.category === 'keyword') {
    const text = keywordMarkdown(token.image);
    return text ? { contents: { kind: 'markdown', value: text }, range } : null;
  }
  if (token.category === 'identifier') {
    const text = wordMarkdown(token.image);
    return text ? { contents: { kind: 'markdown', value: text }, range } : null;
  }
  return null;
}

function symbolMarkdown(symbol: AlgoSymbol, analysis: Analysis, document: TextDocument, offset: number): string | undefined {
  const { model } = analysis;
  switch (symbol.kind) {
    case 'function': {
      const fn = lookupFunction(symbol.name);
      if (!fn) return undefined;
      const call = pathAt(analysis.ast, offset).findLast((n): n is Extract<Node, { kind: 'Call' }> => n.kind === 'Call' && n.callee.range.start.offset <= offset && offset <= n.callee.range.end.offset);
      const extra: string[] = [];
      if (call) {
        const type = model.typeOf(call);
        const warm = type && type.kind !== 'error' ? model.lookbackOf(call) : undefined;
        const here = `\`${snippet(document, call)}\``;
        if (warm !== undefined) extra.push(`**Here:** ${here} has a value from bar ${warm + 1} on (warm-up ${bars(warm)} of ${model.timeframeOf(call)}).`);
      }
      return functionMarkdown(fn, extra);
    }
    case 'field': {
      const builtin = symbol.builtin;
      return builtin && 'group' in builtin ? fieldMarkdown(builtin) : undefined;
    }
    case 'param': {
      const info = model.params.find((p) => p.name === symbol.name);
      const decl = symbol.declaration;
      const header = decl ? code(snippetOf(document, decl)) : code(`param ${symbol.name}`);
      return [header, info ? paramSummary(info) : 'A param whose value could not be read.', referencesLine(symbol)].join('\n\n');
    }
    case 'let': {
      const decl = symbol.declaration as LetDecl | undefined;
      const parts = [code(decl ? snippetOf(document, decl) : `let ${symbol.name}`)];
      if (symbol.type && symbol.type.kind !== 'error') parts.push(`**Type:** ${describeType(symbol.type)}${symbol.type.outputs ? ` with outputs ${symbol.type.outputs.map((o) => `\`.${o}\``).join(' ')}` : ''}`);
      if (decl) {
        const warm = model.lookbackOf(decl.value);
        const tf = model.timeframeOf(decl.value);
        if (warm !== undefined) parts.push(`**Warm-up:** ${bars(warm)} of ${tf} before it has a value (params at their defaults).`);
      }
      parts.push(referencesLine(symbol));
      return parts.join('\n\n');
    }
    case 'label': {
      const entry = symbol.declaration;
      return [code(entry ? headerOf(document, entry) : `"${symbol.name}"`), `The label of an entry; \`exit "${symbol.name}" …\` closes only the positions it opened.`, referencesLine(symbol)].join('\n\n');
    }
  }
}

/** "value 20, sweep 10..60 step 5 (11 values)". */
function paramSummary(p: ParamInfo): string {
  const fmt = (v: number): string => (p.type.kind === 'percent' ? `${+(v * 100).toPrecision(12)}%` : String(+v.toPrecision(12)));
  const lines = [`**Value:** \`${fmt(p.value)}\` (${describeType(p.type)}; override with \`--param ${p.name}=…\`)`];
  if (p.min !== undefined && p.max !== undefined) {
    const step = p.step;
    const count = step && step > 0 ? Math.floor((p.max - p.min) / step + 1e-9) + 1 : undefined;
    lines.push(`**Sweep:** \`${fmt(p.min)}\` to \`${fmt(p.max)}\`${step ? ` step \`${fmt(step)}\`` : ''}${count ? ` — ${count} values` : ''}`);
  }
  return lines.join('\n\n');
}

function outputMarkdown(member: Extract<Node, { kind: 'Member' }>, analysis: Analysis, document: TextDocument): string | undefined {
  const t = analysis.model.typeOf(member);
  if (!t || t.kind === 'error' || !member.member) return undefined;
  const parts = [code(`${snippet(document, member)}: ${describeType(t)}`)];
  const callee = member.object.kind === 'Call' ? lookupFunction(member.object.callee.name) : undefined;
  if (callee) parts.push(`Output \`.${member.member.name}\` of \`${callee.name}\` (outputs: ${callee.outputs.map((o) => `\`.${o}\``).join(' ')}).`);
  const warm = analysis.model.lookbackOf(member);
  if (warm !== undefined) parts.push(`**Warm-up:** ${bars(warm)} of ${analysis.model.timeframeOf(member)}.`);
  return parts.join('\n\n');
}

function referencesLine(symbol: AlgoSymbol): string {
  const n = symbol.references.length;
  return n === 0 ? '*Not used anywhere.*' : `*Used ${n} time${n === 1 ? '' : 's'}.*`;
}

function snippet(document: TextDocument, node: Expression): string {
  return shorten(document.getText().slice(node.range.start.offset, node.range.end.offset));
}

function snippetOf(document: TextDocument, node: Node): string {
  return shorten(document.getText().slice(node.range.start.offset, node.range.end.offset));
}

/** An entry's header: everything before its `{`. */
function headerOf(document: TextDocument, node: Node): string {
  const text = snippetOf(document, node);
  const brace = text.indexOf('{');
  return (brace >= 0 ? text.slice(0, brace) : text).trim();
}

function shorten(s: string, max = 160): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
