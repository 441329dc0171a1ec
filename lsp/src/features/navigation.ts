import type { AlgoSymbol } from '@algo/language';
import {
  DocumentHighlightKind,
  type DefinitionParams,
  type DocumentHighlight,
  type DocumentHighlightParams,
  type Location,
  type ReferenceParams,
} from 'vscode-languageserver';
import type { DocumentState } from '../workspace/documents.js';
import { toLspRange } from '../workspace/positions.js';

/**
 * Go to definition, find references and document highlight: all three read the semantic
 * model's symbol under the cursor (a use or the declaration itself). Built-ins have no
 * declaration in the file, so definition answers nothing for them, while references and
 * highlight still list every use.
 */

/** The symbol at the cursor, if the cursor is on a name the model resolved. */
function symbolUnderCursor({ document, analysis }: DocumentState, position: { line: number; character: number }): AlgoSymbol | undefined {
  return analysis.model.symbolAt(document.offsetAt(position))?.symbol;
}

export function definition(state: DocumentState, params: DefinitionParams): Location[] | null {
  const symbol = symbolUnderCursor(state, params.position);
  if (!symbol?.nameRange) return null;
  return [{ uri: state.document.uri, range: toLspRange(symbol.nameRange) }];
}

export function references(state: DocumentState, params: ReferenceParams): Location[] | null {
  const symbol = symbolUnderCursor(state, params.position);
  if (!symbol) return null;
  const ranges = [...(params.context.includeDeclaration && symbol.nameRange ? [symbol.nameRange] : []), ...symbol.references];
  return ranges.map((r) => ({ uri: state.document.uri, range: toLspRange(r) }));
}

export function documentHighlight(state: DocumentState, params: DocumentHighlightParams): DocumentHighlight[] | null {
  const symbol = symbolUnderCursor(state, params.position);
  if (!symbol) return null;
  const out: DocumentHighlight[] = [];
  if (symbol.nameRange) out.push({ range: toLspRange(symbol.nameRange), kind: DocumentHighlightKind.Write });
  for (const r of symbol.references) out.push({ range: toLspRange(r), kind: DocumentHighlightKind.Read });
  return out;
}
