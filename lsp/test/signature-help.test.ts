import type { SignatureHelp } from 'vscode-languageserver';
import { expect, it } from 'vitest';
import { openMarked, useServer } from './support/harness.js';

const server = useServer();

async function help(marked: string): Promise<SignatureHelp | null> {
  const doc = await openMarked(server(), marked);
  return server().request<SignatureHelp | null>('textDocument/signatureHelp', { ...doc.doc, position: doc.at() });
}

function activeLabel(h: SignatureHelp | null): string | undefined {
  const sig = h?.signatures[h.activeSignature ?? 0];
  const p = sig?.parameters?.[h?.activeParameter ?? 0];
  if (!sig || !p) return undefined;
  return Array.isArray(p.label) ? sig.label.slice(p.label[0], p.label[1]) : (p.label as string);
}

it('shows the signature and marks the argument being typed', async () => {
  const first = await help('strategy "s" {\n  let x = macd(<|>\n}\n');
  expect(first?.signatures[0]?.label).toBe('macd(source = close, fast = 12, slow = 26, signal = 9) → .line .signal .hist');
  expect(activeLabel(first)).toBe('source = close');
  expect(activeLabel(await help('strategy "s" {\n  let x = macd(close, 12, <|>)\n}\n'))).toBe('slow = 26');
});

it('follows nesting: the innermost open call wins, and a closed inner call hands back to the outer one', async () => {
  const inner = await help('strategy "s" {\n  let x = sma(rsi(close, <|>), 5)\n}\n');
  expect(inner?.signatures[0]?.label).toMatch(/^rsi\(/);
  expect(activeLabel(inner)).toBe('length = 14');
  const outer = await help('strategy "s" {\n  let x = sma(rsi(close, 14)[1], <|>\n}\n');
  expect(outer?.signatures[0]?.label).toMatch(/^sma\(/);
  expect(activeLabel(outer)).toBe('length');
});

it('offers nothing outside a call or for an unknown function', async () => {
  expect(await help('strategy "s" {\n  let x = (close + <|>open)\n}\n')).toBeNull();
  expect(await help('strategy "s" {\n  let x = nosuch(<|>\n}\n')).toBeNull();
  expect(await help('strategy "s" {\n  let x = sma(close,\n  let y = <|>\n}\n')).toBeNull();
});
