import { CancellationTokenSource, ResponseError } from 'vscode-languageserver/node';
import { expect, it } from 'vitest';
import { useServer } from './support/harness.js';

const server = useServer();

/** A valid strategy of about `lines` lines (params, lets and rules), slow enough to analyse to keep the server busy. */
function bigStrategy(lines: number): string {
  const out = ['strategy "big" {', '  asset stocks', '  symbols "NSE_EQ|TCS"', '  default stop_loss 2%'];
  for (let i = 0; out.length < lines; i++) out.push(`  let l${i} = ema(close, ${5 + (i % 40)}) - sma(close, ${10 + (i % 30)}) * 0.5`, `  entry long "e${i}" when l${i} crosses above 0 and rsi(close, 14) < 70 { qty 1 }`);
  out.push('}');
  return out.join('\n');
}

it('answers a request cancelled while it waited in the queue with RequestCancelled, without running it', async () => {
  const uri = await server().open(bigStrategy(8_000));
  const busy = server().request('textDocument/semanticTokens/full', { textDocument: { uri } });
  const source = new CancellationTokenSource();
  const cancelled = server().connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 10 } }, source.token);
  source.cancel();
  const error = await cancelled.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ResponseError);
  expect((error as ResponseError<void>).code).toBe(-32800);
  // the server carries on: the slow request completes and a new one is answered
  expect(((await busy) as { data: number[] }).data.length).toBeGreaterThan(1000);
  const hover = await server().request('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 12 } });
  expect(hover).not.toBeNull();
});

it('answers requests about documents that are not open with an empty result', async () => {
  const textDocument = { uri: 'file:///never/opened.algo' };
  const position = { line: 0, character: 0 };
  expect(await server().request('textDocument/hover', { textDocument, position })).toBeNull();
  expect(await server().request('textDocument/documentSymbol', { textDocument })).toEqual([]);
  expect(await server().request('textDocument/completion', { textDocument, position })).toBeNull();
});
