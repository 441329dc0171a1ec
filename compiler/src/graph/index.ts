/**
 * `algo.rulegraph/v1`: the schema and types of the compiler's output — the contract
 * between the compiler, the runtime (fast evaluator, backtester, live workers) and the
 * API. See docs/ARCHITECTURE.md, "Compiler and the rule graph".
 */
export * from './names.js';
export * from './expr.js';
export * from './intent.js';
export * from './rules.js';
export * from './settings.js';
export * from './schema.js';
export { checkIntegrity, type IntegrityIssue } from './integrity.js';
export { serializeGraph, parseGraph, type ParseGraphResult } from './serialize.js';
