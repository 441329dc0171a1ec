/**
 * Cursor and range markers in test text, as Langium's test helpers write them:
 * `<|>` marks a cursor, `<|` … `|>` a range. `markers(text)` strips them and returns the
 * clean text with every cursor and range as offsets and LSP positions.
 */

export interface Marked {
  readonly text: string;
  /** Cursor offsets, in order. */
  readonly cursors: number[];
  /** Ranges (start, end offsets), in order of their start marker. */
  readonly ranges: Array<{ start: number; end: number }>;
}

export function markers(source: string): Marked {
  let text = '';
  const cursors: number[] = [];
  const ranges: Array<{ start: number; end: number }> = [];
  const open: number[] = [];
  for (let i = 0; i < source.length; ) {
    if (source.startsWith('<|>', i)) {
      cursors.push(text.length);
      i += 3;
    } else if (source.startsWith('<|', i)) {
      open.push(ranges.length);
      ranges.push({ start: text.length, end: -1 });
      i += 2;
    } else if (source.startsWith('|>', i) && open.length) {
      ranges[open.pop()!]!.end = text.length;
      i += 2;
    } else {
      text += source[i];
      i++;
    }
  }
  if (open.length) throw new Error('test text has a `<|` range marker without its `|>`');
  return { text, cursors, ranges };
}

/** The LSP position (0-based line and UTF-16 character) of `offset` in `text`. */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      start = i + 1;
    }
  }
  return { line, character: offset - start };
}

/** The offset of an LSP position in `text`. */
export function offsetAt(text: string, p: { line: number; character: number }): number {
  let line = 0;
  let i = 0;
  while (line < p.line && i < text.length) {
    const c = text.charCodeAt(i);
    i++;
    if (c === 10 || (c === 13 && text.charCodeAt(i) !== 10)) line++;
  }
  return Math.min(i + p.character, text.length);
}

/** The LSP range of offsets `start`..`end` in `text`. */
export function rangeAt(text: string, start: number, end: number) {
  return { start: positionAt(text, start), end: positionAt(text, end) };
}
