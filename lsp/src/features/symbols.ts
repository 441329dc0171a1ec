import type { Item, Range as AlgoRange, Strategy } from '@algo/language';
import { SymbolKind, type DocumentSymbol, type DocumentSymbolParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentState } from '../workspace/documents.js';
import { toLspRange } from '../workspace/positions.js';

/**
 * The outline: each strategy, and under it its settings, defaults, params, lets, entries
 * and exits in source order, with a short detail (a param's value, a let's type, a rule's
 * condition) so the outline reads like a summary of the file.
 */
export function documentSymbols({ document, analysis }: DocumentState, _params: DocumentSymbolParams): DocumentSymbol[] {
  return analysis.ast.strategies.map((s) => strategySymbol(s, document, analysis.model.symbols));
}

function strategySymbol(s: Strategy, document: TextDocument, symbols: DocumentState['analysis']['model']['symbols']): DocumentSymbol {
  const children = s.items.map((item) => itemSymbol(item, document, symbols)).filter((x): x is DocumentSymbol => x !== undefined);
  const name = s.name?.value || '(unnamed strategy)';
  return symbol(name, 'strategy', SymbolKind.Class, s.range, s.name?.range ?? keywordRange(s.range, 'strategy'), children);
}

function itemSymbol(item: Item, document: TextDocument, symbols: DocumentState['analysis']['model']['symbols']): DocumentSymbol | undefined {
  const text = (r: AlgoRange | undefined): string => (r ? oneLine(document.getText().slice(r.start.offset, r.end.offset)) : '');
  switch (item.kind) {
    case 'Setting':
      return symbol(item.name, text(item.value?.range), SymbolKind.Property, item.range, item.nameRange);
    case 'Default': {
      const what = item.item ? (item.item.kind === 'Stop' ? item.item.which : item.item.kind === 'Sizing' ? item.item.mode : 'leg') : '';
      return symbol(`default ${what}`.trim(), text(item.item?.range), SymbolKind.Property, item.range, keywordRange(item.range, 'default'));
    }
    case 'Param': {
      if (!item.name) return undefined;
      const range = [item.min && item.max ? `in ${text(item.min.range)}..${text(item.max.range)}` : '', item.step ? `step ${text(item.step.range)}` : ''].filter(Boolean).join(' ');
      return symbol(item.name.name, `= ${text(item.value.range)}${range ? ` ${range}` : ''}`, SymbolKind.Constant, item.range, item.name.range);
    }
    case 'Let': {
      if (!item.name) return undefined;
      const sym = symbols.find((x) => x.declaration === item);
      const type = sym?.type && sym.type.kind !== 'error' ? `${sym.type.kind} ${sym.type.variability}` : '';
      return symbol(item.name.name, type || text(item.value.range), SymbolKind.Variable, item.range, item.name.range);
    }
    case 'Entry': {
      const name = `entry ${item.side ?? ''}${item.label ? ` "${item.label.value}"` : ''}`.replace(/\s+/g, ' ').trim();
      const detail = [item.at ? `at ${item.at.text}` : '', item.when ? `when ${text(item.when.range)}` : ''].filter(Boolean).join(' ');
      return symbol(name, detail, SymbolKind.Event, item.range, item.label?.range ?? keywordRange(item.range, 'entry'));
    }
    case 'Exit': {
      const name = `exit${item.target ? ` ${item.target}` : ''}${item.label ? ` "${item.label.value}"` : ''}`;
      const detail = item.when ? `when ${text(item.when.range)}` : item.at ? `at ${item.at.text}` : item.after ? `after ${text(item.after.range)}` : '';
      return symbol(name, detail, SymbolKind.Event, item.range, item.label?.range ?? keywordRange(item.range, 'exit'));
    }
  }
}

function symbol(name: string, detail: string, kind: SymbolKind, range: AlgoRange, selection: AlgoRange, children?: DocumentSymbol[]): DocumentSymbol {
  const out: DocumentSymbol = { name: name || '?', detail, kind, range: toLspRange(range), selectionRange: toLspRange(selection) };
  if (children) out.children = children;
  return out;
}

/** The range of the keyword an item starts with (its selection when it has no name). */
function keywordRange(r: AlgoRange, keyword: string): AlgoRange {
  const len = Math.min(keyword.length, r.end.offset - r.start.offset);
  return { start: r.start, end: { line: r.start.line, column: r.start.column + len, offset: r.start.offset + len } };
}

function oneLine(s: string, max = 80): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
