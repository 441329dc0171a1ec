import type { Position, Range } from '../ast.js';

/**
 * Turns offsets into 1-based line/column positions. Lines end at `\n`, `\r\n` or a lone
 * `\r`; columns count UTF-16 code units (as LSP does). Built once per text in O(n);
 * a lookup is a binary search, or constant time near the previous one.
 */
export class LineIndex {
  private readonly starts: number[] = [0];
  /** The line of the last lookup. */
  private hint = 0;

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  /** Number of lines (an empty text has one). */
  get lineCount(): number {
    return this.starts.length;
  }

  /** The position of `offset` (clamped to the text). */
  position(offset: number): Position {
    const o = Math.max(0, Math.min(Number.isFinite(offset) ? offset : 0, this.text.length));
    const line = this.lineOf(o);
    return { line: line + 1, column: o - this.starts[line]! + 1, offset: o };
  }

  /**
   * The 0-based line holding offset `o`. Callers mostly walk forward through the text, so
   * the line of the previous lookup (or the next one) is tried before a binary search.
   */
  private lineOf(o: number): number {
    const starts = this.starts;
    const h = this.hint;
    if (starts[h]! <= o) {
      if (h + 1 >= starts.length || o < starts[h + 1]!) return h;
      if (h + 2 >= starts.length || o < starts[h + 2]!) return (this.hint = h + 1);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return (this.hint = lo);
  }

  /** The range from `start` (inclusive) to `end` (exclusive) offsets. */
  range(start: number, end: number): Range {
    const s = this.position(start);
    return { start: s, end: end <= start ? s : this.position(end) };
  }

  /** Offset of the start of a 1-based line (clamped). */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))]!;
  }
}
