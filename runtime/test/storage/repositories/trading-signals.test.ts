import { describe, expect, it } from 'vitest';
import type { TradingSignalDocInput } from '../../../src/storage/repositories/trading-signals.js';
import { useStorage } from '../support.js';

const fixture = useStorage('signals');
const repo = () => fixture().storage.tradingSignals;

function signal(id: string, minute: number, over: Partial<TradingSignalDocInput> = {}): TradingSignalDocInput {
  const bar = new Date(Date.UTC(2024, 0, 15, 4, minute));
  return {
    _id: id,
    set_id: 'option_set_1',
    strategy_name: 'BankNifty Live Breakout',
    instrument_key: 'NSE_INDEX|Nifty Bank',
    timeframe: '5m',
    bar_time: bar,
    generated_at: new Date(bar.getTime() + 5 * 60_000),
    kind: 'entry',
    side: 'long',
    rule_id: 'breakout',
    price: 45123.5,
    trace: { all: [{ fact: 'close', operator: 'crossesAbove', value: 45100, result: true }] },
    mode: 'paper',
    ...over,
  };
}

describe('trading_signals', () => {
  it('records signals with their rule trace, idempotently', async () => {
    expect(await repo().record([signal('s1', 0), signal('s2', 5, { kind: 'exit' })])).toBe(2);
    expect(await repo().record([signal('s1', 0)])).toBe(0);
    const s1 = await repo().get('s1');
    expect(s1).toMatchObject({ signal_type: 'BUY', is_active: true, trace: { all: [{ result: true }] } });
    expect((await repo().get('s2'))?.signal_type).toBe('SELL');
  });

  it('lists a strategys signals newest first and deactivates handled ones', async () => {
    expect((await repo().listForSet('option_set_1')).map((s) => s._id)).toEqual(['s2', 's1']);
    expect(await repo().deactivate('s1')).toBe(true);
    expect(await repo().deactivate('s1')).toBe(false);
    expect((await repo().listActive()).map((s) => s._id)).toEqual(['s2']);
  });

  it('refuses malformed signals naming the field', async () => {
    await expect(repo().record([signal('s3', 10, { timeframe: '5 minutes' })])).rejects.toThrow(/^trading_signals: timeframe:/);
    await expect(repo().record([signal('s4', 10, { trace: 'held' as never })])).rejects.toThrow(/^trading_signals: trace:/);
  });
});
