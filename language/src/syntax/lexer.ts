import { createTokenInstance, Lexer, tokenMatcher, type IToken } from 'chevrotain';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { LineIndex } from './line-index.js';
import * as T from './tokens.js';

const lexer = new Lexer([...T.ALL_TOKENS], { positionTracking: 'onlyOffset', ensureOptimizations: false });

/** Brackets `(` and `[` deeper than this are cut out (ALG106) so no stage can overflow the stack. */
export const MAX_NESTING = 32;

/** What the lexer hands the parser: significant tokens, comments, and problems. */
export interface LexResult {
  /** Significant tokens (no whitespace or comments), ready for the parser. */
  readonly tokens: IToken[];
  /** Comment tokens in source order. */
  readonly comments: IToken[];
  readonly diagnostics: Diagnostic[];
}

/**
 * Splits text into tokens. Never throws: characters that start no token become one
 * ALG100 per run, an unclosed string or block comment one ALG102/ALG103 (and still a
 * token, so parsing continues), and over-deep brackets one ALG106.
 */
export function tokenize(text: string, lines: LineIndex): LexResult {
  const result = lexer.tokenize(text);
  const diagnostics: Diagnostic[] = [];
  for (const e of result.errors) {
    const bad = text.slice(e.offset, e.offset + e.length);
    const shown = bad.length > 12 ? `${bad.slice(0, 12)}…` : bad;
    diagnostics.push(
      diagnostic('ALG100', lines.range(e.offset, e.offset + e.length), `unexpected ${bad.length === 1 ? 'character' : 'characters'} \`${printable(shown)}\``),
    );
  }
  const comments = result.groups['comments'] ?? [];
  for (const c of comments) {
    if (tokenMatcher(c, T.UnterminatedComment)) {
      diagnostics.push(diagnostic('ALG103', lines.range(c.startOffset, c.startOffset + 2), 'this `/*` comment is never closed with `*/`'));
    }
  }
  for (const t of result.tokens) {
    if (t.tokenType === T.UnterminatedString) {
      diagnostics.push(diagnostic('ALG102', lines.range(t.startOffset, t.startOffset + t.image.length), 'this string is missing its closing `"`'));
    }
  }
  for (const t of result.tokens) if (t.image.length <= MAX_SHARED) t.image = shared(t.image);
  const tokens = limitNesting(result.tokens, lines, diagnostics);
  return { tokens, comments, diagnostics };
}

/**
 * One string per spelling for the short token texts (names, keywords, numbers,
 * operators): a name is looked up by its text in every later stage, and equal strings
 * that are the same object compare at once. The copies the lexer made die young.
 */
const SHARED = new Map<string, string>();
const MAX_SHARED = 32;
const MAX_SHARED_COUNT = 100_000;

function shared(text: string): string {
  const s = SHARED.get(text);
  if (s !== undefined) return s;
  if (SHARED.size >= MAX_SHARED_COUNT) SHARED.clear();
  SHARED.set(text, text);
  return text;
}

/**
 * Replaces each bracket group that opens deeper than MAX_NESTING with one Placeholder
 * token covering it, and reports it once. Linear in the number of tokens.
 */
function limitNesting(tokens: IToken[], lines: LineIndex, diagnostics: Diagnostic[]): IToken[] {
  if (!nestsTooDeep(tokens)) return tokens;
  let depth = 0;
  let cutDepth = -1;
  let cutStart: IToken | undefined;
  const out: IToken[] = [];
  for (const t of tokens) {
    const opens = t.tokenType === T.LParen || t.tokenType === T.LBracket;
    const closes = t.tokenType === T.RParen || t.tokenType === T.RBracket;
    if (cutStart) {
      if (opens) depth++;
      if (closes) depth--;
      const boundary = t.tokenType === T.LCurly || t.tokenType === T.RCurly;
      if (depth < cutDepth || boundary) {
        out.push(placeholder(cutStart, t, lines, diagnostics));
        cutStart = undefined;
        if (boundary) {
          depth = cutDepth - 1;
          out.push(t);
        } else if (closes) {
          // the closer of the cut group is swallowed by the placeholder
        }
      }
      continue;
    }
    if (opens) {
      depth++;
      if (depth > MAX_NESTING) {
        cutStart = t;
        cutDepth = depth;
        continue;
      }
    } else if (closes && depth > 0) depth--;
    out.push(t);
  }
  if (cutStart) out.push(placeholder(cutStart, tokens[tokens.length - 1]!, lines, diagnostics));
  return out;
}

/** Whether any bracket opens deeper than MAX_NESTING (almost never: then the tokens are used as they are). */
function nestsTooDeep(tokens: readonly IToken[]): boolean {
  let depth = 0;
  for (const t of tokens) {
    const type = t.tokenType;
    if (type === T.LParen || type === T.LBracket) {
      if (++depth > MAX_NESTING) return true;
    } else if ((type === T.RParen || type === T.RBracket) && depth > 0) depth--;
  }
  return false;
}

function placeholder(from: IToken, to: IToken, lines: LineIndex, diagnostics: Diagnostic[]): IToken {
  const end = to.startOffset + to.image.length;
  const image = lines.text.slice(from.startOffset, end);
  diagnostics.push(
    diagnostic('ALG106', lines.range(from.startOffset, from.startOffset + 1), `brackets are nested more than ${MAX_NESTING} deep here; split the expression with \`let\``),
  );
  return createTokenInstance(T.Placeholder, image, from.startOffset, end - 1, NaN, NaN, NaN, NaN);
}

function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f`]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
