import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, KEYWORDS, parse } from '@algo/language';
import { renderDocs } from '../scripts/render-docs.js';
import { ROOT } from './helpers.js';

const DOC = readFileSync(join(ROOT, 'docs', 'LANGUAGE.md'), 'utf8');
const BLOCKS = [...DOC.matchAll(/```algo\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe('docs/LANGUAGE.md', () => {
  it('has its generated sections up to date with the catalogue and the codes', () => {
    // Regenerate with: node --import tsx language/scripts/render-docs.ts
    expect(renderDocs(DOC)).toBe(DOC);
  });

  it('lists every reserved keyword', () => {
    const paragraph = DOC.slice(DOC.indexOf('**Keywords** are reserved'), DOC.indexOf('(After a dot'));
    const listed = paragraph.slice(paragraph.indexOf(': `') + 3, paragraph.lastIndexOf('`')).split(/\s+/);
    expect([...listed].sort()).toEqual([...KEYWORDS].sort());
  });

  it('shows whole strategies that check clean', () => {
    const whole = BLOCKS.filter((b) => /^(\/\/.*\n)*strategy /.test(b));
    expect(whole.length).toBeGreaterThanOrEqual(2);
    for (const b of whole) expect(analyze(b).diagnostics.filter((d) => d.severity === 'error'), b).toEqual([]);
  });

  it('shows fragments that parse inside a strategy', () => {
    for (const b of BLOCKS.filter((x) => !/^(\/\/.*\n)*strategy /.test(x))) {
      const inEntry = /^(qty|size|risk|stop_loss|take_profit|trailing_stop|buy|sell) /.test(b.trim());
      const text = inEntry ? `strategy "x" {\n entry long when close > 0 {\n${b}\n }\n}` : `strategy "x" {\n${b}\n}`;
      expect(parse(text).diagnostics, b).toEqual([]);
    }
  });
});
