import { expect } from 'vitest';
import { compile, parseGraph, type CompileOptions, type RuleGraph, type Series } from '../../src/index.js';

/** Wraps strategy body lines in a stocks strategy with the settings most tests don't care about. */
export function strategy(body: string, head = 'asset stocks\n  symbols "NSE_EQ|TCS"\n  timeframe 5m'): string {
  return `strategy "Test" {\n  ${head}\n${body}\n}\n`;
}

/** Compiles and fails the test (showing the diagnostics) unless a graph comes back. */
export function compileOk(source: string, options?: CompileOptions): RuleGraph {
  const r = compile(source, options);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  expect(errors.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.code} ${d.message}`)).toEqual([]);
  expect(r.graph).toBeDefined();
  // `compile` trusts its own output; the tests do not: every graph satisfies the schema.
  expect(parseGraph(r.graph).errors).toEqual([]);
  return r.graph!;
}

/** Compiles and returns the error diagnostics as `line:col CODE message` (no graph expected). */
export function compileErrors(source: string, options?: CompileOptions): string[] {
  const r = compile(source, options);
  expect(r.graph).toBeUndefined();
  return r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.range.start.line}:${d.range.start.column} ${d.code} ${d.message}`);
}

/** The series with `id`, failing the test when there is none. */
export function series(graph: RuleGraph, id: string): Series {
  const s = graph.series.find((x) => x.id === id);
  expect(s, `series ${id} in [${graph.series.map((x) => x.id).join(', ')}]`).toBeDefined();
  return s!;
}
