import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { BAR_FIELD_NAMES, POSITION_MEMBERS } from '@algo/language';
import { describe, expect, it } from 'vitest';
import { compile, COMPILER_VERSION, FIELD_NAMES, parseGraph, serializeGraph, STATE_FACTS } from '../src/index.js';
import { compileOk, strategy } from './helpers/compile.js';

describe('compile', () => {
  it('refuses a file with errors and returns the language diagnostics unchanged', () => {
    const r = compile(strategy(`
  entry long when rsii(close, 14) > 50 { stop_loss 2% }`));
    expect(r.graph).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.column])).toEqual([['ALG201', 6, 19]]);
  });

  it('refuses a strategy without a stop-loss (the PRD safety rule is the checker\'s)', () => {
    const r = compile(strategy(`
  entry long when close > open { qty 1 }`));
    expect(r.graph).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toContain('ALG400');
  });

  it('returns warnings with the graph', () => {
    const r = compile(strategy(`
  let unused = sma(close, 5)
  entry long when close > open { stop_loss 1% }`));
    expect(r.graph).toBeDefined();
    expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([['warning', 'ALG209']]);
  });

  it('reports a lower-timeframe read inside an `on` body', () => {
    const r = compile(strategy(`
  entry long when (ema(close on 5m, 9) on 1h) > close { stop_loss 1% }`));
    expect(r.graph).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['ALG306']);
  });

  it('never throws, whatever the input', () => {
    const inputs = ['', '\u0000\uffff', 'strategy', 'strategy "x" {', '}}}}', strategy('entry long when { stop_loss }'), 'x'.repeat(10_000)];
    for (const text of inputs) {
      const r = compile(text);
      expect(r.graph).toBeUndefined();
      expect(r.diagnostics.length).toBeGreaterThan(0);
    }
  });

  it('stamps the source hash and the compiler, and validates against the schema', () => {
    const src = strategy(`
  entry long when close > open { stop_loss 1% }`);
    const g = compileOk(src);
    expect(g.source_hash).toBe(createHash('sha256').update(src).digest('hex'));
    expect(g.compiler).toEqual({ name: '@algo/compiler', version: COMPILER_VERSION });
    expect(parseGraph(JSON.parse(serializeGraph(g))).errors).toEqual([]);
  });

  it('produces graphs whose cross-timeframe reads the schema can hold to its rules', () => {
    const g = compileOk(strategy(`
  entry long when close > ema(close, 50) on 1h { stop_loss 1% }`));
    const copy = g.series.find((s) => s.id === '$1')!;
    expect(copy.expr).toEqual({ op: 'ref', id: 'ema(close,50)@1h' });
    (copy.expr as { ago?: unknown }).ago = { op: 'const', value: 1 };
    expect(parseGraph(g).errors).toContain(
      'series.3.expr: "$1" reads "ema(close,50)@1h" of another timeframe bars back; copy it into a 5m series first',
    );
  });

  it('is deterministic: the same source compiles to the same bytes', () => {
    const src = strategy(`
  param n = 14 in 5..30
  let up = close > open
  entry long when up and rsi(close, n) < 30 and close > ema(close, 50) on 1h { stop_loss 2 atr }
  exit when rsi(close, n) crosses above 70`);
    expect(serializeGraph(compileOk(src), { pretty: true })).toBe(serializeGraph(compileOk(src), { pretty: true }));
  });
});

describe('contracts with the language', () => {
  it('keeps COMPILER_VERSION equal to the package version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(COMPILER_VERSION).toBe(pkg.version);
  });

  it('names the same bar fields and position members as the catalogue', () => {
    expect([...FIELD_NAMES].sort()).toEqual([...BAR_FIELD_NAMES].sort());
    expect([...STATE_FACTS].sort()).toEqual(POSITION_MEMBERS.map((m) => `position.${m}`).sort());
  });
});
