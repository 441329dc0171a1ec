import { describe, expect, it } from 'vitest';
import { analyze, type Expression, type LetDecl } from '@algo/language';
import { entryWhen, problems, strategy } from '../helpers.js';

/** The type of `let x = <expr>` (with params p = 14 and pct = 2%). */
function typeOf(expr: string): string {
  const a = analyze(strategy(`  param p = 14\n  param pct = 2%\n  let x = ${expr}\n${entryWhen('x == x')}`));
  const let_ = a.ast.strategies[0]!.items.find((i) => i.kind === 'Let') as LetDecl;
  const t = a.model.typeOf(let_.value as Expression)!;
  return `${t.variability} ${t.kind}${t.outputs ? ` {${t.outputs.join(',')}}` : ''}`;
}

describe('types', () => {
  it('types literals, params and fields by kind and by when they are known', () => {
    expect(typeOf('14')).toBe('const number');
    expect(typeOf('2%')).toBe('const percent');
    expect(typeOf('p')).toBe('param number');
    expect(typeOf('pct')).toBe('param percent');
    expect(typeOf('close')).toBe('series number');
    expect(typeOf('time')).toBe('series time');
    expect(typeOf('09:30')).toBe('const time');
    expect(typeOf('position.pnl_pct')).toBe('series percent');
  });

  it('keeps a percentage through + - with another and * / by a number', () => {
    expect(typeOf('pct + 1%')).toBe('param percent');
    expect(typeOf('pct * 2')).toBe('param percent');
    expect(typeOf('pct / 2')).toBe('param percent');
    expect(typeOf('pct * pct')).toBe('param number');
    expect(typeOf('close * (1 + pct)')).toBe('series number');
  });

  it('makes indicator calls series with their outputs, math on constants constant', () => {
    expect(typeOf('macd(close)')).toBe('series number {line,signal,hist}');
    expect(typeOf('macd(close).signal')).toBe('series number');
    expect(typeOf('max(p, 3)')).toBe('param number');
    expect(typeOf('rising(close, 2)')).toBe('series bool');
    expect(typeOf('close > open and not (volume == 0)')).toBe('series bool');
    expect(typeOf('sma(close, 20) on 1h')).toBe('series number');
  });

  it('reports conditions that are not true/false, and operands of the wrong kind', () => {
    expect(problems(strategy(entryWhen('close')))).toEqual(['4:19 ALG300 `when` needs a condition (true or false), but `close` is a number series']);
    expect(problems(strategy(entryWhen('close > open and 1')))).toEqual(['4:36 ALG300 `and` joins conditions, but `1` is a constant number']);
    expect(problems(strategy(entryWhen('time > 930')))).toEqual([
      '4:19 ALG300 `>` cannot compare a time series with a constant number (compare `time` with a clock time such as 09:30)',
    ]);
  });

  it('requires lengths known before the first bar, whole and at least 1, also at the low end of a sweep', () => {
    expect(problems(strategy(entryWhen('sma(close, volume) > 0'))).map((p) => p.split(' ')[1])).toEqual(['ALG302']);
    expect(problems(strategy(entryWhen('sma(close, 0) > 0'))).map((p) => p.split(' ')[1])).toEqual(['ALG303']);
    expect(problems(strategy(`  param n = 5 in 0..10\n${entryWhen('sma(close, n) > 0')}`))).toEqual([
      '5:30 ALG303 `length` of `sma` must be at least 1, but it can be (at the low end of its param range) 0',
    ]);
  });

  it('checks arity against the catalogue, positionally', () => {
    expect(problems(strategy(entryWhen('sma(close) > 0')))).toEqual([
      '4:19 ALG301 `sma` needs its `length` argument: `sma(source, length)` takes 2, but 1 was given',
    ]);
    expect(problems(strategy(entryWhen('rsi() > 0')))).toEqual([]);
    expect(problems(strategy(entryWhen('tr(1) > 0')))).toEqual(['4:22 ALG301 `tr` takes no arguments, but 1 were given']);
  });

  it('rejects negative, fractional and series history offsets', () => {
    expect(problems(strategy(entryWhen('close[-1] > 0 and close[1.5] > 0 and close[volume] > 0'))).map((p) => p.split(' ')[1])).toEqual(['ALG304', 'ALG304', 'ALG304']);
  });

  it('reports outputs that do not exist, and `.name` on single values', () => {
    expect(problems(strategy(entryWhen('bollinger(close).uper > 0 and rsi().k > 0')))).toEqual([
      '4:36 ALG202 no output `.uper` — did you mean `.upper`? (outputs: .upper .middle .lower)',
      '4:55 ALG305 `rsi()` has no named outputs, so `.k` reads nothing',
    ]);
  });

  it('warns about dividing by a constant zero', () => {
    expect(problems(strategy(entryWhen('close / (1 - 1) > 0')))).toEqual(['4:27 ALG309 division by zero: this has no value on any bar']);
  });
});
