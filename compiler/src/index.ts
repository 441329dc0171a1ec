/**
 * `@algo/compiler`: `.algo` source → `algo.rulegraph/v1`, the strategy as data that the
 * runtime evaluates and the API stores. Exports the compiler, the graph's zod schema and
 * TypeScript types, and the json-rules-engine reference interpreter.
 *
 *   const { graph, diagnostics } = compile(text, { params: { lookback: 30 } });
 *   if (graph) fs.writeFileSync('out.json', serializeGraph(graph, { pretty: true }));
 */
export { compile, compileAnalysis, type CompileOptions, type CompileResult } from './compile.js';
export type { ParamValue } from './lower/params.js';
export { COMPILER_NAME, COMPILER_VERSION } from './version.js';
export { CompilerError, ERROR_CODES, type ErrorCode } from './errors.js';
export * from './graph/index.js';
export * from './reference/index.js';
