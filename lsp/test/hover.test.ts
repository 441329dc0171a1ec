import { describe, expect, it } from 'vitest';
import { hoverText, openMarked, useServer } from './support/harness.js';

const server = useServer();

async function hoverAt(marked: string): Promise<{ text: string; range: unknown; expected: unknown }> {
  const doc = await openMarked(server(), marked);
  const h = await server().request<{ range?: unknown } | null>('textDocument/hover', { ...doc.doc, position: doc.at() });
  return { text: hoverText(h), range: h?.range, expected: (() => { try { return doc.range(); } catch { return undefined; } })() };
}

const BODY = `strategy "s" {
  asset stocks
  symbols "NSE_EQ|TCS"
  timeframe 5m
  param len = 20 in 10..60 step 5
  param sl = 2% in 1%..4% step 0.5%
  let up = ema(close, len)
  let m = macd(close)
  entry long when close crosses above up and m.signal > 0 {
    stop_loss sl
  }
}
`;

describe('hover', () => {
  it('shows a built-in’s signature, docs and math, and the warm-up of the call under the cursor', async () => {
    const h = await hoverAt(BODY.replace('let up = ema(', 'let up = <|e<|>ma|>('));
    expect(h.text).toContain('ema(source = close, length)');
    expect(h.text).toContain('TA-Lib EMA');
    expect(h.text).toContain('`ema(close, len)` has a value from bar 20 on (warm-up 19 bars of 5m)');
    expect(h.range).toEqual(h.expected);
  });

  it('shows a param’s value and its sweep range, at a use and at the declaration', async () => {
    const use = await hoverAt(BODY.replace('ema(close, len)', 'ema(close, <|l<|>en|>)'));
    expect(use.text).toContain('param len = 20 in 10..60 step 5');
    expect(use.text).toContain('**Value:** `20`');
    expect(use.text).toContain('**Sweep:** `10` to `60` step `5` — 11 values');
    expect(use.range).toEqual(use.expected);
    const pct = await hoverAt(BODY.replace('param sl', 'param s<|>l'));
    expect(pct.text).toContain('**Value:** `2%`');
    expect(pct.text).toContain('**Sweep:** `1%` to `4%` step `0.5%` — 7 values');
  });

  it('shows a let’s type and warm-up, and a series’ output read', async () => {
    const up = await hoverAt(BODY.replace('crosses above up', 'crosses above u<|>p'));
    expect(up.text).toContain('let up = ema(close, len)');
    expect(up.text).toContain('**Type:** a number series');
    expect(up.text).toContain('**Warm-up:** 19 bars of 5m');
    const m = await hoverAt(BODY.replace('let m = macd', 'let <|>m = macd'));
    expect(m.text).toContain('with outputs `.line` `.signal` `.hist`');
    expect(m.text).toContain('**Warm-up:** 33 bars');
    const signal = await hoverAt(BODY.replace('m.signal', 'm.<|sig<|>nal|>'));
    expect(signal.text).toContain('m.signal: a number series');
    expect(signal.text).toContain('**Warm-up:** 33 bars');
  });

  it('documents fields, settings, order items, keywords and fixed words', async () => {
    expect((await hoverAt(BODY.replace('above up', 'above up').replace('when close', 'when clo<|>se'))).text).toContain('The last traded price of the bar');
    expect((await hoverAt(BODY.replace('timeframe 5m', 'timefr<|>ame 5m'))).text).toContain('*Default:* 1m');
    expect((await hoverAt(BODY.replace('stop_loss sl', 'stop_l<|>oss sl'))).text).toContain('Mandatory for every entry');
    expect((await hoverAt(BODY.replace('crosses above', 'cros<|>ses above'))).text).toContain('was at or below b on the previous bar');
    expect((await hoverAt(BODY.replace('asset stocks', 'asset st<|>ocks'))).text).toContain('*asset* `stocks`');
  });

  it('says nothing on punctuation, in comments, or past the end', async () => {
    expect((await hoverAt('strategy "s" <|>{\n}\n')).text).toBe('');
    expect((await hoverAt('// rs<|>i here\nstrategy "s" {}\n')).text).toBe('');
    expect((await hoverAt('strategy "s" {}\n\n<|>')).text).toBe('');
  });

  it('keeps working in a broken file', async () => {
    const h = await hoverAt('strategy "s" {\n  let x = rsi(close, 14) >\n  entry long when x and <|>atr(14) > 3 {\n');
    expect(h.text).toContain('atr(length = 14)');
  });
});
