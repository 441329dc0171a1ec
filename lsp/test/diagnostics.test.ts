import type { Diagnostic } from 'vscode-languageserver';
import { describe, expect, it } from 'vitest';
import { openMarked, textOf, useServer } from './support/harness.js';
import { positionAt } from '@algo/lsp/testing';
import { BREAKOUT, PULLBACK } from './support/fixtures.js';

const DELAY = 250;
const server = useServer({ initializationOptions: { diagnosticsDelayMs: DELAY } });

const brief = (ds: readonly Diagnostic[]) => ds.map((d) => ({ code: d.code, line: d.range.start.line, character: d.range.start.character, message: d.message }));

describe('diagnostics', () => {
  it('publishes the checker’s diagnostics for the opened version, with codes and plain-English messages', async () => {
    const doc = await openMarked(server(), 'strategy "s" {\n  asset stocks\n  symbols "NSE_EQ|TCS"\n  entry long when <|rsi(close, 14) > 70|> and close > <|smaa|>(close, 20) {\n    qty 1\n  }\n}\n');
    const published = await server().diagnostics(doc.uri, 1);
    expect(published.version).toBe(1);
    const unknown = published.diagnostics.find((d) => d.code === 'ALG201')!;
    expect(unknown.message).toBe('unknown function `smaa` — did you mean `sma`?');
    expect(unknown.range).toEqual(doc.range(1));
    expect(unknown.severity).toBe(1);
    expect(unknown.source).toBe('algo');
    expect(published.diagnostics.map((d) => d.code)).toContain('ALG400');
  });

  it('publishes nothing wrong for the design examples', async () => {
    for (const text of [BREAKOUT.replace('let lower', '// let lower'), PULLBACK]) {
      const uri = await server().open(text);
      const errors = (await server().diagnostics(uri)).diagnostics.filter((d) => d.severity === 1);
      expect(brief(errors)).toEqual([]);
    }
  });

  it('debounces: a burst of edits publishes once, for the last version, no sooner than the delay', async () => {
    const uri = await server().open('strategy "s" {\n  asset stocks\n}\n');
    await server().diagnostics(uri, 1);
    const typed = 'let x = clos';
    let sentLast = 0;
    for (let i = 0; i < typed.length; i++) {
      await server().change(uri, [{ range: { start: { line: 1, character: 14 + i }, end: { line: 1, character: 14 + i } }, text: typed[i]! }]);
      sentLast = performance.now();
    }
    const last = server().version(uri);
    const published = await server().diagnostics(uri, last);
    expect(performance.now() - sentLast).toBeGreaterThanOrEqual(DELAY - 5);
    const versions = server().published.filter((p) => p.uri === uri).map((p) => p.version);
    expect(versions).toEqual([1, last]);
    expect(published.diagnostics.map((d) => d.code)).toContain('ALG101');
  });

  it('applies incremental edits exactly: the result matches a fresh open of the final text', async () => {
    const start = 'strategy "s" {\n  asset stocks\n  symbols "NSE_EQ|TCS"\n  entry long when close > open {\n    stop_loss 2%\n  }\n}\n';
    const uri = await server().open(start);
    // insert a line, replace across lines, delete a span
    await server().change(uri, [{ range: { start: { line: 2, character: 22 }, end: { line: 2, character: 22 } }, text: '\n  let up = close > close[1]\n  let unused = 3' }]);
    await server().change(uri, [{ range: { start: { line: 5, character: 18 }, end: { line: 6, character: 16 } }, text: 'up and volume > 0 {\n    stop_loss 0%' }]);
    await server().change(uri, [{ range: { start: { line: 5, character: 20 }, end: { line: 5, character: 35 } }, text: '' }]);
    const final = 'strategy "s" {\n  asset stocks\n  symbols "NSE_EQ|TCS"\n  let up = close > close[1]\n  let unused = 3\n  entry long when up {\n    stop_loss 0%\n  }\n}\n';
    const incremental = await server().diagnostics(uri);
    const fresh = await server().diagnostics(await server().open(final));
    expect(brief(incremental.diagnostics)).toEqual(brief(fresh.diagnostics));
    expect(incremental.diagnostics.map((d) => d.code).sort()).toEqual(['ALG209', 'ALG402']);
  });

  it('marks unused names as unnecessary and links a duplicate to the first declaration', async () => {
    const doc = await openMarked(server(), 'strategy "s" {\n  param <|n|> = 1\n  param <|n|> = 2\n  let <|z|> = close\n}\n');
    const ds = (await server().diagnostics(doc.uri)).diagnostics;
    const dup = ds.find((d) => d.code === 'ALG203')!;
    expect(dup.range).toEqual(doc.range(1));
    expect(dup.relatedInformation?.[0]?.location.range).toEqual(doc.range(0));
    const unused = ds.find((d) => d.code === 'ALG209' && d.range.start.line === 3)!;
    expect(unused.tags).toEqual([1]);
  });

  it('counts columns in UTF-16 code units and accepts CRLF line ends', async () => {
    const text = 'strategy "s" {\r\n  // 📈 breakout ✓\r\n  let x = /* ₹ */ closee\r\n}\r\n';
    const uri = await server().open(text);
    const d = (await server().diagnostics(uri)).diagnostics.find((x) => x.code === 'ALG200')!;
    const at = text.indexOf('closee');
    expect(d.range.start).toEqual(positionAt(text, at));
    expect(textOf(text, d.range)).toBe('closee');
  });

  it('clears the diagnostics of a closed document', async () => {
    const uri = await server().open('strategy {');
    expect((await server().diagnostics(uri)).diagnostics.length).toBeGreaterThan(0);
    const before = server().published.length;
    await server().closeDocument(uri);
    await server().until(() => server().published.slice(before).some((p) => p.uri === uri && p.diagnostics.length === 0), 5_000, 'the cleared diagnostics');
  });
});
