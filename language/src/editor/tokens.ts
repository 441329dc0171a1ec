import { tokenMatcher, type IToken } from 'chevrotain';
import type { Comment, Range } from '../ast.js';
import type { LineIndex } from '../syntax/line-index.js';
import * as T from '../syntax/tokens.js';

/** Broad classes of tokens, for syntax colouring and for deciding what a cursor is on. */
export type TokenCategory = 'keyword' | 'identifier' | 'number' | 'percent' | 'string' | 'clock' | 'timeframe' | 'operator' | 'punctuation' | 'comment';

/** A token as an editor sees it: what it is, its text and where it is. */
export interface EditorToken {
  readonly category: TokenCategory;
  /** The lexer's token name (`Identifier`, `EntryKw`, `LCurly`, …). */
  readonly type: string;
  readonly image: string;
  readonly range: Range;
}

const PUNCTUATION = new Set(['LCurly', 'RCurly', 'LParen', 'RParen', 'LBracket', 'RBracket', 'Comma', 'Dot', 'DotDot']);

function categoryOf(t: IToken): TokenCategory {
  const name = t.tokenType.name;
  if (tokenMatcher(t, T.Keyword)) return 'keyword';
  if (name === 'Identifier') return 'identifier';
  if (name === 'Number') return 'number';
  if (name === 'Percent') return 'percent';
  if (name === 'String' || name === 'UnterminatedString') return 'string';
  if (name === 'Clock') return 'clock';
  if (name === 'Timeframe') return 'timeframe';
  if (PUNCTUATION.has(name)) return 'punctuation';
  return 'operator';
}

/**
 * Every token of an analysed file, comments included, in source order — what a
 * semantic-token provider or a TextMate grammar test walks. Identifiers can be refined
 * with the model (`model.symbolAt(offset)`: param, let, function or field).
 */
export function tokensOf(parsed: { readonly tokens: readonly IToken[]; readonly lines: LineIndex; readonly ast: { readonly comments: readonly Comment[] } }): EditorToken[] {
  const out: EditorToken[] = [];
  for (const t of parsed.tokens) {
    if (t.tokenType === T.Placeholder) continue;
    out.push({ category: categoryOf(t), type: t.tokenType.name, image: t.image, range: parsed.lines.range(t.startOffset, t.startOffset + t.image.length) });
  }
  for (const c of parsed.ast.comments) out.push({ category: 'comment', type: c.block ? 'BlockComment' : 'LineComment', image: c.text, range: c.range });
  return out.sort((a, b) => a.range.start.offset - b.range.start.offset);
}

/**
 * The token under `offset`: the one containing it, else the one ending exactly there (a
 * cursor just after `rsi` is on `rsi`). Binary search over `tokens` in source order.
 */
export function tokenAt(tokens: readonly EditorToken[], offset: number): EditorToken | undefined {
  let lo = 0;
  let hi = tokens.length - 1;
  let before: EditorToken | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = tokens[mid]!;
    if (t.range.start.offset > offset) hi = mid - 1;
    else {
      if (offset < t.range.end.offset) return t;
      before = t;
      lo = mid + 1;
    }
  }
  return before && before.range.end.offset === offset ? before : undefined;
}
