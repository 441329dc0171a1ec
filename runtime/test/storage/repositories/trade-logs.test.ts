import { describe, expect, it } from 'vitest';
import type { TradeLogDoc } from '../../../src/storage/repositories/trade-logs.js';
import { useStorage } from '../support.js';

const fixture = useStorage('tradelogs');
const repo = () => fixture().storage.tradeLogs;

function trade(id: string, entry: Date, over: Partial<TradeLogDoc> = {}): Omit<TradeLogDoc, 'created_at'> {
  return {
    _id: id,
    set_id: 'option_set_1',
    asset_type: 'options',
    mode: 'paper',
    instrument_key: 'NSE_FO|BANKNIFTY24JAN45000CE',
    side: 'long',
    entry_timestamp: entry,
    exit_timestamp: new Date(entry.getTime() + 30 * 60_000),
    entry: { price: 210, quantity: 15, client_order_id: 'E1' },
    exit: { price: 250, quantity: 15, reason: 'take_profit' },
    pnl: { gross: 600, charges: 40, net: 560 },
    ...over,
  };
}

describe('trade_logs', () => {
  it('records idempotently by id, so a retried flush stores each trade once', async () => {
    const t0 = new Date(Date.UTC(2024, 0, 15, 4, 0));
    const batch = [trade('t1', t0), trade('t2', new Date(t0.getTime() + 3_600_000))];
    expect(await repo().record(batch)).toBe(2);
    expect(await repo().record(batch)).toBe(0);
    expect(await fixture().storage.db.collection('trade_logs').countDocuments()).toBe(2);
    expect((await repo().get('t1'))?.pnl.net).toBe(560);
  });

  it('lists a strategys trades by entry time range, newest first', async () => {
    const t0 = new Date(Date.UTC(2024, 0, 16, 4, 0));
    await repo().record([trade('a', t0), trade('b', new Date(t0.getTime() + 60_000)), trade('c', new Date(t0.getTime() + 120_000), { set_id: 'other' })]);
    expect((await repo().listBySet('option_set_1', { from: t0 })).map((t) => t._id)).toEqual(['b', 'a']);
    expect((await repo().listBySet('option_set_1', { to: t0 })).map((t) => t._id)).toEqual(['t2', 't1']);
  });

  it('refuses malformed trades naming the field', async () => {
    const t0 = new Date();
    await expect(repo().record([trade('x', t0, { exit_timestamp: new Date(t0.getTime() - 1) })])).rejects.toThrow('trade_logs: exit_timestamp: exit_timestamp is before entry_timestamp');
    await expect(repo().record([trade('y', t0, { entry: { price: -1, quantity: 1 } })])).rejects.toThrow(/^trade_logs: entry\.price:/);
    expect(await repo().get('x')).toBeNull();
  });
});
