import { tokenLabel, type IToken, type TokenType } from 'chevrotain';
import type { Expression, Range, SourceFile } from '../ast.js';
import type { LineIndex } from '../syntax/line-index.js';
import * as W from '../catalogue/words.js';
import { parseText } from '../syntax/parse.js';
import { ITEM_KEYWORDS, ORDER_KEYWORDS } from '../syntax/syntax-diagnostics.js';
import { pathAt } from '../syntax/walk.js';
import * as T from '../syntax/tokens.js';
import { nextTokens } from './next-tokens.js';

/** What may be typed at a cursor, for completion — computed from the grammar, robust to a broken file. */
export interface CompletionContext {
  /** `comment`/`string`: no completion; `member`: after a dot; otherwise a place in the grammar. */
  readonly where: 'top' | 'strategy' | 'entry-block' | 'member' | 'comment' | 'string';
  /** Keywords the grammar accepts here, as written (`entry`, `stop_loss`, `crosses`, …). */
  readonly keywords: readonly string[];
  /** Whether a name (field, param, let, function) may be typed here: an expression position. */
  readonly names: boolean;
  /** Words that fit this place (asset values, units, strikes, …), when it takes one. */
  readonly words: readonly W.Word[];
  /** After a dot: the expression before it (`macd(close)`, `position`). */
  readonly memberOf: Expression | undefined;
  /** The partial word under the cursor and its range (what an accepted item replaces). */
  readonly prefix: string;
  readonly replace: Range;
}

const WORDY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What completion needs of a parsed file: an `Analysis` (or `ParseResult`) has it. */
export interface ParsedFile {
  readonly ast: SourceFile;
  readonly tokens: readonly IToken[];
  readonly lines: LineIndex;
}

/**
 * Works out what may be typed at `offset`. The item around the cursor is found by its
 * keyword (items always start with one), then the grammar is run from that keyword to the
 * cursor — so an error elsewhere in the file does not matter. Pass the file's `Analysis`
 * (rather than its text) to get `memberOf` as a node of the analysed tree, so
 * `model.typeOf(memberOf)` tells which outputs follow the dot.
 */
export function completionContext(file: string | ParsedFile, offset: number): CompletionContext {
  const parsed = typeof file === 'string' ? parseText(file) : file;
  const { tokens, lines } = parsed;
  const inComment = parsed.ast.comments.find((c) => c.range.start.offset < offset && (offset < c.range.end.offset || (!c.block && offset === c.range.end.offset)));
  // Tokens wholly before the cursor; a word the cursor touches is the prefix being typed.
  let count = 0;
  while (count < tokens.length && tokens[count]!.startOffset + tokens[count]!.image.length <= offset) count++;
  let prefixTok: IToken | undefined;
  const last = tokens[count - 1];
  if (last && last.startOffset + last.image.length === offset && WORDY.test(last.image)) {
    prefixTok = last;
    count--;
  }
  const inside = tokens[count];
  const prefix = prefixTok ? prefixTok.image : '';
  const replace = prefixTok ? lines.range(prefixTok.startOffset, offset) : lines.range(offset, offset);
  const base = { prefix, replace, memberOf: undefined, words: [] as W.Word[] };
  if (inComment) return { ...base, where: 'comment', keywords: [], names: false };
  if (inside && inside.startOffset < offset && (inside.tokenType === T.StringLit || inside.tokenType === T.UnterminatedString)) {
    return { ...base, where: 'string', keywords: [], names: false };
  }
  const before = tokens.slice(0, count);
  const prev = before[before.length - 1];
  if (prev?.tokenType === T.Dot) {
    const path = pathAt(parsed.ast, prev.startOffset);
    const member = [...path].reverse().find((n) => n.kind === 'Member');
    return { ...base, where: 'member', keywords: [], names: false, memberOf: member?.kind === 'Member' ? member.object : undefined };
  }
  return grammarContext(before, base);
}

