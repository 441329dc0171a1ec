import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { TestClient } from '@algo/lsp/testing';
import { expect, it } from 'vitest';
import { repoRoot } from './run-algo.js';

// `algo lsp --stdio` as Neovim or Helix starts it: a real process speaking LSP on stdio.

const mainUrl = pathToFileURL(resolve(repoRoot, 'cli/src/main.ts')).href;
const ENTRY = `import(${JSON.stringify(mainUrl)}).then(async (m) => { process.exitCode = await m.main(['node', 'algo', ...process.argv.slice(1)]); })`;

it('serves the language over stdio and exits cleanly on shutdown', async () => {
  const client = await TestClient.start({ command: [process.execPath, '--conditions=@algo/source', '--import', 'tsx', '-e', ENTRY, 'lsp', '--stdio'], initializationOptions: { diagnosticsDelayMs: 0 } });
  expect(client.initializeResult.serverInfo).toEqual({ name: 'algo-lsp', version: '0.1.0' });
  const uri = await client.open('strategy "s" {\n  asset stocks\n  symbols "NSE_EQ|TCS"\n  entry long when close > sma(close, 20)\n}\n');
  const published = await client.diagnostics(uri);
  expect(published.diagnostics.map((d) => d.code)).toEqual(['ALG400']);
  const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 28 } });
  expect(hover.contents.value).toContain('sma(source = close, length)');
  expect(client.errors).toEqual([]);
  expect(client.warnings).toEqual([]);
  expect(await client.stop()).toBe(0);
});
