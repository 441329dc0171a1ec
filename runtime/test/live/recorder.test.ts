import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { fromWire, OutboxEntrySchema, toWire } from '../../src/live/recorder/outbox-entry.js';
import { MongoHealth, Recorder } from '../../src/live/recorder/recorder.js';
import { useStorage } from '../storage/support.js';

const fixture = useStorage('live_recorder');

describe('the outbox and the recorder', () => {
  it('carry dates through JSON', () => {
    const doc = { a: new Date(1_700_000_000_000), b: [{ c: new Date(0) }], d: 'x', e: undefined };
    const wire = JSON.parse(JSON.stringify(toWire(doc)));
    expect(wire).toEqual({ a: { $date: 1_700_000_000_000 }, b: [{ c: { $date: 0 } }], d: 'x' });
    expect(fromWire(wire)).toEqual({ a: new Date(1_700_000_000_000), b: [{ c: new Date(0) }], d: 'x' });
  });

  it('write each entry once however often it is applied, in order, and drop what MongoDB refuses', async () => {
    const { storage } = fixture();
    const health = new MongoHealth();
    health.down();
    const rec = new Recorder(storage, health, pino({ level: 'silent' }));
    const intent = { client_order_id: 'RECE1', strategy_id: 's1', user_id: 'u1', algo_id: 'ALGO-PAPER', mode: 'paper', broker: 'paper', instrument_key: 'NSE_EQ|TCS', transaction_type: 'BUY', order_type: 'MARKET', quantity: 3, order_timestamp: new Date(1_705_300_000_000) };
    const entries = [
      { op: 'order_intent', doc: intent },
      { op: 'order_update', client_order_id: 'RECE1', update: { status: 'OPEN', broker_order_id: 'B1', executed_quantity: 0 } },
      { op: 'order_update', client_order_id: 'RECE1', update: { status: 'COMPLETE', executed_quantity: 3, average_price: 4010 } },
      { op: 'trade_log', doc: { _id: 's1:r1:p1', set_id: 's1', asset_type: 'stocks', mode: 'paper', instrument_key: 'NSE_EQ|TCS', side: 'long', entry_timestamp: new Date(1), exit_timestamp: new Date(2), entry: { price: 1, quantity: 3 }, exit: { price: 2, quantity: 3 }, pnl: { gross: 3, charges: 0, net: 3 } } },
      { op: 'log', doc: { level: 'INFO', component: 'test', set_id: 's1', message: 'hello', context: { api_key: 'secret' } } },
      { op: 'trade_log', doc: { _id: 'bad', set_id: 's1' } },
    ];
    for (const e of entries) await rec.apply(OutboxEntrySchema.parse(JSON.parse(JSON.stringify(toWire(e)))));
    for (const e of entries) await rec.apply(OutboxEntrySchema.parse(JSON.parse(JSON.stringify(toWire(e))))); // a second time, as after a crash
    expect(health.up).toBe(true);
    const order = await storage.orders.getByClientOrderId('RECE1');
    expect(order).toMatchObject({ status: 'COMPLETE', executed_quantity: 3, average_price: 4010, broker_order_id: 'B1' });
    expect(order!.events.map((e) => e.status)).toEqual(['PENDING', 'OPEN', 'COMPLETE']);
    expect(await storage.tradeLogs.listBySet('s1')).toHaveLength(1);
    const logs = await storage.systemLogs.query({ set_id: 's1' });
    expect(logs).toHaveLength(2);
    expect(logs[0]!.context).toEqual({ api_key: '[redacted]' });
  });
});
