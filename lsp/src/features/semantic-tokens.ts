import { ALL_UNIT_WORDS, ASSET_WORDS, BASIS_WORDS, COMMISSION_PRESETS, EXPIRY_WORDS, FILL_WORDS, STRIKE_WORDS, type Analysis, type EditorToken } from '@algo/language';
import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensLegend, type SemanticTokensParams, type SemanticTokensRangeParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentState } from '../workspace/documents.js';
import { editorTokens } from '../workspace/tokens.js';

const TYPES = ['keyword', 'variable', 'parameter', 'function', 'property', 'number', 'string', 'comment', 'operator', 'enumMember'] as const;
const MODIFIERS = ['declaration', 'readonly', 'defaultLibrary'] as const;
type TokenType = (typeof TYPES)[number];
type Modifier = (typeof MODIFIERS)[number];

/** The legend announced in the server capabilities. */
export const SEMANTIC_LEGEND: SemanticTokensLegend = { tokenTypes: [...TYPES], tokenModifiers: [...MODIFIERS] };

const FIXED_WORDS = new Set([...ALL_UNIT_WORDS, ...[ASSET_WORDS, FILL_WORDS, COMMISSION_PRESETS, BASIS_WORDS, STRIKE_WORDS, EXPIRY_WORDS].flat().map((w) => w.word)]);

/**
 * Semantic tokens: what the TextMate grammar cannot know. Names are classified by the
 * semantic model — params as `parameter`, lets as `variable`, built-in functions as
 * `function` and fields as read-only `variable` (both `defaultLibrary`), output reads as
 * `property`, fixed words (`stocks`, `points`, `weekly`) as `enumMember` — with
 * `declaration` where a param or let is declared. Tokens never span lines.
 */
export function semanticTokens({ document, analysis }: DocumentState, _params: SemanticTokensParams): SemanticTokens {
  return build(document, analysis, 0, Number.POSITIVE_INFINITY);
}

export function semanticTokensRange({ document, analysis }: DocumentState, params: SemanticTokensRangeParams): SemanticTokens {
  return build(document, analysis, document.offsetAt(params.range.start), document.offsetAt(params.range.end));
}

function build(document: TextDocument, analysis: Analysis, from: number, to: number): SemanticTokens {
  const builder = new SemanticTokensBuilder();
  const tokens = editorTokens(analysis);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.range.end.offset < from) continue;
    if (t.range.start.offset > to) break;
    const kind = classify(t, tokens[i - 1], analysis);
    if (!kind) continue;
    const [type, modifiers] = kind;
    const typeIndex = TYPES.indexOf(type);
    const mods = modifiers.reduce((m, x) => m | (1 << MODIFIERS.indexOf(x)), 0);
    pushSplit(builder, document, t, typeIndex, mods);
  }
  return builder.build();
}

function classify(t: EditorToken, previous: EditorToken | undefined, analysis: Analysis): [TokenType, Modifier[]] | undefined {
  switch (t.category) {
    case 'keyword':
      // a keyword after a dot is a field name (`position.qty`)
      return previous?.type === 'Dot' ? identifier(t, previous, analysis) : ['keyword', []];
    case 'number':
    case 'percent':
    case 'clock':
    case 'timeframe':
      return ['number', []];
    case 'string':
      return ['string', []];
    case 'comment':
      return ['comment', []];
    case 'operator':
      return ['operator', []];
    case 'punctuation':
      return undefined;
    case 'identifier':
      return identifier(t, previous, analysis);
  }
}

function identifier(t: EditorToken, previous: EditorToken | undefined, analysis: Analysis): [TokenType, Modifier[]] {
  const found = analysis.model.symbolAt(t.range.start.offset);
  const afterDot = previous?.type === 'Dot' && previous.range.end.offset === t.range.start.offset;
  if (found && found.range.start.offset <= t.range.start.offset && t.range.end.offset <= found.range.end.offset) {
    const s = found.symbol;
    const declared = s.nameRange !== undefined && s.nameRange.start.offset === t.range.start.offset;
    const decl: Modifier[] = declared ? ['declaration'] : [];
    switch (s.kind) {
      case 'param':
        return ['parameter', [...decl, 'readonly']];
      case 'let':
        return ['variable', decl];
      case 'function':
        return ['function', ['defaultLibrary']];
      case 'field':
        return afterDot ? ['property', ['readonly', 'defaultLibrary']] : ['variable', ['readonly', 'defaultLibrary']];
      case 'label':
        return ['string', []];
    }
  }
  if (afterDot) return ['property', []];
  if (FIXED_WORDS.has(t.image)) return ['enumMember', []];
  return ['variable', []];
}

/** Pushes a token, one piece per line (block comments may span several). */
function pushSplit(builder: SemanticTokensBuilder, document: TextDocument, t: EditorToken, type: number, mods: number): void {
  const start = t.range.start;
  if (start.line === t.range.end.line) {
    builder.push(start.line - 1, start.column - 1, t.range.end.offset - start.offset, type, mods);
    return;
  }
  let offset = start.offset;
  const end = t.range.end.offset;
  const text = document.getText();
  while (offset < end) {
    const p = document.positionAt(offset);
    let lineEnd = offset;
    while (lineEnd < end && text[lineEnd] !== '\n' && text[lineEnd] !== '\r') lineEnd++;
    if (lineEnd > offset) builder.push(p.line, p.character, lineEnd - offset, type, mods);
    offset = lineEnd;
    while (offset < end && (text[offset] === '\n' || text[offset] === '\r')) offset++;
  }
}
