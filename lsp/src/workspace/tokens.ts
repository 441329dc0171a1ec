import { tokensOf, type Analysis, type EditorToken } from '@algo/language';

const cache = new WeakMap<Analysis, readonly EditorToken[]>();

/**
 * The editor tokens of an analysis (comments included, in source order), computed once per
 * analysis and shared by every feature that walks tokens (completion, semantic tokens,
 * folding, hover on keywords).
 */
export function editorTokens(analysis: Analysis): readonly EditorToken[] {
  let tokens = cache.get(analysis);
  if (!tokens) {
    tokens = tokensOf(analysis);
    cache.set(analysis, tokens);
  }
  return tokens;
}

/** Index of the last token that starts before `offset` (−1 when none). Binary search. */
export function lastTokenBefore(tokens: readonly EditorToken[], offset: number): number {
  let lo = 0;
  let hi = tokens.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.range.start.offset < offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
