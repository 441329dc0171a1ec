import { describe, expect, it } from 'vitest';
import { unwrap } from '../../src/brokers/errors.js';
import type { BrokerOrder, OrderRequest } from '../../src/brokers/orders.js';
import { PaperBroker } from '../../src/brokers/paper/paper-broker.js';
import type { Tick } from '../../src/feeds/feed.js';

const K = 'NSE_EQ|TCS';
const tick = (ts: number, ltp: number, extra: Partial<Tick> = {}): Tick => ({ instrument: K, ltp, ts, ...extra });
const order = (id: string, o: Partial<OrderRequest> = {}): OrderRequest => ({ clientOrderId: id, instrument: K, side: 'BUY', quantity: 10, orderType: 'MARKET', product: 'intraday', ...o });

function recorder(b: PaperBroker): BrokerOrder[] {
  const seen: BrokerOrder[] = [];
  b.onOrderUpdate((o) => seen.push(o));
  return seen;
}

describe('PaperBroker fills', () => {
  it('fills a market order at the first tick at or after its decision, slipped against it', async () => {
    const b = new PaperBroker({ slippage: { kind: 'ticks', value: 2 } });
    b.onTick([tick(1000, 100)]);
    const now = unwrap(await b.placeOrder(order('a0')));
    expect(unwrap(await b.getOrder(now.brokerOrderId))).toMatchObject({ status: 'COMPLETE', averagePrice: 100.1, updatedAt: 1000 });
    const { brokerOrderId } = unwrap(await b.placeOrder(order('a1', { decidedAt: 2000 })));
    expect(unwrap(await b.getOrder(brokerOrderId)).status).toBe('OPEN');
    b.onTick([tick(2000, 101, { gap: true })]);
    expect(unwrap(await b.getOrder(brokerOrderId))).toMatchObject({ status: 'COMPLETE', averagePrice: 101.1, filledQuantity: 10, pendingQuantity: 0, updatedAt: 2000 });
  });

  it('fills a late order on the ticks that went by after its decision', async () => {
    const b = new PaperBroker();
    b.onTick([tick(1000, 100), tick(2000, 102), tick(3000, 103)]);
    const { brokerOrderId } = unwrap(await b.placeOrder(order('late', { side: 'SELL', decidedAt: 1500 })));
    expect(unwrap(await b.getOrder(brokerOrderId))).toMatchObject({ status: 'COMPLETE', averagePrice: 102 });
  });

  it('fills a stop at its trigger when crossed, at the tick on a gap or when already through', async () => {
    const b = new PaperBroker({ slippage: { kind: 'ticks', value: 1 } });
    b.onTick([tick(1000, 100)]);
    const crossed = unwrap(await b.placeOrder(order('s1', { side: 'SELL', orderType: 'STOP_LOSS_MARKET', triggerPrice: 98 })));
    const gapped = unwrap(await b.placeOrder(order('s2', { side: 'SELL', orderType: 'STOP_LOSS_MARKET', triggerPrice: 96 })));
    b.onTick([tick(2000, 99)]);
    expect(unwrap(await b.getOrder(crossed.brokerOrderId)).status).toBe('OPEN');
    b.onTick([tick(3000, 97)]);
    expect(unwrap(await b.getOrder(crossed.brokerOrderId))).toMatchObject({ status: 'COMPLETE', averagePrice: 97.95 });
    b.onTick([tick(4000, 94, { gap: true })]);
    expect(unwrap(await b.getOrder(gapped.brokerOrderId))).toMatchObject({ status: 'COMPLETE', averagePrice: 93.95 });
    // already through its trigger when it arrives: fills at the latest price, like a market order
    const through = unwrap(await b.placeOrder(order('s3', { side: 'BUY', orderType: 'STOP_LOSS_MARKET', triggerPrice: 90 })));
    expect(unwrap(await b.getOrder(through.brokerOrderId))).toMatchObject({ status: 'COMPLETE', averagePrice: 94.05 });
  });

  it('fills a limit at its price when crossed, at the better tick on a gap, and a stop-limit rests once triggered', async () => {
    const b = new PaperBroker({ slippage: { kind: 'bps', value: 100 } });
    b.onTick([tick(1000, 100)]);
    const lim = unwrap(await b.placeOrder(order('l1', { orderType: 'LIMIT', price: 98 })));
    const gap = unwrap(await b.placeOrder(order('l2', { orderType: 'LIMIT', price: 95 })));
    const stopLimit = unwrap(await b.placeOrder(order('l3', { side: 'SELL', orderType: 'STOP_LOSS', triggerPrice: 97, price: 96.5 })));
    b.onTick([tick(2000, 97.5)]);
    expect(unwrap(await b.getOrder(lim.brokerOrderId))).toMatchObject({ status: 'COMPLETE', averagePrice: 98 });
    b.onTick([tick(3000, 93, { gap: true })]);
    expect(unwrap(await b.getOrder(gap.brokerOrderId))).toMatchObject({ status: 'COMPLETE', averagePrice: 93 });
    // the stop-limit's trigger print (the gap, 93) is below its limit 96.5: it rests as a limit and fills when 96.5 trades
    expect(unwrap(await b.getOrder(stopLimit.brokerOrderId))).toMatchObject({ status: 'OPEN', brokerStatus: 'OPEN' });
    b.onTick([tick(4000, 96.6)]);
    expect(unwrap(await b.getOrder(stopLimit.brokerOrderId))).toMatchObject({ status: 'COMPLETE', averagePrice: 96.5 });
  });

  it('cancels an IOC limit that does not fill on its first tick', async () => {
    const b = new PaperBroker();
    b.onTick([tick(1000, 100)]);
    const ioc = unwrap(await b.placeOrder(order('i1', { orderType: 'LIMIT', price: 99, validity: 'IOC' })));
    b.onTick([tick(2000, 99.5)]);
    expect(unwrap(await b.getOrder(ioc.brokerOrderId))).toMatchObject({ status: 'CANCELLED', cancelledQuantity: 10, statusMessage: 'IOC order not filled on arrival' });
  });
});

