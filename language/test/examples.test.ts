import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_CODES, analyze, CODES, format, formatDiagnostic } from '@algo/language';
import { BROKEN, EXAMPLES, examples, ROOT } from './helpers.js';

const broken = readdirSync(BROKEN)
  .filter((f) => f.endsWith('.algo'))
  .sort();

describe('examples', () => {
  it('has at least eight numbered, documented strategies, listed in examples/README.md', () => {
    const list = examples();
    const readme = readFileSync(join(EXAMPLES, 'README.md'), 'utf8');
    expect(list.length).toBeGreaterThanOrEqual(8);
    list.forEach(({ name, text }, i) => {
      expect(name).toMatch(new RegExp(`^${String(i + 1).padStart(2, '0')}-[a-z0-9-]+\\.algo$`));
      expect(text.startsWith('//') || text.startsWith('/*'), `${name} starts with a header comment`).toBe(true);
      expect(readme, name).toContain(name);
    });
  });

  it.each(examples().map((e) => [e.name, e.text]))('%s checks clean and is formatted', (_name, text) => {
    const a = analyze(text);
    expect(a.diagnostics).toEqual([]);
    expect(format(text).text).toBe(text);
  });
});

describe('broken examples', () => {
  it.each(broken)('%s gives exactly its golden diagnostics', (file) => {
    const path = `examples/broken/${file}`;
    const text = readFileSync(join(ROOT, path), 'utf8');
    const golden = readFileSync(join(ROOT, path.replace(/\.algo$/, '.diagnostics.txt')), 'utf8');
    const actual = analyze(text, path).diagnostics.map((d) => `${formatDiagnostic(path, d)}\n`).join('');
    expect(actual).toBe(golden);
  });

  it('cover every diagnostic code (except the internal-error code, which only a bug produces)', () => {
    const seen = new Set<string>();
    for (const file of broken) {
      for (const line of readFileSync(join(BROKEN, file.replace(/\.algo$/, '.diagnostics.txt')), 'utf8').split('\n')) {
        const m = / (ALG\d{3}):/.exec(line);
        if (m) seen.add(m[1]!);
      }
    }
    expect(ALL_CODES.filter((c) => c !== 'ALG999' && !seen.has(c))).toEqual([]);
  });

  it('document every code in docs/LANGUAGE.md with its severity', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'LANGUAGE.md'), 'utf8');
    for (const code of ALL_CODES) expect(doc, code).toContain(`| ${code} | ${CODES[code].severity} |`);
  });
});
