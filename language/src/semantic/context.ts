import type { EntryRule, Expression, LetDecl, Node, OnTimeframe, ParamDecl, Range } from '../ast.js';
import type { BuiltinField, BuiltinFunction } from '../catalogue/types.js';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import { diagnostic, type Diagnostic, type Fix, type Related } from '../diagnostics/diagnostic.js';
import type { AlgoSymbol, SymbolKind } from './model.js';
import { NodeFacts } from './node-facts.js';
import type { ExprType } from './types.js';

/** A symbol while it is being built (references still growing). */
export interface SymbolRecord extends AlgoSymbol {
  references: Range[];
  type: ExprType | undefined;
}

/** What the checker knows about the strategy's clock while it checks expressions. */
export interface ClockInfo {
  /** The strategy timeframe as written (default `1m`). */
  readonly timeframe: string;
  /** Minutes in the session, to convert days into bars for `on 1d`. */
  readonly sessionMinutes: number;
}

/**
 * State shared by the checking passes: diagnostics, symbols, and the per-node facts
 * (types, resolutions, timeframes) the semantic model exposes afterwards.
 */
export class CheckContext {
  readonly diagnostics: Diagnostic[] = [];
  /** User declarations by name (the first declaration wins; later ones are duplicates). */
  readonly declared = new Map<string, SymbolRecord>();
  /** Entry labels by label text. */
  readonly labels = new Map<string, SymbolRecord>();
  private readonly builtins = new Map<BuiltinFunction | BuiltinField, SymbolRecord>();
  readonly symbolOfNode = new NodeFacts<Node, SymbolRecord>();
  readonly types = new NodeFacts<Expression, ExprType>();
  /** Timeframe of expressions inside `on` (others use the strategy's). */
  readonly timeframes = new NodeFacts<Expression, string>();
  /** `on` expressions whose body was checked on their timeframe. */
  readonly onChecked = new Set<OnTimeframe>();
  /** `on` expressions whose body was not checked at all (nested inside another `on`). */
  readonly onUnchecked = new Set<OnTimeframe>();
  /** Numeric values of params, by name: at their defaults and at each end of their sweep range. */
  readonly paramDefaults = new Map<string, number>();
  readonly paramMinima = new Map<string, number>();
  readonly paramMaxima = new Map<string, number>();
  clock: ClockInfo = { timeframe: '1m', sessionMinutes: 375 };

  /**
   * @param text the source, for snippets in messages
   * @param syntaxErrors start offsets of the file's syntax errors: checks that report
   *   something *missing* (a stop-loss, a setting, a use of a name) stay quiet where the
   *   parser already reported that it could not read part of the text
   */
  constructor(
    readonly text: string,
    private readonly syntaxErrors: readonly number[] = [],
    /** Names in text the parser skipped: an unknown one may be declared in there. */
    readonly skippedNames: ReadonlySet<string> = new Set(),
  ) {}

  /** Whether a syntax error lies inside `range` (or anywhere, without a range). */
  syntaxErrorWithin(range?: Range): boolean {
    if (!range) return this.syntaxErrors.length > 0;
    return this.syntaxErrors.some((o) => o >= range.start.offset && o <= range.end.offset);
  }

  /** The source text of a range, shortened for a message: `close + 1`, `rsi(close, 14) > …`. */
  snippet(range: Range, max = 32): string {
    const s = this.text.slice(range.start.offset, range.end.offset).replace(/\s+/g, ' ');
    return s.length > max ? `${s.slice(0, max - 1)}…` : s;
  }

  report(code: DiagnosticCode, range: Range, message: string, extra?: { fixes?: readonly Fix[]; related?: readonly Related[] }): void {
    this.diagnostics.push(diagnostic(code, range, message, extra));
  }

  /** Declares a param or let; the caller has already ruled out duplicates. */
  declare(name: string, kind: 'param' | 'let', declaration: ParamDecl | LetDecl, nameRange: Range): SymbolRecord {
    const s: SymbolRecord = { name, kind, declaration, nameRange, references: [], builtin: undefined, type: undefined };
    this.declared.set(name, s);
    return s;
  }

  declareLabel(name: string, entry: EntryRule, nameRange: Range): SymbolRecord {
    const s: SymbolRecord = { name, kind: 'label', declaration: entry, nameRange, references: [], builtin: undefined, type: undefined };
    this.labels.set(name, s);
    return s;
  }

  /** The shared symbol of a built-in function or field, created on first use. */
  builtin(kind: Extract<SymbolKind, 'field' | 'function'>, entry: BuiltinFunction | BuiltinField, type?: ExprType): SymbolRecord {
    // Keyed by the catalogue entry (one per field or function), so a use builds no key.
    let s = this.builtins.get(entry);
    if (!s) {
      s = { name: entry.name, kind, declaration: undefined, nameRange: undefined, references: [], builtin: entry, type };
      this.builtins.set(entry, s);
    }
    return s;
  }

  /** Records that `node` (at `range`) refers to `symbol`. */
  use(node: Node, symbol: SymbolRecord, range: Range): void {
    this.symbolOfNode.set(node, symbol);
    symbol.references.push(range);
  }

  /** Every symbol: declarations in source order, then labels, then built-ins used. */
  allSymbols(): SymbolRecord[] {
    return [...this.declared.values(), ...this.labels.values(), ...this.builtins.values()];
  }
}
