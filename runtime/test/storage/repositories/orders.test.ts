import { describe, expect, it } from 'vitest';
import type { NewOrderIntent } from '../../../src/storage/repositories/orders.js';
import { useStorage } from '../support.js';

const fixture = useStorage('orders');
const repo = () => fixture().storage.orders;

let n = 0;
function intent(over: Partial<NewOrderIntent> = {}): NewOrderIntent {
  return {
    client_order_id: `ALGO${++n}X`,
    strategy_id: 'set1',
    user_id: 'u1',
    algo_id: 'ALGO-TEST-01',
    mode: 'paper',
    broker: 'paper',
    instrument_key: 'NSE_EQ|TCS',
    transaction_type: 'BUY',
    order_type: 'MARKET',
    quantity: 10,
    ...over,
  };
}

describe('orders', () => {
  it('records the intent before sending, once per client order id', async () => {
    const i = intent();
    const first = await repo().recordIntent(i);
    expect(first.inserted).toBe(true);
    expect(first.order).toMatchObject({ status: 'PENDING', pending_quantity: 10, executed_quantity: 0, algo_id: 'ALGO-TEST-01' });
    const again = await repo().recordIntent({ ...i, quantity: 99 });
    expect(again.inserted).toBe(false);
    expect(again.order._id).toBe(first.order._id);
    expect(again.order.quantity).toBe(10);
    expect(await fixture().storage.db.collection('orders').countDocuments({ client_order_id: i.client_order_id })).toBe(1);
  });

  it('applies a buffer of updates to one order in one write, in order, stopping at a final state', async () => {
    const i = intent();
    await repo().recordIntent(i);
    const r = await repo().applyUpdates(i.client_order_id, [
      { status: 'OPEN', broker_order_id: 'B-9' },
      { status: 'COMPLETE', executed_quantity: 10, average_price: 3501 },
      { status: 'CANCELLED', note: 'too late: already complete' },
    ]);
    expect(r.ok && r.value).toMatchObject({ status: 'COMPLETE', executed_quantity: 10, pending_quantity: 0, broker_order_id: 'B-9' });
    expect(r.ok && r.value.events.map((e) => e.status)).toEqual(['PENDING', 'OPEN', 'COMPLETE']);
    expect(await repo().applyUpdates(i.client_order_id, [{ status: 'OPEN' }])).toEqual({ ok: false, conflict: 'status' });
    expect(await repo().knownClientOrderIds([i.client_order_id, 'NOSUCH1'])).toEqual(new Set([i.client_order_id]));
    expect(await repo().knownClientOrderIds([])).toEqual(new Set());
  });

  it('enforces client order id uniqueness in the database itself', async () => {
    const { order } = await repo().recordIntent(intent());
    const { _id, ...copy } = order;
    await expect(fixture().storage.db.collection('orders').insertOne({ ...copy, _id: `${_id}-copy` } as never)).rejects.toMatchObject({ code: 11000 });
  });

  it('follows the lifecycle and keeps every event; terminal orders do not change', async () => {
    const i = intent({ order_type: 'LIMIT', price: 3500 });
    await repo().recordIntent(i);
    const open = await repo().applyUpdate(i.client_order_id, { status: 'OPEN', broker_order_id: 'B-1' });
    expect(open.ok && open.value.status).toBe('OPEN');
    const partial = await repo().applyUpdate(i.client_order_id, { status: 'OPEN', executed_quantity: 4, average_price: 3500 });
    expect(partial.ok && partial.value.pending_quantity).toBe(6);
    const done = await repo().applyUpdate(i.client_order_id, { status: 'COMPLETE', executed_quantity: 10, average_price: 3500.5 });
    expect(done.ok && done.value).toMatchObject({ status: 'COMPLETE', pending_quantity: 0, average_price: 3500.5 });
    expect(await repo().applyUpdate(i.client_order_id, { status: 'CANCELLED' })).toEqual({ ok: false, conflict: 'status' });
    const stored = await repo().getByBrokerOrderId('B-1');
    expect(stored?.events.map((e) => e.status)).toEqual(['PENDING', 'OPEN', 'OPEN', 'COMPLETE']);
    expect(await repo().applyUpdate('NOSUCH', { status: 'OPEN' })).toEqual({ ok: false, conflict: 'client_order_id' });
  });

  it('cancels the unfilled rest and lists open orders for reconciliation', async () => {
    const a = intent({ strategy_id: 'set2' });
    const b = intent({ strategy_id: 'set2' });
    await repo().recordIntent(a);
    await repo().recordIntent(b);
    const c = await repo().applyUpdate(b.client_order_id, { status: 'CANCELLED', executed_quantity: 3 });
    expect(c.ok && c.value).toMatchObject({ cancelled_quantity: 7, pending_quantity: 0 });
    expect((await repo().listOpen({ strategy_id: 'set2' })).map((o) => o.client_order_id)).toEqual([a.client_order_id]);
    expect(await repo().listByStrategy('set2')).toHaveLength(2);
    expect(await repo().countSince('set2', new Date(Date.now() - 60_000))).toBe(2);
  });

  it('refuses malformed orders naming the field', async () => {
    await expect(repo().recordIntent(intent({ client_order_id: 'THIS-ID-IS-MUCH-TOO-LONG-FOR-KITE' }))).rejects.toThrow(/^orders: client_order_id: expected 1-20 letters or digits/);
    await expect(repo().recordIntent(intent({ quantity: 0 }))).rejects.toThrow(/^orders: quantity:/);
    await expect(repo().recordIntent(intent({ order_type: 'LIMIT' }))).rejects.toThrow('orders: price: a limit order needs a price');
    const i = intent();
    await repo().recordIntent(i);
    await expect(repo().applyUpdate(i.client_order_id, { status: 'FILLED' as never })).rejects.toThrow(/^orders: status:/);
    await expect(repo().applyUpdate(i.client_order_id, { status: 'OPEN', executed_quantity: 11 })).rejects.toThrow('orders: executed_quantity: executed + cancelled quantity exceeds quantity');
  });

  it('has the seeds indexes', async () => {
    const names = (await fixture().storage.db.collection('orders').indexes()).map((i) => i.name);
    expect(names).toEqual(expect.arrayContaining(['client_order_id_unique', 'order_timestamp', 'instrument_time', 'user_time', 'algo_strategy']));
  });
});
