import { describe, expect, it } from 'vitest';
import { analyze } from '@algo/language';
import { codes, strategy } from '../helpers.js';

describe('entries and exits', () => {
  it('merges the defaults into each entry and sizes unsized entries with qty 1', () => {
    const a = analyze(
      strategy(`  default stop_loss 2%
  default take_profit 3R
  entry long when close > open {
    stop_loss 1.5 atr
  }
  entry short when close < open`),
    );
    expect(a.diagnostics).toEqual([]);
    const [long, short] = a.model.entries;
    expect(long!.stopLoss).toMatchObject({ fromDefault: false, distance: { kind: 'atr', length: 14 } });
    expect(long!.takeProfit).toMatchObject({ fromDefault: true, distance: { kind: 'r' } });
    expect(short!.stopLoss).toMatchObject({ fromDefault: true, distance: { kind: 'percent' } });
    expect(short!.sizing).toMatchObject({ kind: 'qty', lots: false, fromDefault: true });
    expect(a.model.constantOf(short!.sizing.kind === 'qty' ? short!.sizing.amount : long!.when!)).toBe(1);
  });

  it('resolves option legs', () => {
    const a = analyze(`strategy "O" {
  asset options
  underlying "NSE_INDEX|Nifty 50"
  entry long at 09:30 {
    sell put itm 2 expiry monthly
    stop_loss 20%
  }
  entry long at 10:00 {
    buy call atm-1
    stop_loss 20%
  }
}`);
    expect(a.diagnostics).toEqual([]);
    expect(a.model.entries.map((e) => ({ ...e.optionLeg, node: undefined }))).toEqual([
      { action: 'sell', right: 'put', strike: { kind: 'itm', steps: 2 }, expiry: 'monthly', node: undefined },
      { action: 'buy', right: 'call', strike: { kind: 'atm', offset: -1 }, expiry: 'weekly', node: undefined },
    ]);
    expect(a.model.entries[0]!.sizing).toMatchObject({ kind: 'qty', lots: true });
  });

  it('knows which entries each exit closes', () => {
    const a = analyze(
      strategy(`  entry long "a" when close > open {
    stop_loss 2%
  }
  entry short "b" when close < open {
    stop_loss 2%
  }
  exit long when close < open
  exit "b" after 5 bars
  exit at 15:20`),
    );
    expect(a.diagnostics).toEqual([]);
    expect(a.model.exits.map((x) => [x.target, x.trigger?.kind, x.closes])).toEqual([
      ['long', 'when', [0]],
      ['all', 'after', [1]],
      ['all', 'at', [0, 1]],
    ]);
  });

  it('enforces buy time before sell time only for exits that close the entry', () => {
    const body = (exit: string) => strategy(`  entry long at 15:00 {\n    stop_loss 2%\n  }\n  ${exit}`);
    expect(codes(body('exit at 14:30'))).toEqual(['ALG401']);
    expect(codes(body('exit at 15:00'))).toEqual(['ALG401']);
    expect(codes(body('exit at 15:20'))).toEqual([]);
    expect(codes(body('exit short at 14:30'))).toEqual(['ALG403']);
  });

  it('asks for a stop-loss once, even when a broken one was written', () => {
    expect(codes(strategy('  entry long when close > open {\n    qty 1\n  }'))).toEqual(['ALG400']);
    expect(codes(strategy('  entry long when close > open {\n    stop_loss 2\n  }'))).toEqual(['ALG308']);
    expect(codes(strategy('  entry long when close > open {\n    stop_los 2%\n  }'))).toEqual(['ALG101']);
  });

  it('checks stop units and forms', () => {
    const entry = (stop: string) => strategy(`  entry long when close > open {\n    ${stop}\n  }`);
    expect(codes(entry('stop_loss 100%'))).toEqual(['ALG303']);
    expect(codes(entry('stop_loss 2R'))).toEqual(['ALG206']);
    expect(codes(entry('stop_loss 2%\n    trailing_stop at 100'))).toEqual(['ALG300']);
    expect(codes(entry('stop_loss 2 points(3)'))).toEqual(['ALG301']);
    expect(codes(entry('stop_loss 0.5 atr(0)'))).toEqual(['ALG402']);
  });
});
