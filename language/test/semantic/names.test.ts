import { describe, expect, it } from 'vitest';
import { analyze, type Call, type EntryRule } from '@algo/language';
import { cursor, entryWhen, problems, slice, strategy } from '../helpers.js';

describe('name resolution', () => {
  it('resolves params, lets (even declared later), fields and functions, recording every use', () => {
    const text = strategy(`  param n = 14
  let fast = ema(close, n) + slow
  let slow = ema(close, n * 2)
${entryWhen('fast > slow')}`);
    const a = analyze(text);
    expect(a.diagnostics).toEqual([]);
    const byName = new Map(a.model.symbols.map((s) => [`${s.kind}:${s.name}`, s]));
    expect(byName.get('param:n')!.references).toHaveLength(2);
    expect(byName.get('let:slow')!.references.map((r) => r.start.line)).toEqual([5, 7]);
    expect(byName.get('field:close')!.references).toHaveLength(2);
    expect(byName.get('function:ema')!.builtin).toMatchObject({ name: 'ema', category: 'indicator' });
    expect(slice(text, byName.get('let:fast')!.nameRange!)).toBe('fast');
  });

  it('finds the symbol under a cursor, on a use or on the declaration', () => {
    const { text, offset } = cursor(strategy(`  let up = close > open\n${entryWhen('u<|>p')}`));
    const a = analyze(text);
    expect(a.model.symbolAt(offset)?.symbol).toMatchObject({ name: 'up', kind: 'let' });
    const decl = text.indexOf('up =');
    expect(a.model.symbolAt(decl + 1)?.symbol.name).toBe('up');
  });

  it('links exit labels to the entry that declares them', () => {
    const text = strategy(`  entry long "breakout" when close > open {\n    stop_loss 2%\n  }\n  exit "breakout" at 15:00`);
    const a = analyze(text);
    const label = a.model.symbols.find((s) => s.kind === 'label')!;
    expect(label.declaration?.kind).toBe('Entry');
    expect(label.references).toHaveLength(1);
    expect(a.model.exits[0]!.closes).toEqual([0]);
  });

  it('offers did-you-mean as a message and as fix data', () => {
    const text = strategy(entryWhen('rsii(close, 14) < 30 and clsoe > 0'));
    const a = analyze(text);
    expect(a.diagnostics.map((d) => d.message)).toEqual(['unknown function `rsii` — did you mean `rsi`?', 'unknown name `clsoe` — did you mean `close`?']);
    expect(a.diagnostics[0]!.fixes[0]).toMatchObject({ title: 'Change to `rsi`', text: 'rsi' });
    expect(slice(text, a.diagnostics[0]!.fixes[0]!.range)).toBe('rsii');
  });

  it('reports one unknown name once and keeps checking the rest', () => {
    expect(problems(strategy(entryWhen('foo > 1 and close + true > 0')))).toEqual([
      '4:19 ALG200 unknown name `foo`: not a field, param, let or built-in',
      '4:39 ALG300 `+` needs numbers, but `true` is a constant true/false',
    ]);
  });

  it('tells a function used as a value from a value used as a function', () => {
    const a = analyze(strategy(`  param n = 3\n${entryWhen('rsi > 50 and n(1) > 0')}`));
    expect(a.diagnostics.map((d) => d.code)).toEqual(['ALG211', 'ALG211']);
    expect(a.diagnostics[1]!.fixes[0]!.text).toBe('n[1]');
  });

  it('resolves the callee of a call to its catalogue entry', () => {
    const a = analyze(strategy(entryWhen('sma(close, 5) > 1')));
    const entry = a.ast.strategies[0]!.items[2] as EntryRule;
    const call = (entry.when as { left: Call }).left;
    expect(a.model.symbolOf(call)?.builtin?.name).toBe('sma');
    expect(a.model.symbolOf(call.callee)?.name).toBe('sma');
  });

  it('rejects names that would hide a built-in', () => {
    expect(problems(strategy(`  let close = 1\n  param rsi = 2\n${entryWhen('open > 0')}`)).map((p) => p.split(' ')[1])).toEqual(['ALG210', 'ALG210']);
  });
});
