import { describe, expect, it } from 'vitest';
import { compileOk, series, strategy } from '../helpers/compile.js';

const conditionsOf = (body: string) => compileOk(strategy(body)).rules.map((r) => r.conditions);

describe('conditions', () => {
  it('maps and/or/not to all/any/not and flattens nested ands', () => {
    expect(conditionsOf(`
  entry long when close > open and (volume > 1000 or not (high > 100)) and low > 10 { stop_loss 2% }`)).toEqual([
      {
        all: [
          { fact: 'close', operator: 'gt', value: { fact: 'open' } },
          { any: [{ fact: 'volume', operator: 'gt', value: 1000 }, { not: { fact: 'high', operator: 'gt', value: 100 } }] },
          { fact: 'low', operator: 'gt', value: 10 },
        ],
      },
    ]);
  });

  it('puts the series on the left: a literal or param on the left swaps the comparison', () => {
    expect(conditionsOf(`
  param level = 30
  entry long when 30 > rsi(close, 14) and level <= close and 2 == volume { stop_loss 2% }`)).toEqual([
      {
        all: [
          { fact: 'rsi(close,14)', operator: 'lt', value: 30 },
          { fact: 'close', operator: 'gte', value: { fact: 'param.level' } },
          { fact: 'volume', operator: 'eq', value: 2 },
        ],
      },
    ]);
  });

  it('lowers crossings with [now, previous] facts, crossover() alike, and swaps a literal left side', () => {
    const g = compileOk(strategy(`
  entry long when close crosses above sma(close, 20) { stop_loss 2% }
  entry short when crossunder(close, sma(close, 20)) { stop_loss 2% }
  exit when 70 crosses below rsi(close, 14)`));
    const w = { window: 2 };
    expect(g.rules.map((r) => r.conditions)).toEqual([
      { all: [{ fact: 'close', params: w, operator: 'crossesAbove', value: { fact: 'sma(close,20)', params: w } }] },
      { all: [{ fact: 'close', params: w, operator: 'crossesBelow', value: { fact: 'sma(close,20)', params: w } }] },
      { all: [{ fact: 'rsi(close,14)', params: w, operator: 'crossesAbove', value: 70 }] },
    ]);
    expect(series(g, 'sma(close,20)').history).toBe(1);
    expect(series(g, 'rsi(close,14)').history).toBe(1);
  });

  it('splits between into two inclusive comparisons', () => {
    expect(conditionsOf(`
  entry long when rsi(close, 14) between 40 and 60 { stop_loss 2% }`)).toEqual([
      { all: [{ fact: 'rsi(close,14)', operator: 'gte', value: 40 }, { fact: 'rsi(close,14)', operator: 'lte', value: 60 }] },
    ]);
  });

  it('inlines boolean lets, and compares boolean series with true', () => {
    const g = compileOk(strategy(`
  let up = close > open
  entry long when up and rising(close, 3) and up[1] { stop_loss 2% }`));
    expect(g.rules[0]!.conditions).toEqual({
      all: [
        { fact: 'close', operator: 'gt', value: { fact: 'open' } },
        { fact: 'rising(close,3)', operator: 'eq', value: true },
        { fact: '$1', operator: 'eq', value: true },
      ],
    });
    expect(series(g, 'up')).toMatchObject({ type: 'bool', history: 1, expr: { op: 'gt' } });
    expect(series(g, '$1')).toMatchObject({ type: 'bool', expr: { op: 'ref', id: 'up', ago: { op: 'const', value: 1 } }, warmup: 1 });
  });

  it('reads position state as facts and copies it into a series only to cross it', () => {
    const g = compileOk(strategy(`
  entry long when close > open { stop_loss 2% }
  exit when position.pnl_pct >= 3% or position.bars > 5 and close < position.entry_price`));
    expect(g.rules[1]!.conditions).toEqual({
      all: [
        {
          any: [
            { fact: 'position.pnl_pct', operator: 'gte', value: 0.03 },
            { all: [{ fact: 'position.bars', operator: 'gt', value: 5 }, { fact: 'close', operator: 'lt', value: { fact: 'position.entry_price' } }] },
          ],
        },
      ],
    });
  });

  it('turns clock times into minutes: `time` is a field, `at` is the clock pair', () => {
    const g = compileOk(strategy(`
  entry long at 09:30 when time < 14:30 { stop_loss 2% }
  exit at 15:10
  exit after 12 bars`));
    expect(g.rules.map((r) => r.conditions)).toEqual([
      {
        all: [
          { fact: 'clock.time', operator: 'gte', value: 570 },
          { fact: 'clock.prev_time', operator: 'lt', value: 570 },
          { fact: 'time', operator: 'lt', value: 870 },
        ],
      },
      { all: [{ fact: 'clock.time', operator: 'gte', value: 910 }, { fact: 'clock.prev_time', operator: 'lt', value: 910 }] },
      { all: [{ fact: 'position.bars', operator: 'gte', value: 12 }] },
    ]);
    expect(g.rules.map((r) => [r.name, r.priority, r.event.type])).toEqual([
      ['entry.1', 1, 'entry'],
      ['exit.1', 2, 'exit'],
      ['exit.2', 2, 'exit'],
    ]);
  });

  it('writes true as `all []` and false as `not all []`', () => {
    const g = compileOk(strategy(`
  entry long when true and close > open { stop_loss 2% }
  entry long when false or close < open { stop_loss 2% }`));
    expect(g.rules.map((r) => r.conditions)).toEqual([
      { all: [{ fact: 'close', operator: 'gt', value: { fact: 'open' } }] },
      { all: [{ any: [{ not: { all: [] } }, { fact: 'close', operator: 'lt', value: { fact: 'open' } }] }] },
    ]);
  });
});
