import { afterAll, beforeAll, expect } from 'vitest';
import { TestClient, type StartOptions } from '@algo/lsp/testing';
import { markers, offsetAt, positionAt, rangeAt } from '@algo/lsp/testing';

/**
 * Shared helpers for the server tests, in the spirit of Langium's `expectHover` and
 * friends: each test writes the document with `<|>` cursor and `<|…|>` range markers, and
 * the helpers open it on a real server over JSON-RPC.
 */

/** One server per test file, stopped after it; fails the file if the server logged an internal error. */
export function useServer(options: StartOptions = {}): () => TestClient {
  let client: TestClient | undefined;
  beforeAll(async () => {
    client = await TestClient.start({ initializationOptions: { diagnosticsDelayMs: 50 }, ...options });
  });
  afterAll(async () => {
    if (!client) return;
    const { errors, warnings } = client;
    const code = await client.stop();
    expect(errors, `the server logged internal errors: ${errors.join(' | ')}`).toEqual([]);
    expect(warnings, `the server logged warnings: ${warnings.join(" | ")}`).toEqual([]);
    expect(code).toBe(0);
  });
  return () => {
    if (!client) throw new Error('the server has not started');
    return client;
  };
}

/** A document opened from marked text: its uri, clean text, and the markers as LSP positions and ranges. */
export interface Opened {
  readonly uri: string;
  readonly text: string;
  /** LSP position of the i-th `<|>`. */
  at(i?: number): { line: number; character: number };
  /** LSP range of the i-th `<|…|>`. */
  range(i?: number): { start: { line: number; character: number }; end: { line: number; character: number } };
  /** Text of the i-th `<|…|>` range. */
  rangeText(i?: number): string;
  readonly doc: { textDocument: { uri: string } };
}

export async function openMarked(client: TestClient, marked: string): Promise<Opened> {
  const m = markers(marked);
  const uri = await client.open(m.text);
  return {
    uri,
    text: m.text,
    at: (i = 0) => positionAt(m.text, must(m.cursors[i], `cursor ${i}`)),
    range: (i = 0) => {
      const r = must(m.ranges[i], `range ${i}`);
      return rangeAt(m.text, r.start, r.end);
    },
    rangeText: (i = 0) => {
      const r = must(m.ranges[i], `range ${i}`);
      return m.text.slice(r.start, r.end);
    },
    doc: { textDocument: { uri } },
  };
}

function must<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new Error(`the test text has no ${what} marker`);
  return v;
}

export interface Edit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}

/** Applies LSP text edits (non-overlapping, any order) to `text`. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].map((e) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText })).sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** The text an LSP range covers. */
export function textOf(text: string, range: Edit['range']): string {
  return text.slice(offsetAt(text, range.start), offsetAt(text, range.end));
}

/** The markdown of a hover, or '' when there is none. */
export function hoverText(h: unknown): string {
  const c = (h as { contents?: unknown } | null)?.contents;
  if (!c) return '';
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) return c.map((x) => (typeof x === 'string' ? x : (x as { value: string }).value)).join('\n');
  return (c as { value: string }).value;
}
