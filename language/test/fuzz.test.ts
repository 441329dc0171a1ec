import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { analyze, format, type Diagnostic } from '@algo/language';
import { examples } from './helpers.js';

/** A small seeded PRNG (mulberry32): the same seed gives the same cases on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env['ALGO_FUZZ_SEED'] ?? 20_240_601);
const CASES = Number(process.env['ALGO_FUZZ_CASES'] ?? 10_000);
const PIECES = [
  'strategy', '"x"', '{', '}', '(', ')', '[', ']', 'entry', 'exit', 'long', 'short', 'when', 'at', 'on', '1h', '5m', '09:30', '2%', '14',
  'and', 'or', 'not', 'crosses', 'above', 'between', 'rsi', 'close', 'macd(close).signal', 'stop_loss', 'qty', 'let', 'param', '=', '..',
  'step', 'in', '.', ',', '-', '+', '*', '/', '>', '<=', '==', '!=', '//', '/*', '*/', '"', '\n', ' ', '\t', 'position.qty', 'default',
  'buy', 'call', 'atm', '+1', 'expiry', 'weekly', 'R', 'atr', 'points', 'asset', 'stocks', 'symbols', '"NSE_EQ|TCS"', '#', '\u0000', '€', '\r\n',
];

function mutate(text: string, next: () => number): string {
  let s = text;
  const edits = 1 + Math.floor(next() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(next() * (s.length + 1));
    const op = next();
    if (op < 0.35) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(next() * 8));
    else if (op < 0.7) s = s.slice(0, at) + PIECES[Math.floor(next() * PIECES.length)]! + s.slice(at);
    else if (op < 0.85) s = s.slice(0, at) + String.fromCharCode(Math.floor(next() * 0x3000)) + s.slice(at);
    else {
      const from = Math.floor(next() * s.length);
      s = s.slice(0, at) + s.slice(from, from + Math.floor(next() * 40)) + s.slice(at);
    }
  }
  return s;
}

function randomText(next: () => number): string {
  const n = Math.floor(next() * 60);
  let s = '';
  for (let i = 0; i < n; i++) s += next() < 0.8 ? `${PIECES[Math.floor(next() * PIECES.length)]} ` : String.fromCharCode(Math.floor(next() * 128));
  return s;
}

function validRange(d: Diagnostic, length: number): boolean {
  const { start, end } = d.range;
  return start.offset >= 0 && start.offset <= end.offset && end.offset <= length && start.line >= 1 && start.column >= 1 && end.line >= start.line;
}

describe('fuzz', () => {
  it(`survives ${CASES} seeded random texts and mutations of the examples (seed ${SEED})`, () => {
    const next = rng(SEED);
    const sources = examples().map((e) => e.text);
    for (let i = 0; i < CASES; i++) {
      const text = i % 5 === 0 ? randomText(next) : mutate(sources[i % sources.length]!, next);
      let where = 'analyze';
      try {
        const a = analyze(text);
        for (const d of a.diagnostics) if (!validRange(d, text.length)) throw new Error(`bad range ${JSON.stringify(d)}`);
        where = 'format';
        const f = format(text);
        if (f.diagnostics.length === 0 && i % 4 === 0) {
          // Formatting twice gives the same text, and never breaks the syntax.
          where = 'format twice';
          const again = format(f.text);
          expect(again.diagnostics).toEqual([]);
          expect(again.text).toBe(f.text);
        }
      } catch (e) {
        throw new Error(`case ${i} (${where}) failed on ${JSON.stringify(text)}: ${(e as Error).message}`);
      }
    }
  }, 180_000);

  it('takes time linear in the size of pathological inputs', () => {
    // Work per character must not grow with size: compare the best of five timings of n
    // and 16n characters for each shape. Linear is 16×, quadratic 256×; the bound (80×)
    // leaves room for garbage collection and a busy machine without letting a quadratic
    // stage through.
    const shapes: Array<(n: number) => string> = [
      (n) => '('.repeat(n),
      (n) => `strategy "x" { let a = ${'close + '.repeat(n / 8)}1 }`,
      (n) => `strategy "x" { ${'entry long when '.repeat(n / 16)} }`,
      (n) => `strategy "x" { ${'} '.repeat(n / 2)}`,
      (n) => 'x['.repeat(n / 2),
      (n) => `strategy "x" { ${'foo '.repeat(n / 4)}`,
      (n) => '"'.repeat(n),
      (n) => `strategy "x" { let a = ${'not '.repeat(n / 4)}true }`,
      (n) => `strategy "x" { ${Array.from({ length: n / 24 }, (_, i) => `let v${i} = v${i + 1} + 1`).join('\n')} }`,
    ];
    // Collect garbage before each timing, so a run does not pay for the one before it.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const time = (text: string): number => {
      let best = Number.POSITIVE_INFINITY;
      for (let k = 0; k < 5; k++) {
        gc();
        const t0 = performance.now();
        analyze(text);
        format(text);
        best = Math.min(best, performance.now() - t0);
      }
      return best;
    };
    for (const make of shapes) {
      const small = time(make(4_000));
      const large = time(make(64_000));
      expect(large / Math.max(small, 1), make(40)).toBeLessThan(80);
    }
  }, 180_000);
});
