import { RuleGraphSchema, type RuleGraph } from './schema.js';

/**
 * Writes a graph as canonical JSON: object keys in schema order (records in the order the
 * compiler built them), arrays as they are, a final newline. The same graph always gives
 * the same bytes, which is what golden files, `source_hash` comparisons and caches rely
 * on. Throws (a bug) if the graph does not satisfy the schema.
 */
export function serializeGraph(graph: RuleGraph, options: { pretty?: boolean } = {}): string {
  const canonical = RuleGraphSchema.parse(graph);
  return JSON.stringify(canonical, null, options.pretty ? 2 : undefined) + '\n';
}

/** The result of reading a graph from outside: the graph, or readable problems. */
export type ParseGraphResult = { graph: RuleGraph; errors: [] } | { graph?: undefined; errors: string[] };

/**
 * Validates untrusted input (an API body, a Mongo document, a file) as a rule graph.
 * Each error names the field path (`rules.0.conditions: unknown fact "rsi(close,14)"`).
 */
export function parseGraph(input: unknown): ParseGraphResult {
  const r = RuleGraphSchema.safeParse(input);
  if (r.success) return { graph: r.data, errors: [] };
  return { errors: r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`) };
}
