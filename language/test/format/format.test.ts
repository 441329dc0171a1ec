import { describe, expect, it } from 'vitest';
import { format, parse } from '@algo/language';
import { examples, shape } from '../helpers.js';

describe('format', () => {
  it('leaves every example as it is (they are written in canonical form)', () => {
    for (const { name, text } of examples()) expect(format(text).text, name).toBe(text);
  });

  it('lays out a messy file canonically, keeping its meaning and every comment', () => {
    const messy = `// header
strategy   "Messy"{ asset stocks symbols "NSE_EQ|TCS","NSE_EQ|INFY"   // two stocks
timeframe 5m session 9:20-15:10
param n=20 in 10 .. 60 step 5


let up=close>highest(high,n)[1]and rsi(close,14)>50 /* inline */
entry long when up{qty 10 stop_loss 2%   take_profit 2 R}
exit after 10 bars }
// footer`;
    const r = format(messy);
    expect(r.diagnostics).toEqual([]);
    expect(r.text).toBe(`// header
strategy "Messy" {
  asset stocks
  symbols "NSE_EQ|TCS", "NSE_EQ|INFY"  // two stocks
  timeframe 5m
  session 09:20 - 15:10
  param n = 20 in 10..60 step 5

  let up = close > highest(high, n)[1] and rsi(close, 14) > 50  /* inline */
  entry long when up {
    qty 10
    stop_loss 2%
    take_profit 2R
  }
  exit after 10 bars
}
// footer
`);
    expect(shape(parse(r.text).ast)).toEqual(shape(parse(messy).ast));
  });

  it('is idempotent', () => {
    const once = format('strategy "x" { asset stocks /* a */ symbols "NSE_EQ|A" // b\n entry long when close > open and (volume > 0 or oi > 0) { stop_loss 1% } }').text;
    expect(format(once).text).toBe(once);
  });

  it('moves a comment from inside an item to the line before it', () => {
    const r = format('strategy "x" {\n  let a = close + // why\n    open\n}\n');
    expect(r.text).toBe('strategy "x" {\n  // why\n  let a = close + open\n}\n');
  });

  it('breaks a long condition before each `and`', () => {
    const cond = Array.from({ length: 6 }, (_, i) => `rsi(close, ${10 + i}) > ${40 + i}`).join(' and ');
    const r = format(`strategy "x" {\n  entry long when ${cond} {\n    stop_loss 2%\n  }\n}\n`);
    expect(r.text.split('\n').slice(1, 7)).toEqual([
      '  entry long when rsi(close, 10) > 40',
      '      and rsi(close, 11) > 41',
      '      and rsi(close, 12) > 42',
      '      and rsi(close, 13) > 43',
      '      and rsi(close, 14) > 44',
      '      and rsi(close, 15) > 45 {',
    ]);
  });

  it('refuses to touch a file with syntax errors and says why', () => {
    const broken = 'strategy "x" {\n  stop_los 2%\n}\n';
    const r = format(broken);
    expect(r.changed).toBe(false);
    expect(r.text).toBe(broken);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['ALG101']);
  });

  it('formats a file that only has semantic errors', () => {
    const r = format('strategy "x" {  entry long when foo  }');
    expect(r.diagnostics).toEqual([]);
    expect(r.text).toBe('strategy "x" {\n  entry long when foo\n}\n');
  });
});