describe('PaperBroker positions and orders', () => {
  it('keeps net positions with average cost, realised and unrealised P&L, through a flip', async () => {
    const b = new PaperBroker();
    b.onTick([tick(1000, 100)]);
    await b.placeOrder(order('p1'));
    b.onTick([tick(2000, 100)]);
    await b.placeOrder(order('p2', { quantity: 10 }));
    b.onTick([tick(3000, 110)]);
    await b.placeOrder(order('p3', { side: 'SELL', quantity: 5 }));
    b.onTick([tick(4000, 120)]);
    // each order filled at the latest price: 20 @ 100 average; sold 5 @ 110 → +50 realised; 15 left, marked at 120 → +300
    expect(unwrap(await b.getPositions())).toEqual([
      { instrument: K, brokerSymbol: K, product: 'intraday', quantity: 15, averagePrice: 100, lastPrice: 120, buyQuantity: 20, sellQuantity: 5, realisedPnl: 50, unrealisedPnl: 300 },
    ]);
    // selling 25 @ 120 closes 15 (+300) and opens a short of 10 @ 120, marked at 118 → +20
    await b.placeOrder(order('p4', { side: 'SELL', quantity: 25 }));
    b.onTick([tick(5000, 118)]);
    const [p] = unwrap(await b.getPositions());
    expect(p).toMatchObject({ quantity: -10, averagePrice: 120, realisedPnl: 350, unrealisedPnl: 20 });
  });

  it('publishes each change once, modifies and cancels open orders, and refuses what cannot be done', async () => {
    const b = new PaperBroker({ lotSize: (k) => (k.startsWith('NSE_FO') ? 15 : undefined) });
    const seen = recorder(b);
    b.onTick([tick(1000, 100)]);
    const lim = unwrap(await b.placeOrder(order('m1', { orderType: 'LIMIT', price: 90 })));
    expect(unwrap(await b.modifyOrder({ brokerOrderId: lim.brokerOrderId, instrument: K }, { price: 99 }))).toEqual({ brokerOrderId: lim.brokerOrderId });
    b.onTick([tick(2000, 98.5)]);
    expect(seen.map((o) => `${o.clientOrderId}:${o.status}:${o.price}`)).toEqual(['m1:OPEN:90', 'm1:OPEN:99', 'm1:COMPLETE:99']);
    expect(seen.at(-1)!.averagePrice).toBe(99);

    const ref = { brokerOrderId: lim.brokerOrderId, instrument: K };
    const again = await b.cancelOrder(ref);
    expect(again.ok || again.error.code).toBe('BROKER_NOT_MODIFIABLE');
    const other = unwrap(await b.placeOrder(order('m2', { orderType: 'LIMIT', price: 50 })));
    unwrap(await b.cancelOrder({ brokerOrderId: other.brokerOrderId, instrument: K }));
    expect(seen.at(-1)).toMatchObject({ clientOrderId: 'm2', status: 'CANCELLED', cancelledQuantity: 10, pendingQuantity: 0 });

    const missing = await b.getOrder('PAPER99');
    expect(missing.ok || missing.error).toMatchObject({ code: 'BROKER_NOT_FOUND', outcome: 'not_placed' });
    const bad = await b.placeOrder(order('has-dash'));
    expect(bad.ok || bad.error).toMatchObject({ code: 'BROKER_INVALID_REQUEST', message: 'paper: clientOrderId: a client order id is 1-20 letters or digits (it travels as the broker order tag)' });
    const noPrice = await b.placeOrder(order('np', { orderType: 'LIMIT' }));
    expect(noPrice.ok || noPrice.error.message).toBe('paper: price: a LIMIT or STOP_LOSS order needs a price');

    const index = unwrap(await b.placeOrder(order('ix', { instrument: 'NSE_INDEX|Nifty Bank' })));
    expect(unwrap(await b.getOrder(index.brokerOrderId))).toMatchObject({ status: 'REJECTED', statusMessage: 'NSE_INDEX|Nifty Bank is an index; it cannot be traded' });
    const lots = unwrap(await b.placeOrder(order('fo', { instrument: 'NSE_FO|BANKNIFTY24JAN45000CE', quantity: 20 })));
    expect(unwrap(await b.getOrder(lots.brokerOrderId)).statusMessage).toBe('quantity 20 is not a multiple of the lot size 15');

    expect(unwrap(await b.findOrderByTag('m2'))?.brokerOrderId).toBe(other.brokerOrderId);
    expect(unwrap(await b.findOrderByTag('never'))).toBeNull();
  });

  it('survives a restart through its snapshot, and refuses a corrupt one naming the field', async () => {
    const script = async (b: PaperBroker): Promise<void> => {
      b.onTick([tick(1000, 100)]);
      await b.placeOrder(order('r1'));
      b.onTick([tick(2000, 101)]);
      await b.placeOrder(order('r2', { side: 'SELL', orderType: 'STOP_LOSS_MARKET', triggerPrice: 99 }));
      b.onTick([tick(3000, 100.5)]);
    };
    const a = new PaperBroker();
    await script(a);
    const json = JSON.parse(JSON.stringify(a.snapshot()));
    const b = unwrap(PaperBroker.restore(json));
    const c = new PaperBroker();
    await script(c);
    expect(b.snapshot()).toEqual(c.snapshot());
    for (const x of [b, c]) x.onTick([tick(4000, 98)]);
    expect(unwrap(await b.findOrderByTag('r2'))).toMatchObject({ status: 'COMPLETE', averagePrice: 99 });
    expect(b.snapshot()).toEqual(c.snapshot());
    expect(unwrap(await b.getPositions())[0]).toMatchObject({ quantity: 0, realisedPnl: -10 });

    const corrupt = PaperBroker.restore({ ...json, orders: [{ ...json.orders[0], quantity: -1 }] });
    expect(corrupt.ok || corrupt.error).toMatchObject({ code: 'BROKER_INVALID_REQUEST', message: 'paper broker state: orders.0.quantity: Too small: expected number to be >0' });
  });
});
