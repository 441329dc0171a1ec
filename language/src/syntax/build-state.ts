import type { IToken } from 'chevrotain';
import type { Node, Position, Range } from '../ast.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import { isReal, type Cst } from './cst.js';
import type { LineIndex } from './line-index.js';

/**
 * Shared state of the CST → AST pass: the tree, positions, diagnostics, and a cursor at the end of
 * the last real token seen, which gives zero-width ranges to things that are missing.
 */
export class BuildState {
  /** Offset just past the last real token handled. */
  cursor = 0;
  /** Names inside skipped (misspelt) items, so the checker does not call them unknown. */
  readonly skippedNames = new Set<string>();

  constructor(
    readonly cst: Cst,
    readonly lines: LineIndex,
    readonly diagnostics: Diagnostic[],
  ) {}

  /** The range of a token, advancing the cursor. */
  tokenRange(t: IToken): Range {
    const end = t.startOffset + t.image.length;
    if (end > this.cursor) this.cursor = end;
    return this.lines.range(t.startOffset, end);
  }

  /** A zero-width range at the cursor: where a missing thing would have been. */
  here(): Range {
    return this.lines.range(this.cursor, this.cursor);
  }

  report(code: DiagnosticCode, range: Range, message: string): void {
    this.diagnostics.push(diagnostic(code, range, message));
  }
}

/**
 * Collects the extent of a node being built from the tokens and child nodes it covers.
 * Ends that come from a child node reuse that node's `Position` objects (positions are
 * immutable values; only whole `Range` objects are ever compared by identity).
 */
export class Span {
  private start = Number.POSITIVE_INFINITY;
  private end = Number.NEGATIVE_INFINITY;
  private startAt: Position | undefined;
  private endAt: Position | undefined;

  constructor(private readonly state: BuildState) {}

  token(t: IToken | undefined): this {
    if (isReal(t)) this.cover(t.startOffset, t.startOffset + t.image.length, undefined, undefined);
    return this;
  }

  node(n: Node | undefined): this {
    if (n && n.range.end.offset >= n.range.start.offset && !(n.kind === 'Missing')) this.cover(n.range.start.offset, n.range.end.offset, n.range.start, n.range.end);
    return this;
  }

  private cover(s: number, e: number, sAt: Position | undefined, eAt: Position | undefined): void {
    if (s < this.start) {
      this.start = s;
      this.startAt = sAt;
    }
    if (e > this.end) {
      this.end = e;
      this.endAt = eAt;
    }
    if (e > this.state.cursor) this.state.cursor = e;
  }

  /** The covered range, or a zero-width one at the cursor when nothing was covered. */
  range(): Range {
    if (this.start === Number.POSITIVE_INFINITY) return this.state.here();
    const lines = this.state.lines;
    const start = this.startAt ?? lines.position(this.start);
    return { start, end: this.end <= this.start ? start : (this.endAt ?? lines.position(this.end)) };
  }
}

/** Extends a range to cover nodes that recovery may have left outside the closing token. */
export function widen<R extends { start: { offset: number }; end: { offset: number } }>(range: R, nodes: readonly { range: R }[]): R {
  let out = range;
  for (const n of nodes) {
    if (n.range.start.offset < out.start.offset) out = { ...out, start: n.range.start };
    if (n.range.end.offset > out.end.offset) out = { ...out, end: n.range.end };
  }
  return out;
}
