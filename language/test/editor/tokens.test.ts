import { describe, expect, it } from 'vitest';
import { analyze, tokenAt, tokensOf } from '@algo/language';
import { cursor } from '../helpers.js';

describe('editor tokens', () => {
  it('classifies every token, comments included, in source order', () => {
    const a = analyze('strategy "x" { // c\n let a = close[1] > 2% and time > 09:30 on 1h }');
    expect(tokensOf(a).map((t) => `${t.category}:${t.image}`)).toEqual([
      'keyword:strategy',
      'string:"x"',
      'punctuation:{',
      'comment:// c',
      'keyword:let',
      'identifier:a',
      'operator:=',
      'identifier:close',
      'punctuation:[',
      'number:1',
      'punctuation:]',
      'operator:>',
      'percent:2%',
      'keyword:and',
      'identifier:time',
      'operator:>',
      'clock:09:30',
      'keyword:on',
      'timeframe:1h',
      'punctuation:}',
    ]);
  });

  it('finds the token under a cursor, including just after a word', () => {
    const { text, offset } = cursor('strategy "x" { let a  = clo<|>se }');
    const tokens = tokensOf(analyze(text));
    expect(tokenAt(tokens, offset)?.image).toBe('close');
    expect(tokenAt(tokens, text.indexOf('a  =') + 1)?.image).toBe('a');
    expect(tokenAt(tokens, text.indexOf('{') + 1)?.image).toBe('{');
    expect(tokenAt(tokens, text.indexOf('a  =') + 2)).toBeUndefined();
  });
});
