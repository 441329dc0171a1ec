import { describe, expect, it } from 'vitest';
import { analyze, completionContext } from '@algo/language';
import { cursor } from '../helpers.js';

function at(marked: string) {
  const { text, offset } = cursor(marked);
  return completionContext(text, offset);
}

describe('completion context', () => {
  it('offers `strategy` at the top of a file', () => {
    expect(at('<|>')).toMatchObject({ where: 'top', keywords: ['strategy'], names: false });
  });

  it('offers every item keyword at the start of an item', () => {
    const c = at('strategy "x" {\n  asset stocks\n  <|>\n}');
    expect(c.where).toBe('strategy');
    expect(c.keywords).toEqual(expect.arrayContaining(['asset', 'timeframe', 'param', 'let', 'entry', 'exit', 'default', '}']));
    expect(c.names).toBe(false);
  });

  it('offers the words a setting takes', () => {
    expect(at('strategy "x" {\n  asset <|>').words.map((w) => w.word)).toEqual(['stocks', 'options', 'futures']);
    expect(at('strategy "x" {\n  asset st<|>')).toMatchObject({ prefix: 'st', names: false });
  });

  it('offers names and operator keywords inside a condition, even when the file is broken further on', () => {
    const c = at('strategy "x" {\n  entry long when rsi(close, 14) < 30 and cl<|> {\n  }\n  exit when )) garbage\n}');
    expect(c).toMatchObject({ where: 'strategy', names: true, prefix: 'cl' });
    expect(c.keywords).toEqual(expect.arrayContaining(['not', 'true', 'false']));
  });

  it('offers continuations after a complete operand', () => {
    const c = at('strategy "x" {\n  entry long when close <|>');
    expect(c.keywords).toEqual(expect.arrayContaining(['crosses', 'between', 'and', 'or', 'on']));
  });

  it('offers order items and units inside an entry block', () => {
    const c = at('strategy "x" {\n  entry long when close > 1 {\n    stop_loss 2 <|>\n  }\n}');
    expect(c.where).toBe('entry-block');
    expect(c.words.map((w) => w.word)).toEqual(['points', 'atr', 'R']);
    expect(c.keywords).toEqual(expect.arrayContaining(['qty', 'take_profit', '}']));
    expect(at('strategy "x" {\n  entry long when x {\n    buy call <|>').words.map((w) => w.word)).toEqual(['atm', 'otm', 'itm']);
  });

  it('offers only order items after `default`', () => {
    expect(at('strategy "x" {\n  default <|>').keywords.sort()).toEqual(['qty', 'risk', 'size', 'stop_loss', 'take_profit', 'trailing_stop']);
  });

  it('knows it is after a dot, and on what', () => {
    const c = at('strategy "x" {\n  entry long when macd(close).<|>');
    expect(c.where).toBe('member');
    expect(c.memberOf).toMatchObject({ kind: 'Call', callee: { name: 'macd' } });
  });

  it('gives the object before a dot as a node of the analysed tree, so its outputs are known', () => {
    const { text, offset } = cursor('strategy "x" {\n  let m = macd(close)\n  entry long when m.<|> > 0 {\n    stop_loss 2%\n  }\n}');
    const analysis = analyze(text);
    const c = completionContext(analysis, offset);
    expect(c.memberOf).toMatchObject({ kind: 'Name', name: 'm' });
    expect(analysis.model.typeOf(c.memberOf!)?.outputs).toEqual(['line', 'signal', 'hist']);
  });

  it('offers nothing inside comments and strings', () => {
    expect(at('strategy "x" { // a <|> comment\n}').where).toBe('comment');
    expect(at('strategy "x<|>" {}').where).toBe('string');
  });
});
