import { analyze, type Analysis, type Diagnostic, type Range } from '@algo/language';
import type { RuleGraph } from './graph/schema.js';
import { lowerStrategy } from './lower/lower.js';
import type { ParamValue } from './lower/params.js';

/** Options of `compile`. */
export interface CompileOptions {
  /**
   * Parameter overrides by name: a number (a percent param takes its fraction, `0.02` for
   * 2%), or a boolean for a true/false param. Checked against each param's type, range and
   * uses; a bad one is a diagnostic.
   */
  readonly params?: Readonly<Record<string, ParamValue>>;
  /** The file name diagnostics and the syntax tree carry (default `untitled.algo`). */
  readonly uri?: string;
}

/** What `compile` returns: the graph when the source has no errors, and every diagnostic. */
export interface CompileResult {
  readonly graph?: RuleGraph;
  /** The language's diagnostics (warnings included) and the compiler's, sorted by position. */
  readonly diagnostics: readonly Diagnostic[];
}

const START: Range = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.range.start.offset - b.range.start.offset || a.code.localeCompare(b.code) || a.message.localeCompare(b.message);
}

/**
 * Compiles `.algo` source to an `algo.rulegraph/v1` graph. Never throws: a source with
 * errors (or a bad override) gives its diagnostics and no graph; a failure of the compiler
 * itself — a bug — is one ALG999 diagnostic. The same source and params always give the
 * same graph (and, through `serializeGraph`, the same bytes).
 *
 * The graph satisfies `RuleGraphSchema` by construction, and is not validated again here:
 * on a 10,000-line strategy that re-check cost as much as the lowering itself. The tests
 * hold every graph they compile to the schema, and the boundaries still check it:
 * `serializeGraph` when it is written out, `parseGraph` when it is read back.
 */
export function compile(source: string, options: CompileOptions = {}): CompileResult {
  return compileAnalysis(source, analyze(source, options.uri), options);
}

/**
 * `compile` for a caller that has already analysed `source` with the language's `analyze`
 * (an editor, a command that also prints the check): lowers that analysis without parsing
 * again. `analysis` must be of exactly `source`.
 */
export function compileAnalysis(source: string, analysis: Analysis, options: CompileOptions = {}): CompileResult {
  const language = analysis.diagnostics;
  if (language.some((d) => d.severity === 'error')) return { diagnostics: language };
  const strategy = analysis.model.strategy;
  if (!strategy) return { diagnostics: language };
  try {
    const { graph, problems } = lowerStrategy(source, analysis.model, strategy, options.params ?? {});
    if (!graph) return { diagnostics: [...language, ...problems].sort(byPosition) };
    return { graph, diagnostics: language };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    const bug: Diagnostic = {
      severity: 'error',
      code: 'ALG999',
      message: `internal error while compiling this file (please report it): ${why}`,
      range: strategy.name?.range ?? START,
      fixes: [],
      related: [],
    };
    return { diagnostics: [...language, bug] };
  }
}
