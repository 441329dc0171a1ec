import type { Comment, EntryRule, Strategy } from '../ast.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { parseText } from '../syntax/parse.js';
import { printEntryHeader, printItem, printOrderItem } from './print-items.js';

/** The outcome of formatting: the new text, or the syntax errors that prevented it. */
export interface FormatResult {
  /** The formatted text; the input unchanged when it has syntax errors. */
  readonly text: string;
  readonly changed: boolean;
  /** Syntax errors (ALG1xx) that stopped the formatter; empty when it formatted. */
  readonly diagnostics: readonly Diagnostic[];
}

const INDENT = '  ';

/**
 * Formats `.algo` text into its canonical layout: one item per line, two-space indents,
 * canonical spacing (see `print-expression.ts`), at most one blank line kept between
 * items, long conditions broken before `and`/`or`, every comment kept (a comment inside
 * an item moves to the line before it). Idempotent: `format(format(x).text).text` equals
 * `format(x).text`. A file with syntax errors is returned unchanged with those errors —
 * the formatter never rewrites what it could not fully read.
 */
export function format(text: string): FormatResult {
  const parsed = parseText(text);
  const syntax = parsed.diagnostics.filter((d) => d.code < 'ALG200');
  if (syntax.length > 0) return { text, changed: false, diagnostics: syntax };
  const w = new Writer(parsed.ast.comments);
  parsed.ast.strategies.forEach((s, i) => {
    if (i > 0) w.blank();
    writeStrategy(s, w);
  });
  w.comments(Number.POSITIVE_INFINITY, '');
  const out = w.text();
  return { text: out, changed: out !== text, diagnostics: [] };
}

function writeStrategy(s: Strategy, w: Writer): void {
  w.comments(s.range.start.offset, '');
  const nameEnd = s.name?.range.end ?? s.range.start;
  w.lines([`strategy ${s.name?.text ?? ''} {`.replace('  {', ' {')], '', s.range.start.line, nameEnd.line);
  w.trailing(nameEnd.offset, nameEnd.line, s.items[0]?.range.start.offset);
  w.openBlock();
  s.items.forEach((item, i) => {
    // A comment on a line shared by several items trails the last of them.
    const next = s.items[i + 1]?.range.start.offset;
    if (item.kind === 'Entry') writeEntry(item, w, next);
    else {
      w.comments(item.range.end.offset, INDENT);
      w.lines(printItem(item, INDENT), INDENT, item.range.start.line, item.range.end.line);
      w.trailing(item.range.end.offset, item.range.end.line, next);
    }
  });
  w.comments(s.range.end.offset - 1, INDENT);
  w.lines(['}'], '', s.range.end.line, s.range.end.line);
  w.trailing(s.range.end.offset, s.range.end.line);
}

function writeEntry(e: EntryRule, w: Writer, next: number | undefined): void {
  const headerEnd = Math.max(e.range.start.offset + 5, e.label?.range.end.offset ?? 0, e.at?.range.end.offset ?? 0, e.when?.range.end.offset ?? 0);
  const inner = e.items.length > 0 || w.hasCommentBefore(e.range.end.offset - 1, headerEnd);
  const block = e.hasBlock && inner;
  w.comments(headerEnd, INDENT);
  const headerEndLine = (e.when ?? e.at ?? e.label)?.range.end.line ?? e.range.start.line;
  w.lines(printEntryHeader(e, INDENT, block), INDENT, e.range.start.line, headerEndLine);
  w.trailing(headerEnd, headerEndLine, block ? e.items[0]?.range.start.offset : next);
  if (!block) return;
  w.openBlock();
  const inside = INDENT + INDENT;
  e.items.forEach((item, i) => {
    w.comments(item.range.end.offset, inside);
    w.lines([printOrderItem(item)], inside, item.range.start.line, item.range.end.line);
    w.trailing(item.range.end.offset, item.range.end.line, e.items[i + 1]?.range.start.offset);
  });
  w.comments(e.range.end.offset - 1, inside);
  w.lines(['}'], INDENT, e.range.end.line, e.range.end.line);
  w.trailing(e.range.end.offset, e.range.end.line, next);
}

/** Output lines plus the comments still to place, in source order. */
class Writer {
  private readonly out: string[] = [];
  private next = 0;
  /** Source line of the last thing written, to keep one blank line where there was one. */
  private lastLine = 0;
  private blockStart = true;

  constructor(private readonly all: readonly Comment[]) {}

  /** Marks the start of a block: no blank line before its first line. */
  openBlock(): void {
    this.blockStart = true;
  }

  blank(): void {
    if (this.out.length > 0 && this.out[this.out.length - 1] !== '') this.out.push('');
  }

  hasCommentBefore(offset: number, after: number): boolean {
    const c = this.all[this.next];
    return c !== undefined && c.range.start.offset < offset && c.range.start.offset >= after;
  }

  /**
   * Writes, each on its own line, the comments that start before `offset` — those between
   * items, and those inside the item about to be written (they move before it).
   */
  comments(offset: number, indent: string): void {
    while (this.next < this.all.length && this.all[this.next]!.range.start.offset < offset) {
      const c = this.all[this.next++]!;
      this.lines([c.text], indent, c.range.start.line, c.range.end.line);
    }
  }

  /**
   * Appends a comment that follows on the same source line as what was just written (and,
   * for a block's opening line, comes before the block's first item).
   */
  trailing(after: number, line: number, before = Number.POSITIVE_INFINITY): void {
    const c = this.all[this.next];
    if (!c || c.range.start.offset < after || c.range.start.offset > before || c.range.start.line !== line || this.out.length === 0) return;
    this.next++;
    this.out[this.out.length - 1] += `  ${c.text}`;
    this.lastLine = c.range.end.line;
  }

  /** Writes lines for source lines `from`..`to`, keeping one blank line if the source had one. */
  lines(lines: readonly string[], indent: string, from: number, to: number): void {
    if (!this.blockStart && this.lastLine > 0 && from - this.lastLine > 1) this.blank();
    this.blockStart = false;
    for (const l of lines) this.out.push(l.length > 0 ? indent + l : '');
    this.lastLine = to;
  }

  text(): string {
    while (this.out.length > 0 && this.out[this.out.length - 1] === '') this.out.pop();
    return this.out.length ? `${this.out.join('\n')}\n` : '';
  }
}
