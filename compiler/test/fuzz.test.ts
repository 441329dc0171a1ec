import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { FUNCTIONS } from '@algo/language';
import { describe, expect, it } from 'vitest';
import { compile, serializeGraph } from '../src/index.js';

// Seeded mutations of the examples that mostly stay valid — other numbers, operators,
// indicator names, timeframes — so the lowering (not just the checker) sees thousands of
// shapes. Whatever the checker accepts must compile to a schema-valid graph with no
// compiler error, the same bytes twice.

const examples = fileURLToPath(new URL('../../examples/', import.meta.url));
const sources = readdirSync(examples).filter((f) => f.endsWith('.algo')).sort().map((f) => readFileSync(join(examples, f), 'utf8'));
const CASES = 1500;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NUMBERS = ['0', '1', '2', '3', '5', '14', '20', '50', '0.5', '1.5', '200', '100000'];
const OPS = ['>', '<', '>=', '<=', '==', '!=', 'crosses above', 'crosses below'];
const TIMEFRAMES = ['1m', '5m', '15m', '30m', '1h', '1d'];
const NAMES = FUNCTIONS.map((f) => f.name);

function mutate(text: string, random: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const rules: [RegExp, () => string][] = [
    [/\b\d+(?:\.\d+)?\b(?![:%])/g, () => pick(NUMBERS)],
    [/>=|<=|==|!=|crosses (?:above|below)|(?<![-=])>(?!=)|<(?!=)/g, () => pick(OPS)],
    [/\b[a-z_]+(?=\()/g, () => pick(NAMES)],
    [/\bon \d+[mhd]\b/g, () => `on ${pick(TIMEFRAMES)}`],
    [/\b(and|or)\b/g, () => pick(['and', 'or', 'and not'])],
  ];
  let out = text;
  const edits = 1 + Math.floor(random() * 3);
  for (let i = 0; i < edits; i++) {
    const [pattern, replacement] = pick(rules);
    const matches = [...out.matchAll(pattern)];
    if (!matches.length) continue;
    const m = pick(matches);
    out = out.slice(0, m.index) + replacement() + out.slice(m.index! + m[0].length);
  }
  return out;
}

describe('compile on mutated examples', () => {
  it(`never fails inside the compiler (${CASES} seeded cases)`, () => {
    const random = rng(20_240_601);
    let compiled = 0;
    for (let i = 0; i < CASES; i++) {
      const text = mutate(sources[i % sources.length]!, random);
      const r = compile(text);
      const bugs = r.diagnostics.filter((d) => d.code === 'ALG999' && d.message.includes('while compiling'));
      expect(bugs.map((d) => d.message), text).toEqual([]);
      if (r.graph) {
        compiled++;
        expect(serializeGraph(compile(text).graph!)).toBe(serializeGraph(r.graph));
      }
    }
    // most mutations must stay valid, or this test would only exercise the checker
    expect(compiled).toBeGreaterThan(CASES / 3);
  }, 120_000);
});
