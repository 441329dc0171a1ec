import type { CompletionItem, CompletionList } from 'vscode-languageserver';
import { describe, expect, it } from 'vitest';
import { CAPABILITIES } from '@algo/lsp/testing';
import { applyEdits, openMarked, useServer } from './support/harness.js';

const server = useServer();
const { completion: _, ...withoutCompletion } = CAPABILITIES.textDocument!;
const plainServer = useServer({ capabilities: { ...CAPABILITIES, textDocument: { ...withoutCompletion, completion: { completionItem: { snippetSupport: true } } } } });

/** Labels offered at the `<|>` of `marked`. */
async function complete(marked: string, on = server): Promise<{ labels: string[]; items: CompletionItem[]; list: CompletionList | null; text: string; apply: (label: string) => string }> {
  const doc = await openMarked(on(), marked);
  const list = await on().request<CompletionList | null>('textDocument/completion', { ...doc.doc, position: doc.at() });
  const items = list?.items ?? [];
  return {
    labels: items.map((i) => i.label),
    items,
    list,
    text: doc.text,
    apply: (label) => {
      const item = items.find((i) => i.label === label);
      if (!item) throw new Error(`no item ${label}`);
      if (item.textEdit && 'range' in item.textEdit) return applyEdits(doc.text, [item.textEdit]);
      const range = list?.itemDefaults?.editRange;
      if (!range || !('start' in range)) throw new Error(`item ${label} has no edit and the list no default range`);
      return applyEdits(doc.text, [{ range, newText: item.textEditText ?? item.label }]);
    },
  };
}

