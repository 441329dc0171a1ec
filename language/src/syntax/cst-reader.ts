import type { CstElement, CstNode, IToken } from 'chevrotain';
import type { Node, Range } from '../ast.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import type { LineIndex } from './line-index.js';

/** The children of a CST node, by label or token/rule name. */
export type Ctx = CstNode['children'];

/** A token the user wrote (not one chevrotain invented while recovering). */
export function isReal(t: IToken | undefined): t is IToken {
  return t !== undefined && !t.isInsertedInRecovery && Number.isFinite(t.startOffset) && t.startOffset >= 0;
}

/** Whether a CST element is a token (else a sub-rule node). */
export function isTokenElement(e: CstElement): e is IToken {
  return (e as IToken).image !== undefined;
}
const isToken = isTokenElement;

/** The first token under `key` that the user wrote, if any. */
export function token(ctx: Ctx, key: string): IToken | undefined {
  const list = ctx[key];
  if (!list) return undefined;
  for (const e of list) if (isToken(e) && isReal(e)) return e;
  return undefined;
}

/** All real tokens under `key`, in order. */
export function tokens(ctx: Ctx, key: string): IToken[] {
  return (ctx[key] ?? []).filter((e): e is IToken => isToken(e) && isReal(e));
}

/** The first sub-rule node under `key`. */
export function child(ctx: Ctx, key: string): CstNode | undefined {
  const list = ctx[key];
  if (!list) return undefined;
  for (const e of list) if (!isToken(e)) return e;
  return undefined;
}

/** All sub-rule nodes under `key`, in order. */
export function children(ctx: Ctx, key: string): CstNode[] {
  return (ctx[key] ?? []).filter((e): e is CstNode => !isToken(e));
}

/**
 * Shared state of the CST → AST pass: positions, diagnostics, and a cursor at the end of
 * the last real token seen, which gives zero-width ranges to things that are missing.
 */
export class BuildState {
  /** Offset just past the last real token handled. */
  cursor = 0;
  /** Names inside skipped (misspelt) items, so the checker does not call them unknown. */
  readonly skippedNames = new Set<string>();

  constructor(
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

/** Collects the extent of a node being built from the tokens and child nodes it covers. */
export class Span {
  private start = Number.POSITIVE_INFINITY;
  private end = Number.NEGATIVE_INFINITY;

  constructor(private readonly state: BuildState) {}

  token(t: IToken | undefined): this {
    if (isReal(t)) this.cover(t.startOffset, t.startOffset + t.image.length);
    return this;
  }

  node(n: Node | undefined): this {
    if (n && n.range.end.offset >= n.range.start.offset && !(n.kind === 'Missing')) this.cover(n.range.start.offset, n.range.end.offset);
    return this;
  }

  private cover(s: number, e: number): void {
    if (s < this.start) this.start = s;
    if (e > this.end) this.end = e;
    if (e > this.state.cursor) this.state.cursor = e;
  }

  /** The covered range, or a zero-width one at the cursor when nothing was covered. */
  range(): Range {
    if (this.start === Number.POSITIVE_INFINITY) return this.state.here();
    return this.state.lines.range(this.start, this.end);
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
