import { describe, expect, it } from 'vitest';
import { createReferenceEngine, type BarFacts } from '../../src/index.js';
import { compileOk } from '../helpers/compile.js';

// The seed-000 breakout, compiled, then run by json-rules-engine on hand-made bars.
const source = `strategy "BankNifty Live Breakout" {
  asset options
  underlying "NSE_INDEX|Nifty Bank"
  timeframe 5m
  session 09:20 - 15:10
  param lookback = 20 in 10..60 step 5
  param threshold = 55
  let upper = highest(high, lookback)[1]
  entry long "breakout" when close crosses above upper and rsi(close, 14) > threshold {
    buy call atm+1 expiry weekly
    qty 1 lot
    stop_loss 30%
    take_profit 60%
  }
  exit all at 15:10
  exit after 6 bars
}
`;

describe('the reference engine on a compiled graph', () => {
  const graph = compileOk(source);
  const bar = (series: Record<string, number | null>, previous: Record<string, number | null>, extra: Partial<BarFacts> = {}): BarFacts => ({
    series,
    previous,
    clock: { time: 600, prev_time: 595 },
    ...extra,
  });

  it('asks for exactly the series the rules read', () => {
    expect(createReferenceEngine(graph).needs).toEqual({ series: ['close', 'rsi(close,14)', 'upper'], previous: ['close', 'upper'], entryReads: [] });
  });

  it('fires the breakout entry with its option leg when close crosses upper and RSI beats the param', async () => {
    const ref = createReferenceEngine(graph);
    const events = await ref.evaluate(bar({ close: 48_210, upper: 48_150, 'rsi(close,14)': 61 }, { close: 48_100, upper: 48_150 }));
    expect(events.map((e) => [e.rule, e.type])).toEqual([['entry.1', 'entry']]);
    expect(events[0]!.params).toMatchObject({
      side: 'long',
      label: 'breakout',
      sizing: { kind: 'lots', value: 1 },
      option: { action: 'buy', right: 'call', strike: { select: 'atm', steps: 1, offset: 1 }, expiry: 'weekly' },
    });
  });

  it('does not fire while close stays above upper, nor when RSI is not above the param', async () => {
    const ref = createReferenceEngine(graph);
    expect(await ref.evaluate(bar({ close: 48_300, upper: 48_150, 'rsi(close,14)': 61 }, { close: 48_210, upper: 48_150 }))).toEqual([]);
    expect(await ref.evaluate(bar({ close: 48_210, upper: 48_150, 'rsi(close,14)': 55 }, { close: 48_100, upper: 48_150 }))).toEqual([]);
  });

  it('uses an overridden param through its fact', async () => {
    const ref = createReferenceEngine(compileOk(source, { params: { threshold: 65 } }));
    expect(await ref.evaluate(bar({ close: 48_210, upper: 48_150, 'rsi(close,14)': 61 }, { close: 48_100, upper: 48_150 }))).toEqual([]);
  });

  it('exits at 15:10 once a day and after six bars in the trade', async () => {
    const ref = createReferenceEngine(graph);
    const quiet = { close: 1, upper: 2, 'rsi(close,14)': 50 };
    const at = async (time: number, prev_time: number, bars = 0) =>
      (await ref.evaluate(bar(quiet, quiet, { clock: { time, prev_time }, position: { 'position.qty': 15, 'position.bars': bars } }))).map((e) => e.rule);
    expect(await at(910, 905)).toEqual(['exit.1']);
    expect(await at(915, 910)).toEqual([]);
    expect(await at(700, 695, 5)).toEqual([]);
    expect(await at(700, 695, 6)).toEqual(['exit.2']);
    expect(await at(910, 905, 6)).toEqual(['exit.1', 'exit.2']);
  });
});