function grammarContext(before: IToken[], base: Pick<CompletionContext, 'prefix' | 'replace' | 'memberOf' | 'words'>): CompletionContext {
  let depth = 0;
  for (const t of before) {
    if (t.tokenType === T.LCurly) depth++;
    else if (t.tokenType === T.RCurly) depth = Math.max(0, depth - 1);
  }
  if (depth === 0) {
    const types = nextTokens('sourceFile', before)?.types ?? [T.Strategy];
    return { ...base, where: 'top', ...describe(types) };
  }
  const inEntry = depth >= 2;
  const starts = inEntry ? ORDER_KEYWORDS : ITEM_KEYWORDS;
  let start = before.length;
  let d = 0;
  for (let i = before.length - 1; i >= 0; i--) {
    const t = before[i]!;
    if (t.tokenType === T.RCurly) d++;
    else if (t.tokenType === T.LCurly) {
      if (d === 0) break;
      d--;
    } else if (d === 0 && starts.includes(t.image) && t.tokenType !== T.Identifier) {
      start = i;
      break;
    } else if (d === 0 && !inEntry && ORDER_KEYWORDS.includes(t.image) && before[i - 1]?.tokenType === T.Default) {
      start = i - 1;
      break;
    }
  }
  const where = inEntry ? 'entry-block' : 'strategy';
  const itemStarts = [...starts.map((s) => s), '}'];
  if (start === before.length) return { ...base, where, keywords: itemStarts, names: false };
  const rule = inEntry ? 'orderItem' : before[start]!.tokenType === T.Default ? 'defaultItem' : 'item';
  const item = before.slice(start);
  const next = nextTokens(rule, item);
  if (!next) return { ...base, where, keywords: itemStarts, names: false };
  const found = describe(next.types);
  const keywords = next.canEnd ? [...new Set([...found.keywords, ...itemStarts])] : found.keywords;
  return { ...base, where, keywords, names: found.names, words: next.types.includes(T.Identifier) ? wordsFor(item) : [] };
}

/**
 * Keywords among the expected token types, and whether an expression may start here (a
 * name is expected where a number or `(` also is; a lone identifier slot takes a word).
 */
function describe(types: readonly TokenType[]): { keywords: string[]; names: boolean } {
  const keywords: string[] = [];
  for (const t of types) {
    if (t.CATEGORIES?.includes(T.Keyword)) keywords.push(tokenLabel(t).slice(1, -1));
    else if (t === T.RCurly) keywords.push('}');
  }
  const names = types.includes(T.Identifier) && (types.includes(T.NumberLit) || types.includes(T.LParen));
  return { keywords, names };
}

/** The word list for an identifier slot, from the item keyword and the token before the cursor. */
function wordsFor(item: readonly IToken[]): readonly W.Word[] {
  const head = item[0]?.tokenType === T.Default ? item[1] : item[0];
  const prev = item[item.length - 1];
  const afterNumber = prev?.tokenType === T.NumberLit || prev?.tokenType === T.PercentLit || prev?.tokenType === T.RParen || prev?.tokenType === T.Identifier;
  switch (prev?.tokenType) {
    case T.Asset:
      return W.ASSET_WORDS;
    case T.Fill:
      return W.FILL_WORDS;
    case T.Commission:
      return W.COMMISSION_PRESETS;
    case T.Expiry:
      return W.EXPIRY_WORDS;
    case T.Call:
    case T.Put:
      return W.STRIKE_WORDS;
    case T.Of:
      return W.BASIS_WORDS;
    default:
      break;
  }
  if (!afterNumber || !head) return [];
  switch (head.tokenType) {
    case T.Commission:
      return W.COMMISSION_UNITS;
    case T.Slippage:
      return W.SLIPPAGE_UNITS;
    case T.Qty:
      return W.QTY_UNITS;
    case T.StopLoss:
    case T.TakeProfit:
    case T.TrailingStop:
      return W.STOP_UNITS;
    case T.Exit:
      return W.BAR_UNITS;
    default:
      return [];
  }
}
