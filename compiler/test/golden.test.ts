import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile, parseGraph, serializeGraph } from '../src/index.js';

// Every example compiles to its reviewed golden graph, byte for byte. After a deliberate
// change, regenerate with `UPDATE_GOLDEN=1 npx vitest run compiler/test/golden.test.ts` and
// review the diff of compiler/test/golden/ by eye before committing it.

const examples = fileURLToPath(new URL('../../examples/', import.meta.url));
const golden = fileURLToPath(new URL('./golden/', import.meta.url));
const files = readdirSync(examples).filter((f) => f.endsWith('.algo')).sort();
const update = process.env['UPDATE_GOLDEN'] === '1';

describe('golden graphs of the examples', () => {
  it('has examples, and a golden for each and no other', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
    if (update) return;
    const goldens = readdirSync(golden).filter((f) => f.endsWith('.graph.json')).sort();
    expect(goldens).toEqual(files.map((f) => `${basename(f, '.algo')}.graph.json`));
  });

  for (const file of files) {
    it(`${file} compiles to its golden graph, valid against the schema`, () => {
      const source = readFileSync(join(examples, file), 'utf8');
      const r = compile(source, { uri: `examples/${file}` });
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const text = serializeGraph(r.graph!, { pretty: true });
      expect(parseGraph(JSON.parse(text)).errors).toEqual([]);
      const target = join(golden, `${basename(file, '.algo')}.graph.json`);
      if (update) writeFileSync(target, text);
      expect(existsSync(target), `${target} is missing (run with UPDATE_GOLDEN=1)`).toBe(true);
      expect(text).toBe(readFileSync(target, 'utf8'));
    });
  }

  it('is deterministic under overrides: the same values in any order give the same bytes', () => {
    let tried = 0;
    for (const file of files) {
      const source = readFileSync(join(examples, file), 'utf8');
      const params = compile(source).graph?.params ?? [];
      if (params.length < 2) continue;
      const values = params.map((p) => [p.name, typeof p.value === 'boolean' ? !p.value : (p.max ?? p.value)] as const);
      const forward = compile(source, { params: Object.fromEntries(values) });
      const backward = compile(source, { params: Object.fromEntries([...values].reverse()) });
      expect(forward.graph, file).toBeDefined();
      expect(serializeGraph(forward.graph!)).toBe(serializeGraph(backward.graph!));
      expect(forward.graph!.params.map((p) => p.value)).toEqual(values.map(([, v]) => v));
      tried++;
    }
    expect(tried).toBeGreaterThanOrEqual(2);
  });
});
