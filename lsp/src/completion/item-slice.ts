import { ORDER_ITEMS, SETTING_NAMES } from '@algo/language';

/** Words that start an item of the strategy block, and of an entry block. */
const STRATEGY_ITEM = new Set<string>([...SETTING_NAMES, 'default', 'param', 'let', 'entry', 'exit']);
const ORDER_ITEM = new Set<string>(Object.keys(ORDER_ITEMS));

/** Stands in for the blocks around the item, so the slice parses as it would in place. */
const OPENERS = ['', 'strategy "" {\n', 'strategy "" {\nentry long when true {\n'] as const;

/** What `completionContext` is given instead of the whole document. */
export interface ItemSlice {
  /** Synthetic block openers followed by the source from the item's line to the cursor. */
  readonly text: string;
  /** Add to an offset in `text` to get the offset in the document (negative before the cut). */
  readonly shift: number;
  /** Whether the cursor is inside a comment or a string (where nothing is completed). */
  readonly inert: boolean;
}

/**
 * The text completion needs at `offset`: only the item the cursor is in. The language's
 * `completionContext` reads the tokens before the cursor — how deep in braces it is, and
 * the tokens since the keyword that starts the current item — so it gives the same answer
 * for the line where that item starts, behind stand-in openers for the enclosing blocks,
 * as for the whole file, and parses a few lines instead of thousands.
 *
 * One linear scan finds, at each brace depth, the last line that starts (after blanks)
 * with a keyword that begins an item there; strings and comments are skipped so their
 * braces and words do not count, and a cursor inside one makes the slice `inert`. At
 * depth 0, or deeper than an entry block, the whole text up to the cursor is used.
 */
export function itemSlice(text: string, offset: number): ItemSlice {
  let depth = 0;
  /** Per depth: where the current item's line starts (−1: at the block's `{`). */
  const starts: number[] = [-1, -1, -1];
  const opens: number[] = [0, 0, 0];
  let lineStart = 0;
  let atLineStart = true;
  for (let i = 0; i < offset; ) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      i++;
      lineStart = i;
      atLineStart = true;
      continue;
    }
    if (c === 32 || c === 9) {
      i++;
      continue;
    }
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      while (i < offset && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      if (i >= offset) return inert();
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? text.length : close + 2;
      if (offset < end || close < 0) return inert();
      for (let j = i; j < Math.min(end, offset); j++) {
        const d = text.charCodeAt(j);
        if (d === 10 || (d === 13 && text.charCodeAt(j + 1) !== 10)) lineStart = j + 1;
      }
      i = end;
      atLineStart = false;
      continue;
    }
    if (c === 34 /* " */) {
      i++;
      while (i < offset && text.charCodeAt(i) !== 34 && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i += text.charCodeAt(i) === 92 ? 2 : 1;
      if (i >= offset) return inert();
      if (text.charCodeAt(i) === 34) i++;
      atLineStart = false;
      continue;
    }
    if (c === 123 /* { */) {
      depth++;
      if (depth < starts.length) {
        starts[depth] = -1;
        opens[depth] = i + 1;
      }
    } else if (c === 125 /* } */) depth = Math.max(0, depth - 1);
    else if (atLineStart && isWordStart(c)) {
      let j = i + 1;
      while (j < text.length && isWordPart(text.charCodeAt(j))) j++;
      const word = text.slice(i, j);
      if ((depth === 1 && STRATEGY_ITEM.has(word)) || (depth === 2 && ORDER_ITEM.has(word))) starts[depth] = lineStart;
      atLineStart = false;
      i = j;
      continue;
    }
    atLineStart = false;
    i++;
  }
  if (depth < 1 || depth > 2) return { text: text.slice(0, offset), shift: 0, inert: false };
  const from = starts[depth]! >= 0 ? starts[depth]! : opens[depth]!;
  const opener = OPENERS[depth]!;
  return { text: opener + text.slice(from, offset), shift: from - opener.length, inert: false };
}

function inert(): ItemSlice {
  return { text: '', shift: 0, inert: true };
}

function isWordStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isWordPart(c: number): boolean {
  return isWordStart(c) || (c >= 48 && c <= 57);
}
