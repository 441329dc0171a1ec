import { describe, expect, it } from 'vitest';
import { analyze, FUNCTIONS } from '@algo/language';
import { examples } from './helpers.js';

const FUNCTION_NAMES = new Set(FUNCTIONS.map((f) => f.name));

/** Every occurrence of `pattern` in `text`, as [start, matched text]. */
function occurrences(text: string, pattern: RegExp): Array<[number, string]> {
  return [...text.matchAll(pattern)].map((m) => [m.index!, m[0]]);
}

/** Positions outside comments (comments may mention keywords). */
function inCode(text: string, at: number): boolean {
  const line = text.slice(text.lastIndexOf('\n', at) + 1, at);
  return !line.includes('//') && !text.slice(0, at).includes('/*') || text.slice(0, at).lastIndexOf('*/') > text.slice(0, at).lastIndexOf('/*');
}

describe('one typo, one diagnostic', () => {
  it('a misspelt function name in any example gives exactly one error, and the rest is still checked', () => {
    let cases = 0;
    for (const { name, text } of examples()) {
      for (const [at, word] of occurrences(text, /\b[a-z0-9]+(?=\()/g)) {
        if (!FUNCTION_NAMES.has(word) || !inCode(text, at)) continue;
        const typo = `${text.slice(0, at)}${word}x${text.slice(at + word.length)}`;
        const a = analyze(typo);
        const errors = a.diagnostics.filter((d) => d.severity === 'error');
        // ALG201 (unknown function), or ALG206 for `atr` written as a stop unit.
        expect(errors.map((d) => d.code), `${name} at ${at}: ${word}x`).toHaveLength(1);
        expect(a.model.entries.length, name).toBe(analyze(text).model.entries.length);
        cases++;
      }
    }
    expect(cases).toBeGreaterThan(50);
  });

  it('a misspelt item keyword in any example gives exactly one error', () => {
    let cases = 0;
    for (const { name, text } of examples()) {
      for (const [at, word] of occurrences(text, /^ {2}(let|param|exit|entry|default|timeframe|capital|session) /gm)) {
        const keyword = word.trim();
        const start = at + 2;
        const typo = `${text.slice(0, start)}${keyword.slice(0, -1)}${text.slice(start + keyword.length)}`;
        const errors = analyze(typo).diagnostics.filter((d) => d.severity === 'error');
        expect(errors.map((d) => `${d.code} ${d.message}`), `${name}: ${keyword} → ${keyword.slice(0, -1)}`).toEqual([
          `ALG101 unknown keyword \`${keyword.slice(0, -1)}\` — did you mean \`${keyword}\`?`,
        ]);
        cases++;
      }
    }
    expect(cases).toBeGreaterThan(30);
  });
});
