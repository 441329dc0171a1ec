import { describe, expect, it } from 'vitest';
import { tokenize, MAX_NESTING } from '../../src/syntax/lexer.js';
import { LineIndex } from '../../src/syntax/line-index.js';

function lex(text: string) {
  const r = tokenize(text, new LineIndex(text));
  return { kinds: r.tokens.map((t) => `${t.tokenType.name}:${t.image}`), codes: r.diagnostics.map((d) => d.code), r };
}

describe('lexer', () => {
  it('reads literals in their specific forms before plain numbers', () => {
    expect(lex('14 1.5 200_000 2% 0.5% 5m 1h 1d 09:30 "a\\"b"').kinds).toEqual([
      'Number:14',
      'Number:1.5',
      'Number:200_000',
      'Percent:2%',
      'Percent:0.5%',
      'Timeframe:5m',
      'Timeframe:1h',
      'Timeframe:1d',
      'Clock:09:30',
      'String:"a\\"b"',
    ]);
  });

  it('keeps keywords reserved but lets longer words be identifiers', () => {
    expect(lex('on on_close entry entry_price 2R 10..60').kinds).toEqual([
      'OnKw:on',
      'Identifier:on_close',
      'EntryKw:entry',
      'Identifier:entry_price',
      'Number:2',
      'Identifier:R',
      'Number:10',
      'DotDot:..',
      'Number:60',
    ]);
  });

  it('does not read 5min as a timeframe', () => {
    expect(lex('5min').kinds).toEqual(['Number:5', 'Identifier:min']);
  });

  it('puts comments aside and skips whitespace, newlines included', () => {
    const { r, kinds } = lex('a // one\n/* two\nlines */ b');
    expect(kinds).toEqual(['Identifier:a', 'Identifier:b']);
    expect(r.comments.map((c) => c.image)).toEqual(['// one', '/* two\nlines */']);
  });

  it('reports a run of bad characters once and carries on', () => {
    const { kinds, codes, r } = lex('a ;; b');
    expect(kinds).toEqual(['Identifier:a', 'Identifier:b']);
    expect(codes).toEqual(['ALG100']);
    expect(r.diagnostics[0]!.message).toBe('unexpected characters `;;`');
  });

  it('reports an unterminated string and still gives a string token', () => {
    const { kinds, codes } = lex('"NSE_EQ|TCS\nnext');
    expect(codes).toEqual(['ALG102']);
    expect(kinds).toEqual(['UnterminatedString:"NSE_EQ|TCS', 'Identifier:next']);
  });

  it('reports an unterminated block comment', () => {
    expect(lex('a /* never closed').codes).toEqual(['ALG103']);
  });

  it('cuts bracket groups nested deeper than the limit into one placeholder', () => {
    const deep = '('.repeat(MAX_NESTING + 5) + 'x' + ')'.repeat(MAX_NESTING + 5);
    const { kinds, codes } = lex(`${deep} + 1`);
    expect(codes).toEqual(['ALG106']);
    expect(kinds.filter((k) => k.startsWith('Placeholder'))).toHaveLength(1);
    expect(kinds.filter((k) => k === 'LParen:(')).toHaveLength(MAX_NESTING);
    expect(kinds.slice(-2)).toEqual(['Plus:+', 'Number:1']);
  });
});
