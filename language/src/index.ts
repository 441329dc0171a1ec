/**
 * `@algo/language`: the `.algo` language — syntax tree, parser, checker, formatter and the
 * built-in catalogue. Everything other packages may use is exported from here; nothing
 * here throws on user input (problems are `Diagnostic` values).
 *
 * Typical use:
 *   const { ast, model, diagnostics } = analyze(text, 'strategy.algo');
 *   const { text: pretty } = format(text);
 */

// The syntax tree (a frozen, additive-only contract) and walking it.
export type * from './ast.js';
export { SETTING_NAMES } from './ast.js';
export { childrenOf, walk, pathAt, nodeAt } from './syntax/walk.js';

// Parsing and checking.
export { parseText as parse, type ParseResult } from './syntax/parse.js';
export { analyze, type Analysis } from './analyze.js';
export { LineIndex } from './syntax/line-index.js';
export { KEYWORDS } from './syntax/tokens.js';
export { MAX_NESTING } from './syntax/lexer.js';
export { MAX_EXPRESSION_DEPTH } from './syntax/build-expressions.js';
export type * from './semantic/model.js';
export type { ExprType, ValueKind, Variability } from './semantic/types.js';
export { describeType } from './semantic/types.js';
export { applyMath } from './semantic/constants.js';
export { SEGMENTS, parseInstrumentKey, hoursOf, formatClock, type ExchangeHours } from './semantic/exchange.js';

// Diagnostics.
export { CODES, ALL_CODES, type CodeInfo, type DiagnosticCode, type Severity } from './diagnostics/codes.js';
export type { Diagnostic, Fix, Related } from './diagnostics/diagnostic.js';
export { suggest } from './diagnostics/suggest.js';
export { formatDiagnostic, countDiagnostics, plural } from './diagnostics/report.js';

// Formatting.
export { format, type FormatResult } from './format/format.js';

// Editor support.
export { tokensOf, tokenAt, type EditorToken, type TokenCategory } from './editor/tokens.js';
export { completionContext, type CompletionContext, type ParsedFile } from './editor/completion-context.js';

// Timeframes.
export * from './timeframe.js';

// The built-in catalogue.
export type * from './catalogue/types.js';
export { INDICATORS } from './catalogue/indicators.js';
export { MATH_FUNCTIONS } from './catalogue/functions.js';
export { FIELDS } from './catalogue/fields.js';
export { FUNCTIONS, lookupFunction, lookupField, signatureOf, POSITION_MEMBERS, BAR_FIELD_NAMES, BUILTIN_NAMES } from './catalogue/index.js';
export { SETTINGS, ORDER_ITEMS, type KeywordDoc } from './catalogue/settings.js';
export * from './catalogue/words.js';
