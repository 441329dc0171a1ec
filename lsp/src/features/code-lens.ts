import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import type { DocumentState } from '../workspace/documents.js';
import { toLspRange } from '../workspace/positions.js';

/** Command ids of the lenses; the VS Code extension registers these commands. */
export const BACKTEST_COMMAND = 'algo.backtest';
export const PUSH_COMMAND = 'algo.push';

/**
 * Two lenses above each strategy: "Backtest ▶" and "Push". They carry the document uri as
 * their argument; the client runs them (the VS Code extension registers both commands;
 * other editors can map them to `algo backtest` / `algo push`).
 */
export function codeLenses({ document, analysis }: DocumentState, _params: CodeLensParams): CodeLens[] {
  return analysis.ast.strategies.flatMap((s) => {
    const start = s.range.start;
    const range = toLspRange({ start, end: s.name?.range.end ?? start });
    return [
      { range, command: { title: 'Backtest ▶', command: BACKTEST_COMMAND, arguments: [document.uri] } },
      { range, command: { title: 'Push', command: PUSH_COMMAND, arguments: [document.uri] } },
    ];
  });
}
