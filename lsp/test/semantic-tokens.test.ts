import type { SemanticTokens } from 'vscode-languageserver';
import { expect, it } from 'vitest';
import { useServer } from './support/harness.js';
import { offsetAt } from '@algo/lsp/testing';

const server = useServer();

interface Decoded {
  text: string;
  type: string;
  modifiers: string[];
}

/** Decodes the relative token stream with the server's legend. */
function decode(text: string, data: number[], legend: { tokenTypes: string[]; tokenModifiers: string[] }): Decoded[] {
  const out: Decoded[] = [];
  let line = 0;
  let char = 0;
  for (let i = 0; i < data.length; i += 5) {
    const [dl, dc, len, type, mods] = data.slice(i, i + 5) as [number, number, number, number, number];
    line += dl;
    char = dl === 0 ? char + dc : dc;
    const start = offsetAt(text, { line, character: char });
    out.push({ text: text.slice(start, start + len), type: legend.tokenTypes[type]!, modifiers: legend.tokenModifiers.filter((_, b) => mods & (1 << b)) });
  }
  return out;
}

const TEXT = `strategy "s" {
  asset stocks
  param len = 14
  let m = macd(close, len)
  /* a
     block */
  entry long when m.signal > 0 and position.qty == 0 { stop_loss 2 atr }
}
`;

it('classifies names by meaning: params, lets, built-ins, fields, outputs, fixed words', async () => {
  const uri = await server().open(TEXT);
  const legend = server().initializeResult.capabilities.semanticTokensProvider!.legend;
  const tokens = await server().request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
  const d = decode(TEXT, tokens.data, legend);
  const find = (text: string, nth = 0) => d.filter((t) => t.text === text)[nth];
  expect(find('strategy')).toEqual({ text: 'strategy', type: 'keyword', modifiers: [] });
  expect(find('stocks')?.type).toBe('enumMember');
  expect(find('len', 0)).toEqual({ text: 'len', type: 'parameter', modifiers: ['declaration', 'readonly'] });
  expect(find('len', 1)).toEqual({ text: 'len', type: 'parameter', modifiers: ['readonly'] });
  expect(find('m', 0)).toEqual({ text: 'm', type: 'variable', modifiers: ['declaration'] });
  expect(find('macd')).toEqual({ text: 'macd', type: 'function', modifiers: ['defaultLibrary'] });
  expect(find('close')).toEqual({ text: 'close', type: 'variable', modifiers: ['readonly', 'defaultLibrary'] });
  expect(find('signal')?.type).toBe('property');
  expect(find('position')?.modifiers).toContain('defaultLibrary');
  expect(find('qty')?.type).toBe('property');
  expect(find('atr')?.type).toBe('enumMember');
  expect(find('14')?.type).toBe('number');
  // a block comment is split into one token per line
  expect(d.filter((t) => t.type === 'comment').map((t) => t.text)).toEqual(['/* a', '     block */']);
});

it('answers a range request with only the tokens in the range', async () => {
  const uri = await server().open(TEXT);
  const legend = server().initializeResult.capabilities.semanticTokensProvider!.legend;
  const tokens = await server().request<SemanticTokens>('textDocument/semanticTokens/range', { textDocument: { uri }, range: { start: { line: 2, character: 0 }, end: { line: 2, character: 40 } } });
  expect(decode(TEXT, tokens.data, legend).map((t) => t.text)).toEqual(['param', 'len', '=', '14']);
});
