import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BACKTEST_COMMAND, PUSH_COMMAND, ServerOptionsSchema } from '@algo/lsp';
import { describe, expect, it } from 'vitest';
import { COMMAND_IDS } from '../src/commands/ids.js';
import { paramOverrides, readSettings, serverOptions, SETTING_KEYS } from '../src/settings.js';
import { statusView } from '../src/status.js';

const ext = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(ext, 'package.json'), 'utf8'));
const typesVersion = JSON.parse(readFileSync(join(ext, '..', 'node_modules', '@types', 'vscode', 'package.json'), 'utf8')).version as string;

describe('manifest', () => {
  it('contributes exactly the commands the extension registers, each with a title, including the lens commands', () => {
    const contributed = manifest.contributes.commands as Array<{ command: string; title: string; category: string }>;
    expect(contributed.map((c) => c.command).sort()).toEqual([...COMMAND_IDS].sort());
    for (const c of contributed) expect(c.title && c.category).toBeTruthy();
    expect(COMMAND_IDS).toContain(BACKTEST_COMMAND);
    expect(COMMAND_IDS).toContain(PUSH_COMMAND);
  });

  it('documents every setting the extension reads, with a default and a description', () => {
    const props = manifest.contributes.configuration.properties as Record<string, { default: unknown; markdownDescription: string }>;
    const declared = Object.keys(props).filter((k) => k !== 'algo.trace.server');
    expect(declared.sort()).toEqual(SETTING_KEYS.map((k) => `algo.${k}`).sort());
    for (const [key, p] of Object.entries(props)) {
      expect(p.markdownDescription.length, key).toBeGreaterThan(20);
      expect(p.default, key).not.toBeUndefined();
    }
    // the manifest defaults are the settings' own defaults
    const defaults = readSettings((key) => props[`algo.${key}`]!.default);
    expect(defaults).toEqual(readSettings(() => undefined));
  });

  it('targets a VS Code no newer than the @types/vscode it is compiled against, and bundles to dist/', () => {
    const engine = (manifest.engines.vscode as string).replace(/^\^/, '');
    const [a, b] = [engine, typesVersion].map((v) => v.split('.').map(Number));
    expect(a![0]).toBe(b![0]);
    expect(a![1]).toBeGreaterThanOrEqual(b![1]!);
    expect(manifest.main).toBe('./dist/extension.cjs');
    expect(manifest.contributes.grammars[0].path).toBe('./syntaxes/algo.tmLanguage.json');
  });
});

describe('settings', () => {
  it('falls back to defaults for missing or wrong values', () => {
    const s = readSettings((key) => ({ 'backtest.data': 'synth', 'backtest.seed': 7, 'backtest.from': '2024/01/01', 'diagnostics.delay': -5 })[key]);
    expect(s.backtest.data).toEqual(['synth']);
    expect(s.backtest.seed).toBe(7);
    expect(s.backtest.from).toBe('');
    expect(s.diagnostics.delay).toBe(200);
    expect(s.api.url).toBe('http://127.0.0.1:7070');
  });

  it('hands the language server options its own schema accepts', () => {
    const s = readSettings((key) => ({ 'diagnostics.delay': 350, 'inlayHints.paramValues': false, 'codeLens.enabled': false })[key]);
    expect(ServerOptionsSchema.parse(serverOptions(s))).toEqual({ diagnosticsDelayMs: 350, inlayHints: { warmup: true, paramValues: false }, codeLens: false });
  });

  it('reads param overrides as the compiler takes them, and names a bad one', () => {
    expect(paramOverrides({ lookback: 30, sl: '1.5%', on: 'true', n: '12' })).toEqual({ params: { lookback: 30, sl: 0.015, on: true, n: 12 } });
    expect(paramOverrides({ lookback: 'thirty' })).toEqual({ error: 'algo.backtest.params: "lookback": "thirty" is not a number, a percentage or true/false' });
  });
});

describe('status bar', () => {
  it('reads as a trader expects', () => {
    expect(statusView({ kind: 'problems', errors: 0, warnings: 0 }).text).toBe('$(check) Algo');
    const p = statusView({ kind: 'problems', errors: 2, warnings: 1 });
    expect(p.text).toBe('Algo $(error) 2 $(warning) 1');
    expect(p.tooltip).toBe('2 errors and 1 warning in this strategy — click to see them');
    expect(statusView({ kind: 'backtesting', percent: 41.6 }).text).toBe('$(sync~spin) Algo: backtesting 42%');
    expect(statusView({ kind: 'done', text: '12 trades, 3.20%' }).command).toBe('algo.backtest');
  });
});
