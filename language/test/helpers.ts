import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze, type Analysis, type Range } from '@algo/language';

/** Repository paths the tests read. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EXAMPLES = join(ROOT, 'examples');
export const BROKEN = join(EXAMPLES, 'broken');

/** Splits `text with <|> a cursor` into the text and the cursor's offset. */
export function cursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('<|>');
  if (offset < 0) throw new Error('no <|> cursor marker in the test text');
  return { text: marked.slice(0, offset) + marked.slice(offset + 3), offset };
}

/** A valid stocks strategy around `body` (items, indented by the caller as they like). */
export function strategy(body: string, header = 'asset stocks\n  symbols "NSE_EQ|TCS"'): string {
  return `strategy "Test" {\n  ${header}\n${body}\n}\n`;
}

/** An entry with a stop-loss, for tests about conditions: `entry long when <cond> { stop_loss 2% }`. */
export function entryWhen(condition: string): string {
  return `  entry long when ${condition} {\n    stop_loss 2%\n  }`;
}

/** Diagnostics as `line:col CODE message`, for compact assertions. */
export function problems(text: string): string[] {
  return analyze(text).diagnostics.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.code} ${d.message}`);
}

/** Just the codes, in order. */
export function codes(text: string): string[] {
  return analyze(text).diagnostics.map((d) => d.code);
}

/** The source text a range covers. */
export function slice(text: string, range: Range): string {
  return text.slice(range.start.offset, range.end.offset);
}

/** Every example strategy: name and text. */
export function examples(): Array<{ name: string; text: string }> {
  return readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.algo'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(EXAMPLES, name), 'utf8') }));
}

/**
 * A tree with every range removed (and a clock's spelling, `9:20` = `09:20`): what two
 * parses must agree on to mean the same.
 */
export function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    const clock = (value as { kind?: string }).kind === 'Clock';
    for (const [k, v] of Object.entries(value)) if (!/range$/i.test(k) && k !== 'uri' && k !== 'comments' && !(clock && k === 'text')) out[k] = shape(v);
    return out;
  }
  return value;
}

/** Analyse and return the first entry's `when` (the usual subject of expression tests). */
export function firstCondition(condition: string, body = ''): { analysis: Analysis; text: string } {
  const text = strategy(`${body}\n${entryWhen(condition)}`);
  return { analysis: analyze(text), text };
}
