import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, FIELDS, FUNCTIONS, INDICATORS, lookupField, lookupFunction, MATH_FUNCTIONS, ORDER_ITEMS, SETTINGS, SETTING_NAMES, signatureOf } from '@algo/language';
import { ROOT, strategy } from '../helpers.js';

const LANGUAGE_MD = readFileSync(join(ROOT, 'docs', 'LANGUAGE.md'), 'utf8');

describe('catalogue', () => {
  it('documents every function: summary, doc, example and exact math', () => {
    for (const f of FUNCTIONS) {
      expect(f.summary, f.name).not.toBe('');
      expect(f.doc.length, f.name).toBeGreaterThan(20);
      expect(f.example, f.name).toContain(`${f.name}(`);
      expect(f.math, f.name).not.toBe('');
      for (const p of f.params) expect(p.doc, `${f.name}.${p.name}`).not.toBe('');
    }
    for (const f of FIELDS) expect([f.summary, f.doc, f.example, f.math].every((s) => s.length > 0), f.name).toBe(true);
  });

  it('has unique names, looked up by name', () => {
    const names = FUNCTIONS.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect(lookupFunction('rsi')).toBe(INDICATORS.find((f) => f.name === 'rsi'));
    expect(lookupFunction('abs')?.category).toBe('function');
    expect(lookupField('position.qty')?.group).toBe('position');
    expect(lookupFunction('nope')).toBeUndefined();
    expect(MATH_FUNCTIONS.every((f) => f.category === 'function' && f.lookback([]) === 0)).toBe(true);
  });

  it('has examples that check clean inside a strategy', () => {
    for (const f of [...FUNCTIONS, ...FIELDS]) {
      const line = f.example;
      const body = line.startsWith('entry') || line.startsWith('exit') || line.startsWith('let') ? line : `entry long when close > 0 {\n    ${line}\n  }`;
      const text = strategy(`  ${body.replace('{ stop_loss', '{\n    stop_loss')}`);
      const problems = analyze(text).diagnostics.filter((d) => d.severity === 'error' || d.code === 'ALG500');
      expect(problems.map((d) => `${d.code} ${d.message}`), `${f.name}: ${line}`).toEqual([]);
    }
  });

  it('states lookbacks that grow with their lengths (the warm-up contract)', () => {
    expect(lookupFunction('sma')!.lookback([undefined, 20])).toBe(19);
    expect(lookupFunction('macd')!.lookback([undefined, 12, 26, 9])).toBe(33);
    expect(lookupFunction('stoch')!.lookback([14, 3, 3])).toBe(17);
    expect(lookupFunction('adx')!.lookback([14])).toBe(27);
  });

  it('appears in full in docs/LANGUAGE.md: every built-in, field, setting and order item', () => {
    for (const f of FUNCTIONS) expect(LANGUAGE_MD, f.name).toContain(`\`${signatureOf(f)}\``);
    for (const f of FIELDS) expect(LANGUAGE_MD, f.name).toContain(`\`${f.name}\``);
    for (const s of SETTING_NAMES) expect(LANGUAGE_MD, s).toContain(`\`${SETTINGS[s].keyword}\``);
    for (const k of Object.keys(ORDER_ITEMS)) expect(LANGUAGE_MD, k).toContain(`\`${k}`);
  });
});
