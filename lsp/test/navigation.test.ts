import type { DocumentHighlight, Location } from 'vscode-languageserver';
import { describe, expect, it } from 'vitest';
import { openMarked, useServer } from './support/harness.js';

const server = useServer();

const TEXT = `strategy "s" {
  param <|len|> = 14
  let <|fast|> = ema(close, <|len|>)
  let slow = ema(close, <|len|> * 2)
  entry long when <|fast|> crosses above slow and rsi(close, 14) > 50 { stop_loss 1% }
  exit when <|fast|> < slow or rsi(close, 14) < 40
}
`;

describe('definition, references, highlight', () => {
  it('goes from a use to the declaration of a param and a let', async () => {
    const doc = await openMarked(server(), TEXT.replace('ema(close, <|len|>)', 'ema(close, l<|>en)'));
    const defs = await server().request<Location[]>('textDocument/definition', { ...doc.doc, position: doc.at() });
    expect(defs).toEqual([{ uri: doc.uri, range: doc.range(0) }]);
  });

  it('lists every reference, with or without the declaration', async () => {
    const doc = await openMarked(server(), TEXT.replace('when <|fast|> crosses', 'when <|fa<|>st|> crosses'));
    const all = await server().request<Location[]>('textDocument/references', { ...doc.doc, position: doc.at(), context: { includeDeclaration: true } });
    expect(all.map((l) => l.range)).toEqual([doc.range(1), doc.range(4), doc.range(5)]);
    const uses = await server().request<Location[]>('textDocument/references', { ...doc.doc, position: doc.at(), context: { includeDeclaration: false } });
    expect(uses).toHaveLength(2);
  });

  it('finds every use of a built-in, which has no definition in the file', async () => {
    const doc = await openMarked(server(), TEXT.replace('and rsi(', 'and r<|>si('));
    expect(await server().request('textDocument/definition', { ...doc.doc, position: doc.at() })).toBeNull();
    const refs = await server().request<Location[]>('textDocument/references', { ...doc.doc, position: doc.at(), context: { includeDeclaration: true } });
    expect(refs).toHaveLength(2);
  });

  it('highlights the declaration as a write and uses as reads', async () => {
    const doc = await openMarked(server(), TEXT.replace('param <|len|>', 'param <|l<|>en|>'));
    const hs = await server().request<DocumentHighlight[]>('textDocument/documentHighlight', { ...doc.doc, position: doc.at() });
    expect(hs.map((h) => [h.range, h.kind])).toEqual([
      [doc.range(0), 3],
      [doc.range(2), 2],
      [doc.range(3), 2],
    ]);
  });

  it('answers nothing on a keyword or a number', async () => {
    const doc = await openMarked(server(), 'strategy "s" {\n  par<|>am n = 1<|>4\n}\n');
    expect(await server().request('textDocument/definition', { ...doc.doc, position: doc.at(0) })).toBeNull();
    expect(await server().request('textDocument/documentHighlight', { ...doc.doc, position: doc.at(1) })).toBeNull();
  });
});
