import type { InlayHint } from 'vscode-languageserver';
import { expect, it } from 'vitest';
import { openMarked, useServer } from './support/harness.js';

const server = useServer();

const label = (h: InlayHint) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));

it('shows warm-up bars after lets, entry conditions and the strategy name, and param values where params are read', async () => {
  const doc = await openMarked(
    server(),
    'strategy "s"<|> {\n  asset stocks\n  symbols "NSE_EQ|TCS"\n  param len = 20 in 10..50\n  let slow = sma(close, len<|>)<|>\n  entry long when close > slow<|> { stop_loss 1% }\n}\n',
  );
  const hints = await server().request<InlayHint[]>('textDocument/inlayHint', { ...doc.doc, range: { start: { line: 0, character: 0 }, end: { line: 7, character: 0 } } });
  expect(hints.map((h) => [h.position, label(h)])).toEqual([
    [doc.at(0), 'warm-up 19 bars'],
    [doc.at(1), ': 20'],
    [doc.at(2), '⏱ 19 bars'],
    [doc.at(3), '⏱ 19 bars'],
  ]);
  expect(String(hints[0]!.tooltip)).toContain('up to 49 bars across the param ranges');
});

it('returns only the hints inside the requested range', async () => {
  const doc = await openMarked(server(), 'strategy "s" {\n  param len = 20\n  let a = sma(close, len)\n  let b = ema(close, len)\n}\n');
  const hints = await server().request<InlayHint[]>('textDocument/inlayHint', { ...doc.doc, range: { start: { line: 3, character: 0 }, end: { line: 3, character: 40 } } });
  expect(hints.every((h) => h.position.line === 3)).toBe(true);
  expect(hints.map(label)).toEqual([': 20', '⏱ 19 bars']);
});