describe('completion knows where the cursor is', () => {
  it('offers the items of a strategy block at the start of a line, without settings already written', async () => {
    const { labels } = await complete('strategy "s" {\n  asset stocks\n  <|>\n}\n');
    expect(labels).toEqual(expect.arrayContaining(['param', 'let', 'entry', 'exit', 'default', 'symbols', 'timeframe', 'session', 'capital']));
    expect(labels).not.toContain('asset');
    expect(labels).not.toContain('stop_loss');
    expect(labels).not.toContain('close');
  });

  it('offers order items inside an entry block', async () => {
    const { labels } = await complete('strategy "s" {\n  entry long when close > open {\n    <|>\n  }\n}\n');
    expect(labels).toEqual(expect.arrayContaining(['qty', 'size', 'risk', 'stop_loss', 'take_profit', 'trailing_stop', 'buy', 'sell']));
    expect(labels).not.toContain('param');
  });

  it('offers `strategy` (and its snippet) in an empty file', async () => {
    const { labels, items } = await complete('<|>');
    expect(labels).toContain('strategy');
    const snippet = items.find((i) => i.filterText === 'strategy' && i.kind === 15);
    expect(snippet?.insertTextFormat).toBe(2);
  });

  it('completes the side after `entry` and the clause after it', async () => {
    expect((await complete('strategy "s" {\n  entry <|>\n}\n')).labels.sort()).toEqual(['long', 'short']);
    const after = await complete('strategy "s" {\n  entry long <|>\n}\n');
    expect(after.labels).toEqual(expect.arrayContaining(['when', 'at']));
  });

  it('offers asset kinds after `asset`, and replaces the word being typed', async () => {
    const r = await complete('strategy "s" {\n  asset sto<|>\n}\n');
    expect(r.labels).toEqual(expect.arrayContaining(['stocks', 'options', 'futures']));
    expect(r.apply('stocks')).toBe('strategy "s" {\n  asset stocks\n}\n');
  });

  it('offers timeframes after `timeframe`, and only higher multiples after `on`', async () => {
    expect((await complete('strategy "s" {\n  timeframe <|>\n}\n')).labels).toEqual(expect.arrayContaining(['1m', '5m', '15m', '1h', '1d']));
    const on = await complete('strategy "s" {\n  timeframe 15m\n  let x = close on <|>\n}\n');
    expect(on.labels).toEqual(expect.arrayContaining(['30m', '1h', '1d']));
    expect(on.labels).not.toContain('5m');
    expect(on.labels).not.toContain('15m');
  });

  it('offers units after a stop distance and strike words after `buy call`', async () => {
    expect((await complete('strategy "s" {\n  entry long when close > open {\n    stop_loss 2 <|>\n  }\n}\n')).labels).toEqual(expect.arrayContaining(['points', 'atr']));
    expect((await complete('strategy "s" {\n  entry long when close > open {\n    buy call <|>\n  }\n}\n')).labels).toEqual(expect.arrayContaining(['atm', 'otm', 'itm']));
    expect((await complete('strategy "s" {\n  entry long when close > open {\n    buy call atm expiry <|>\n  }\n}\n')).labels.sort()).toEqual(['monthly', 'weekly']);
  });

  it('offers fields, built-ins, params and lets in an expression — but not the let being defined', async () => {
    const r = await complete('strategy "s" {\n  param len = 14\n  let fast = ema(close, len)\n  let slow = <|>\n  entry long when fast > slow { stop_loss 1% }\n}\n');
    expect(r.labels).toEqual(expect.arrayContaining(['close', 'high', 'volume', 'position', 'rsi', 'macd', 'ema', 'len', 'fast']));
    expect(r.labels).not.toContain('slow');
    expect(r.labels).not.toContain('entry');
    const rsi = r.items.find((i) => i.label === 'rsi')!;
    expect(rsi.detail).toMatch(/^rsi\(source = close, length = 14\)/);
    expect(rsi.documentation).toBeUndefined();
    const resolved = await server().request<CompletionItem>('completionItem/resolve', rsi);
    expect(JSON.stringify(resolved.documentation)).toContain('Wilder');
    const len = r.items.find((i) => i.label === 'len')!;
    expect(len.detail).toBe('param = 14');
  });

  it('offers operators and keywords after a complete operand', async () => {
    const { labels } = await complete('strategy "s" {\n  entry long when close <|>\n}\n');
    expect(labels).toEqual(expect.arrayContaining(['and', 'or', 'crosses', 'between', 'on']));
  });

  it('offers the outputs after a dot: macd(…).signal, a let holding a MACD, position', async () => {
    const r = await complete('strategy "s" {\n  entry long when macd(close).<|> { stop_loss 1% }\n}\n');
    expect(r.labels.sort()).toEqual(['hist', 'line', 'signal']);
    const viaLet = await complete('strategy "s" {\n  let m = bollinger(close, 20, 2)\n  entry long when close > m.<|>\n}\n');
    expect(viaLet.labels.sort()).toEqual(['lower', 'middle', 'upper']);
    const pos = await complete('strategy "s" {\n  exit when position.<|>\n}\n');
    expect(pos.labels).toEqual(expect.arrayContaining(['qty', 'entry_price', 'bars', 'pnl', 'pnl_pct']));
  });

  it('keeps working in a broken file', async () => {
    const broken = 'strategy "s" {\n  asset stoks\n  let x = rsi(close, \n  param = \n  entry long when close > <|>\n  exit when ((\n';
    const r = await complete(broken);
    expect(r.labels).toEqual(expect.arrayContaining(['close', 'sma', 'x']));
    const member = await complete('strateg "s" {\n  entry long when macd(close).<|>\n');
    expect(member.labels).toEqual(expect.arrayContaining(['signal']));
  });

  it('offers nothing inside a comment or a string', async () => {
    expect((await complete('strategy "s" {\n  // let x = <|>\n}\n')).labels).toEqual([]);
    expect((await complete('strategy "s<|>" {\n}\n')).labels).toEqual([]);
  });

  it('inserts a call with the cursor between the parentheses', async () => {
    const r = await complete('strategy "s" {\n  let x = ss<|>\n}\n');
    const sma = r.items.find((i) => i.label === 'sma')!;
    expect(sma.insertTextFormat).toBe(2);
    expect(r.apply('sma')).toBe('strategy "s" {\n  let x = sma($0)\n}\n');
  });

  it('is not misled by braces and keywords inside strings and comments, or by several items on one line', async () => {
    const tricky = 'strategy "a { b" {\n  /* } entry { */ asset stocks symbols "NSE_EQ|{TCS}"\n  // }\n  entry long when close > open { qty 1 stop_loss 2 <|>\n}\n';
    expect((await complete(tricky)).labels).toEqual(expect.arrayContaining(['points', 'atr']));
    const sameLine = await complete('strategy "s" { asset stocks timeframe <|>\n}\n');
    expect(sameLine.labels).toContain('15m');
  });

  it('offers nothing inside an unterminated string being typed', async () => {
    expect((await complete('strategy "s" {\n  symbols "NSE_EQ|<|>\n}\n')).labels).toEqual([]);
  });

  it('answers the same deep in a long file as in a short one', async () => {
    const lets = Array.from({ length: 1500 }, (_, i) => `  let l${i} = ema(close, ${5 + (i % 20)})`).join('\n');
    const r = await complete(`strategy "s" {\n  asset stocks\n${lets}\n  entry long when l1499 > <|>\n}\n`);
    expect(r.labels).toEqual(expect.arrayContaining(['close', 'l0', 'l1498', 'rsi']));
    expect(r.labels).not.toContain('entry');
  });

  it('gives every item its own edit when the client cannot take a default range', async () => {
    const r = await complete('strategy "s" {\n  let x = ss<|>\n}\n', plainServer);
    expect(r.list?.itemDefaults).toBeUndefined();
    expect(r.items.every((i) => i.textEdit !== undefined)).toBe(true);
    expect(r.apply('sma')).toBe('strategy "s" {\n  let x = sma($0)\n}\n');
    const viaDefaults = await complete('strategy "s" {\n  let x = ss<|>\n}\n');
    expect(viaDefaults.items.find((i) => i.label === 'close')?.textEdit).toBeUndefined();
  });

  it('answers at once right after an edit, from the previous analysis, and says the list is incomplete until the new one is ready', async () => {
    const client = server();
    const text = 'strategy "s" {\n  let a = close\n  entry long when a > \n}\n';
    const uri = await client.open(text);
    const position = { line: 2, character: 22 };
    const first = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position });
    expect(first.isIncomplete).toBe(false);
    // declare a new let above the cursor, and ask again straight away
    await client.change(uri, [{ range: { start: { line: 1, character: 15 }, end: { line: 1, character: 15 } }, text: '\n  let fresh = open' }]);
    const at = { line: 3, character: 22 };
    const soon = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: at });
    expect(soon.isIncomplete).toBe(true);
    expect(soon.items.map((i) => i.label)).not.toContain('fresh');
    expect(soon.items.map((i) => i.label)).toContain('a');
    let later = soon;
    const deadline = Date.now() + 10_000;
    while (later.isIncomplete && Date.now() < deadline) later = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: at });
    expect(later.isIncomplete).toBe(false);
    expect(later.items.map((i) => i.label)).toContain('fresh');
  });
});
