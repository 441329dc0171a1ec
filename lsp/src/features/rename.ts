import { BUILTIN_NAMES, KEYWORDS, type AlgoSymbol } from '@algo/language';
import { ResponseError, ErrorCodes, type PrepareRenameParams, type Range, type RenameParams, type WorkspaceEdit } from 'vscode-languageserver';
import type { DocumentState } from '../workspace/documents.js';
import { toLspRange } from '../workspace/positions.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Rename for params and lets (declaration and every use). Built-ins cannot be renamed,
 * and a new name must be a valid identifier that is not a keyword, not a built-in and not
 * already declared — otherwise the request fails with a message saying why, and nothing
 * is edited.
 */
export function prepareRename(state: DocumentState, params: PrepareRenameParams): { range: Range; placeholder: string } | ResponseError<void> | null {
  const found = state.analysis.model.symbolAt(state.document.offsetAt(params.position));
  if (!found) return null;
  const why = notRenamable(found.symbol);
  if (why) return new ResponseError(ErrorCodes.InvalidRequest, why);
  return { range: toLspRange(found.range), placeholder: found.symbol.name };
}

export function rename(state: DocumentState, params: RenameParams): WorkspaceEdit | ResponseError<void> | null {
  const { model } = state.analysis;
  const found = model.symbolAt(state.document.offsetAt(params.position));
  if (!found) return null;
  const symbol = found.symbol;
  const why = notRenamable(symbol) ?? badName(params.newName, symbol, model.symbols);
  if (why) return new ResponseError(ErrorCodes.InvalidRequest, why);
  const ranges = [...(symbol.nameRange ? [symbol.nameRange] : []), ...symbol.references];
  return { changes: { [state.document.uri]: ranges.map((r) => ({ range: toLspRange(r), newText: params.newName })) } };
}

function notRenamable(symbol: AlgoSymbol): string | undefined {
  if (symbol.kind === 'param' || symbol.kind === 'let') return undefined;
  if (symbol.kind === 'label') return 'entry labels are strings; edit the label and the exits that name it';
  return `\`${symbol.name}\` is built in and cannot be renamed`;
}

function badName(name: string, symbol: AlgoSymbol, symbols: readonly AlgoSymbol[]): string | undefined {
  if (!IDENTIFIER.test(name)) return `\`${name}\` is not a valid name: use letters, digits and _ and start with a letter or _`;
  if (KEYWORDS.includes(name)) return `\`${name}\` is a keyword`;
  if (BUILTIN_NAMES.includes(name)) return `\`${name}\` is a built-in name`;
  const clash = symbols.find((s) => s !== symbol && s.name === name && (s.kind === 'param' || s.kind === 'let'));
  if (clash) return `\`${name}\` is already declared as a ${clash.kind}`;
  return undefined;
}
