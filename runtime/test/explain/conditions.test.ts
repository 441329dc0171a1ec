import { describe, expect, it } from 'vitest';
import { conditionLines, conditionSentence, describeLeaf, formatValue } from '../../src/explain/conditions.js';
import type { ConditionTrace } from '../../src/evaluator/compile-rules.js';

const params = new Map<string, number | boolean>([['rsi_len', 14]]);
const cross = { fact: 'upper', label: 'highest(high,lookback)[1]', operator: 'crossesAbove', compare: 'close', compare_label: 'close', left: 48233.5, right: 48366.55, left_prev: 48233.5, right_prev: 48163.3, result: false };
const rsi = { fact: 'rsi(close,rsi_len)', label: 'rsi(close, rsi_len)', operator: 'gt', compare: 55, left: 69.1234567, right: 55, result: true };

describe('condition traces in words', () => {
  it('names lets by name, fills param values into expressions, rounds values to six digits', () => {
    expect(describeLeaf(cross, params)).toBe('upper 48,233.5 crossed above close 48,366.6 (bar before: 48,233.5 ≤ 48,163.3)');
    expect(describeLeaf(rsi, params)).toBe('rsi(close, 14) 69.1235 > 55');
    expect(describeLeaf({ ...rsi, left: null, result: false }, params)).toBe('rsi(close, 14) n/a > 55');
  });

  it('reads clock facts as times, with the first bar of a day having no previous one', () => {
    expect(describeLeaf({ fact: 'clock.time', operator: 'gte', compare: 570, left: 571, right: 570, result: true })).toBe('bar close time 09:31 ≥ 09:30');
    expect(describeLeaf({ fact: 'clock.prev_time', operator: 'lt', compare: 570, left: -1, right: 570, result: true })).toBe('previous bar close time none (first bar of the day) < 09:30');
  });

  it('flattens a tree into lines with headings for any/not, and into one sentence', () => {
    const tree: ConditionTrace = { all: [rsi, { any: [cross, { not: rsi, result: false }], result: false }], result: false };
    expect(conditionLines(tree, params).map((l) => [l.depth, l.result, l.text])).toEqual([
      [0, true, 'rsi(close, 14) 69.1235 > 55'],
      [0, false, 'any of:'],
      [1, false, 'upper 48,233.5 crossed above close 48,366.6 (bar before: 48,233.5 ≤ 48,163.3)'],
      [1, false, 'not:'],
      [2, true, 'rsi(close, 14) 69.1235 > 55'],
    ]);
    expect(conditionSentence(tree, params)).toBe('rsi(close, 14) 69.1235 > 55 and (upper 48,233.5 crossed above close 48,366.6 (bar before: 48,233.5 ≤ 48,163.3) or not rsi(close, 14) 69.1235 > 55)');
    expect(formatValue(true)).toBe('true');
  });
});
