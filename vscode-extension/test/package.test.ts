import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestClient } from '@algo/lsp/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runLocalBacktest } from '../src/backtest/run-local.js';
import { runInWorker } from '../src/backtest/spawn.js';
import { EXAMPLES } from './support/worker.js';

const ext = join(dirname(fileURLToPath(import.meta.url)), '..');
const vsix = join(ext, 'algo.vsix');
let unpacked: string;

/** `npm run package -w vscode-extension` as CI runs it: type-check, bundle, vsce package. */
beforeAll(() => {
  const r = spawnSync('npm', ['run', 'package', '-w', 'vscode-extension'], { cwd: join(ext, '..'), encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (r.status !== 0) throw new Error(`npm run package failed:\n${r.stdout}\n${r.stderr}`);
  unpacked = mkdtempSync(join(tmpdir(), 'algo-vsix-'));
  execFileSync('unzip', ['-q', vsix, '-d', unpacked]);
}, 180_000);

afterAll(() => {
  if (unpacked) rmSync(unpacked, { recursive: true, force: true });
});

it('builds a .vsix holding the extension, the bundled server and worker, the grammar — and nothing else', () => {
  const listing = execFileSync('unzip', ['-l', vsix], { encoding: 'utf8' });
  const files = listing
    .split('\n')
    .map((l) => /\s(\S+)$/.exec(l.trim())?.[1])
    .filter((f): f is string => !!f && f.startsWith('extension/'))
    .sort();
  expect(files).toEqual([
    'extension/dist/backtest.mjs',
    'extension/dist/extension.cjs',
    'extension/dist/lightweight-charts.standalone.production.js',
    'extension/dist/server.cjs',
    'extension/language-configuration.json',
    'extension/package.json',
    'extension/readme.md',
    'extension/syntaxes/algo.tmLanguage.json',
  ]);
  expect(statSync(vsix).size).toBeLessThan(5_000_000);
});

it('runs the packaged language server over stdio', async () => {
  const client = await TestClient.start({ command: [process.execPath, join(unpacked, 'extension/dist/server.cjs'), '--stdio'], initializationOptions: { diagnosticsDelayMs: 0 } });
  try {
    expect(client.initializeResult.serverInfo?.name).toBe('algo-lsp');
    const uri = await client.open('strategy "s" {\n  asset stocks\n  let x = rsii(close, 14)\n}\n');
    const d = await client.diagnostics(uri);
    expect(d.diagnostics.map((x) => x.message)).toContain('unknown function `rsii` — did you mean `rsi`?');
    const list = await client.request<{ items: Array<{ label: string }> }>('textDocument/completion', { textDocument: { uri }, position: { line: 2, character: 10 } });
    expect(list.items.map((i) => i.label)).toContain('close');
    expect(client.errors).toEqual([]);
    expect(client.warnings).toEqual([]);
  } finally {
    expect(await client.stop()).toBe(0);
  }
});

it('runs the packaged backtest worker, with the same result as the sources give', async () => {
  for (const example of ['04-macd-bollinger.algo', '01-banknifty-options-breakout.algo']) {
    const source = readFileSync(join(EXAMPLES, example), 'utf8');
    const request = { source, uri: example, data: ['synth'], from: '2024-01-01', to: '2024-01-31', params: {}, seed: 1 };
    const report = { nonce: 'cGFja2FnZWQtcmVwb3J0', cspSource: 'vscode-webview:', chartLibrary: 'vscode-webview://x/dist/lightweight-charts.standalone.production.js' };
    const packaged = await runInWorker({ modulePath: join(unpacked, 'extension/dist/backtest.mjs') }, { ...request, report }, () => {});
    const sources = await runLocalBacktest(request);
    if (!packaged.ok || !sources.ok) throw new Error(`${example}: ${packaged.ok ? '' : packaged.message} ${sources.ok ? '' : sources.message}`);
    expect(packaged.result.summary.trades).toBeGreaterThan(0);
    expect(packaged.result.run_parameters.fingerprint).toBe(sources.result.run_parameters.fingerprint);
    expect(packaged.result.summary).toEqual(sources.result.summary);
    expect(packaged.html).toContain(`<script nonce="${report.nonce}" src="${report.chartLibrary}"></script>`);
    expect(packaged.html?.match(/<tr class="trade/g)?.length).toBe(packaged.result.trades.length);
  }
});
