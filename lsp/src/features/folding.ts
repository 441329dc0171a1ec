import { walk } from '@algo/language';
import { FoldingRangeKind, type FoldingRange, type FoldingRangeParams } from 'vscode-languageserver';
import type { DocumentState } from '../workspace/documents.js';

const REGION_START = /^\s*\/\/\s*#?region\b/;
const REGION_END = /^\s*\/\/\s*#?endregion\b/;

/**
 * Folding: the strategy block, entry blocks and any item written over several lines, block
 * comments, runs of line comments, and `// region` … `// endregion` markers. Lines are
 * 0-based; a block folds up to the line before its closing `}` so the brace stays visible.
 */
export function foldingRanges({ analysis, document }: DocumentState, _params: FoldingRangeParams): FoldingRange[] {
  const out: FoldingRange[] = [];
  const add = (start: number, end: number, kind?: FoldingRangeKind): void => {
    if (end > start) out.push(kind ? { startLine: start, endLine: end, kind } : { startLine: start, endLine: end });
  };
  for (const s of analysis.ast.strategies) {
    walk(s, (n) => {
      if (n.kind === 'Strategy' || (n.kind === 'Entry' && n.hasBlock)) {
        const closes = document.getText().charAt(n.range.end.offset - 1) === '}';
        add(n.range.start.line - 1, n.range.end.line - (closes ? 2 : 1));
        return n.kind === 'Strategy';
      }
      if (n.kind === 'Param' || n.kind === 'Let' || n.kind === 'Exit' || n.kind === 'Setting' || n.kind === 'Entry') {
        add(n.range.start.line - 1, n.range.end.line - 1);
        return false;
      }
      return n.kind === 'SourceFile';
    });
  }
  let run: { start: number; end: number } | undefined;
  const flush = (): void => {
    if (run) add(run.start, run.end, FoldingRangeKind.Comment);
    run = undefined;
  };
  const regions: number[] = [];
  for (const c of analysis.ast.comments) {
    const line = c.range.start.line - 1;
    if (!c.block && (REGION_START.test(c.text) || REGION_END.test(c.text))) {
      flush();
      if (REGION_START.test(c.text)) regions.push(line);
      else if (regions.length) add(regions.pop()!, line, FoldingRangeKind.Region);
      continue;
    }
    if (c.block) {
      flush();
      add(line, c.range.end.line - 1, FoldingRangeKind.Comment);
    } else if (run && run.end === line - 1 && lineStartsWithComment(document.getText(), c.range.start.offset)) run.end = line;
    else {
      flush();
      if (lineStartsWithComment(document.getText(), c.range.start.offset)) run = { start: line, end: line };
    }
  }
  flush();
  return out.sort((a, b) => a.startLine - b.startLine);
}

/** Whether only whitespace precedes the comment on its line (a trailing comment does not join a run). */
function lineStartsWithComment(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text[i]!;
    if (c === '\n' || c === '\r') return true;
    if (c !== ' ' && c !== '\t') return false;
  }
  return true;
}
