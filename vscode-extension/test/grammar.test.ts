import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_UNIT_WORDS, ASSET_WORDS, BASIS_WORDS, COMMISSION_PRESETS, EXPIRY_WORDS, FIELDS, FILL_WORDS, FUNCTIONS, KEYWORDS, STRIKE_WORDS } from '@algo/language';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const ext = join(here, '..');
const grammar = JSON.parse(readFileSync(join(ext, 'syntaxes/algo.tmLanguage.json'), 'utf8')) as { repository: Record<string, { match?: string; patterns?: Array<{ match?: string; name?: string }> }> };

/** The words of a `\\b(?:a|b|c)\\b` alternation in the grammar. */
function words(pattern: string | undefined): string[] {
  const m = /\(\?:([^)]*)\)|\(([a-z_0-9|]+)\)/i.exec(pattern ?? '');
  return (m?.[1] ?? m?.[2] ?? '').split('|').filter(Boolean);
}

function run(bin: string, args: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [join(ext, '..', 'node_modules', 'vscode-tmgrammar-test', 'dist', bin), ...args], { cwd: ext, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('TextMate grammar', () => {
  it('gives every construct its scope (vscode-tmgrammar-test assertions)', () => {
    const r = run('unit.js', ['-c', 'test/grammar/*.test.algo']);
    expect(r.out).toContain('run successfuly');
    expect(r.status, r.out).toBe(0);
  });

  it('matches the reviewed scope snapshots of real and broken strategies (vscode-tmgrammar-snap)', () => {
    const r = run('snapshot.js', ['test/grammar/snap/*.algo']);
    expect(r.status, r.out).toBe(0);
  });

  it('knows exactly the language’s keywords, built-ins, fields and fixed words', () => {
    const repo = grammar.repository;
    const keywordPatterns = repo.keywords!.patterns!.flatMap((p) => words(p.match));
    const inGrammar = new Set([...keywordPatterns, 'strategy', 'true', 'false']);
    expect([...KEYWORDS].filter((k) => !inGrammar.has(k))).toEqual([]);
    const builtins = words(repo.calls!.patterns![0]!.match);
    expect(builtins.sort()).toEqual(FUNCTIONS.map((f) => f.name).sort());
    expect(words(repo.fields!.match).sort()).toEqual(FIELDS.filter((f) => f.group === 'bar').map((f) => f.name).sort());
    const fixed = new Set([...ALL_UNIT_WORDS, ...[ASSET_WORDS, FILL_WORDS, COMMISSION_PRESETS, BASIS_WORDS, STRIKE_WORDS, EXPIRY_WORDS].flat().map((w) => w.word)]);
    expect(words(repo.words!.match).sort()).toEqual([...fixed].sort());
  });
});
