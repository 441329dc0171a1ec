import type { DocumentSymbol, FoldingRange, TextEdit } from 'vscode-languageserver';
import { describe, expect, it } from 'vitest';
import { applyEdits, openMarked, useServer } from './support/harness.js';
import { BREAKOUT } from './support/fixtures.js';

const server = useServer();

describe('document symbols (outline)', () => {
  it('lists the strategy and, under it, every item with a short detail', async () => {
    const uri = await server().open(BREAKOUT);
    const [s] = await server().request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    expect(s!.name).toBe('BankNifty Live Breakout');
    expect(s!.children!.map((c) => [c.name, c.detail])).toEqual([
      ['asset', 'options'],
      ['underlying', '"NSE_INDEX|Nifty Bank"'],
      ['timeframe', '5m'],
      ['session', '09:20 - 15:10'],
      ['capital', '200_000'],
      ['lookback', '= 20 in 10..60 step 5'],
      ['rsi_len', '= 14'],
      ['upper', 'number series'],
      ['lower', 'number series'],
      ['entry long "breakout"', 'when close crosses above upper and rsi(close, rsi_len) > 55'],
      ['exit all', 'at 15:10'],
    ]);
    for (const c of s!.children!) {
      const inside = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character <= b.character);
      expect(inside(c.range.start, c.selectionRange.start) && inside(c.selectionRange.end, c.range.end)).toBe(true);
    }
  });
});

describe('folding', () => {
  it('folds the strategy, multi-line items, entry blocks, comment runs and regions', async () => {
    const text = [
      '/* header', '   comment */', // 0-1
      'strategy "s" {', // 2
      '  // region params', // 3
      '  param a = 1', // 4
      '  // endregion', // 5
      '  // two', '  // lines', // 6-7
      '  let x = close +', '    open', // 8-9
      '  entry long when x > 0 {', '    stop_loss 1%', '  }', // 10-12
      '}', // 13
    ].join('\n');
    const uri = await server().open(text);
    const ranges = await server().request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    const got = ranges.map((r) => `${r.startLine}-${r.endLine}${r.kind ? ` ${r.kind}` : ''}`);
    expect(got).toEqual(expect.arrayContaining(['0-1 comment', '2-12', '3-5 region', '6-7 comment', '8-9', '10-11']));
  });
});

describe('formatting', () => {
  it('formats with the language formatter, editing only what changed', async () => {
    const messy = 'strategy "s" {\n  asset stocks\n  symbols "NSE_EQ|TCS"\nentry long when close>open   and rsi(close,14)<30 {stop_loss 2%}\n}\n';
    const uri = await server().open(messy);
    const edits = await server().request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } });
    expect(edits).toHaveLength(1);
    expect(edits[0]!.range.start.line).toBe(3);
    const out = applyEdits(messy, edits);
    expect(out).toContain('  entry long when close > open and rsi(close, 14) < 30 {\n    stop_loss 2%\n  }\n');
    // formatting the result changes nothing
    const again = await server().open(out);
    expect(await server().request('textDocument/formatting', { textDocument: { uri: again }, options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
  });

  it('leaves a file with syntax errors alone', async () => {
    const uri = await server().open('strategy "s" {\n  let x = (close\n');
    expect(await server().request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
  });
});

describe('code lens', () => {
  it('puts "Backtest ▶" and "Push" above the strategy, carrying the document', async () => {
    const doc = await openMarked(server(), '// note\n<|strategy "s"|> {\n}\n');
    const lenses = await server().request<Array<{ range: unknown; command: { title: string; command: string; arguments: unknown[] } }>>('textDocument/codeLens', doc.doc);
    expect(lenses.map((l) => [l.command.title, l.command.command, l.command.arguments])).toEqual([
      ['Backtest ▶', 'algo.backtest', [doc.uri]],
      ['Push', 'algo.push', [doc.uri]],
    ]);
    expect(lenses[0]!.range).toEqual(doc.range());
  });
});
