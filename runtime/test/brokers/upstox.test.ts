import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerResult } from '../../src/brokers/errors.js';
import { unwrap } from '../../src/brokers/errors.js';
import { InstrumentMap } from '../../src/brokers/instruments/instrument-map.js';
import type { BrokerOrder, OrderRequest } from '../../src/brokers/orders.js';
import { StaticSessionSource } from '../../src/brokers/session/session-source.js';
import { UpstoxBroker } from '../../src/brokers/upstox/upstox-broker.js';
import { exchangeUpstoxCode, upstoxLoginUrl } from '../../src/brokers/upstox/upstox-session.js';
import { ManualScheduler } from '../../src/feeds/clock.js';
import { until } from '../feeds/helpers.js';
import { INSTRUMENT_DOCS, UPSTOX_INSTRUMENTS } from '../fakes/instruments.js';
import { UpstoxFake } from '../fakes/upstox/upstox-fake.js';

let up: UpstoxFake;
const map = new InstrumentMap(INSTRUMENT_DOCS);
const DAY = 24 * 3600_000;

beforeAll(async () => {
  up = await UpstoxFake.start({ instruments: UPSTOX_INSTRUMENTS, orderRateLimit: 1000 });
});
afterAll(async () => {
  await up.stop();
});
afterEach(() => {
  up.faults.clear();
  up.exchange.autoFill = true;
});

function broker(extra: Partial<ConstructorParameters<typeof UpstoxBroker>[0]> = {}, token = up.issueAccessToken()): UpstoxBroker {
  const session = new StaticSessionSource('upstox', { apiKey: up.clientId, accessToken: token, expiresAt: Date.now() + DAY });
  return new UpstoxBroker({ session, instruments: map, basePath: up.url, orderBasePath: up.url, timeoutMs: 1000, ...extra });
}

let n = 0;
const req = (o: Partial<OrderRequest> = {}): OrderRequest => ({ clientOrderId: `U${Date.now() % 1e9}${++n}`, instrument: 'NSE_EQ|RELIANCE', side: 'BUY', quantity: 3, orderType: 'MARKET', product: 'intraday', ...o });
const error = <T>(r: BrokerResult<T>) => (r.ok ? undefined : r.error);
const lastRequest = (path: string) => up.http.requests.filter((r) => r.path === path).at(-1)!;

describe('Upstox login', () => {
  it('exchanges an authorization code for an access token once', async () => {
    expect(upstoxLoginUrl('cid', 'http://127.0.0.1/callback', { state: 's1' })).toBe('https://api.upstox.com/v2/login/authorization/dialog?response_type=code&client_id=cid&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcallback&state=s1');
    const code = up.issueCode();
    const login = unwrap(await exchangeUpstoxCode({ basePath: up.url, clientId: up.clientId, clientSecret: up.clientSecret, redirectUri: up.redirectUri, code }));
    expect(login.brokerUserId).toBe('UP1234');
    expect(lastRequest('/v2/login/authorization/token').body).toEqual({ code, client_id: up.clientId, client_secret: up.clientSecret, redirect_uri: up.redirectUri, grant_type: 'authorization_code' });
    expect(unwrap(await broker({}, login.accessToken).getPositions())).toEqual([]);
    const again = await exchangeUpstoxCode({ basePath: up.url, clientId: up.clientId, clientSecret: up.clientSecret, redirectUri: up.redirectUri, code });
    expect(error(again)).toMatchObject({ code: 'BROKER_TOKEN_STALE', brokerCode: 'UDAPI100057', message: 'upstox: login failed — Invalid Auth code (an authorization code works once: log in again)' });
  });
});

describe('Upstox orders', () => {
  it('places on V3 with the tag, the algo header and the Upstox instrument key, and reads it back on V2', async () => {
    const b = broker();
    up.exchange.setPrice('NSE_EQ|INE002A01018', 2500);
    const r = req({ algoId: 'ALGO42' });
    const { brokerOrderId } = unwrap(await b.placeOrder(r));
    const sent = lastRequest('/v3/order/place');
    expect(sent.body).toEqual({ quantity: 3, product: 'I', validity: 'DAY', price: 0, tag: r.clientOrderId, instrument_token: 'NSE_EQ|INE002A01018', order_type: 'MARKET', transaction_type: 'BUY', disclosed_quantity: 0, trigger_price: 0, is_amo: false });
    expect(sent.headers['x-algo-name']).toBe('ALGO42');
    expect(sent.headers.authorization).toMatch(/^Bearer eyJ/);
    expect(unwrap(await b.getOrder(brokerOrderId))).toMatchObject({ brokerOrderId, clientOrderId: r.clientOrderId, instrument: 'NSE_EQ|RELIANCE', brokerSymbol: 'NSE_EQ|INE002A01018', status: 'COMPLETE', brokerStatus: 'complete', averagePrice: 2500, product: 'intraday' });
    expect(unwrap(await b.findOrderByTag(r.clientOrderId))).toMatchObject({ brokerOrderId, status: 'COMPLETE' });
    expect(unwrap(await b.findOrderByTag('NEVERPLACED'))).toBeNull();
    expect(unwrap(await b.getOrders()).some((o) => o.brokerOrderId === brokerOrderId)).toBe(true);
    expect(unwrap(await b.getPositions()).find((p) => p.instrument === 'NSE_EQ|RELIANCE')).toMatchObject({ quantity: 3, averagePrice: 2500, buyQuantity: 3 });
  });

  it('trades an option by its exchange token and carries F&O overnight as carry', async () => {
    const b = broker();
    up.exchange.setPrice('NSE_FO|39898', 310);
    const { brokerOrderId } = unwrap(await b.placeOrder(req({ instrument: 'NSE_FO|BANKNIFTY24JAN45000CE', quantity: 15, product: 'carry' })));
    expect(lastRequest('/v3/order/place').body).toMatchObject({ instrument_token: 'NSE_FO|39898', product: 'D' });
    expect(unwrap(await b.getOrder(brokerOrderId))).toMatchObject({ instrument: 'NSE_FO|BANKNIFTY24JAN45000CE', product: 'carry', status: 'COMPLETE' });
  });

  it('modifies (sending the whole order, as Upstox requires) and cancels, and refuses what it cannot do', async () => {
    const b = broker();
    up.exchange.setPrice('NSE_EQ|INE467B01029', 3500);
    const { brokerOrderId } = unwrap(await b.placeOrder(req({ instrument: 'NSE_EQ|TCS', orderType: 'LIMIT', price: 3400 })));
    const ref = { brokerOrderId, instrument: 'NSE_EQ|TCS' };
    unwrap(await b.modifyOrder(ref, { price: 3420 }));
    expect(lastRequest('/v3/order/modify').body).toEqual({ order_id: brokerOrderId, quantity: 3, validity: 'DAY', price: 3420, order_type: 'LIMIT', trigger_price: 0, disclosed_quantity: 0 });
    expect(unwrap(await b.getOrder(brokerOrderId))).toMatchObject({ status: 'OPEN', price: 3420 });
    unwrap(await b.cancelOrder(ref));
    expect(unwrap(await b.getOrder(brokerOrderId))).toMatchObject({ status: 'CANCELLED', cancelledQuantity: 3 });
    expect(error(await b.cancelOrder(ref))).toMatchObject({ code: 'BROKER_NOT_MODIFIABLE', message: 'upstox: Order cannot be cancelled as it is cancelled' });
    expect(error(await b.modifyOrder(ref, { price: 1 }))).toMatchObject({ code: 'BROKER_NOT_MODIFIABLE' });
    expect(error(await b.getOrder('42'))).toMatchObject({ code: 'BROKER_NOT_FOUND', brokerCode: 'UDAPI100010' });
    expect(error(await b.placeOrder(req({ instrument: 'BSE_EQ|NOSUCH' })))).toMatchObject({ code: 'BROKER_UNKNOWN_INSTRUMENT' });
  });
});

describe('Upstox fake, V2 order endpoints', () => {
  it('answers the SDK’s V2 place, modify and cancel as documented', async () => {
    const { sdkCall, upstoxClient, upstoxSdk } = await import('../../src/brokers/upstox/upstox-client.js');
    const token = up.issueAccessToken();
    const c = upstoxClient({ basePath: up.url }, token);
    const sdk = upstoxSdk as unknown as { OrderApi: new (c: unknown) => Record<string, (...a: unknown[]) => void> };
    const api = new sdk.OrderApi(c);
    const placed = await sdkCall((cb) => api.placeOrder!({ quantity: 1, product: 'D', validity: 'DAY', price: 3000, tag: 'V2TAG', instrumentToken: 'NSE_EQ|INE467B01029', orderType: 'LIMIT', transactionType: 'BUY', disclosedQuantity: 0, triggerPrice: 0, isAmo: false }, '2.0', cb, 'ALGO7'));
    expect(placed).toMatchObject({ ok: true, body: { status: 'success', data: { order_id: expect.any(String) } } });
    const id = (placed as { body: { data: { order_id: string } } }).body.data.order_id;
    expect(lastRequest('/v2/order/place').headers['x-algo-name']).toBe('ALGO7');
    const modified = await sdkCall((cb) => api.modifyOrder!({ orderId: id, quantity: 2, validity: 'DAY', price: 3001, orderType: 'LIMIT', triggerPrice: 0 }, '2.0', cb));
    expect(modified).toMatchObject({ ok: true, body: { data: { order_id: id } } });
    const cancelled = await sdkCall((cb) => api.cancelOrder!(id, '2.0', cb));
    expect(cancelled).toMatchObject({ ok: true, body: { data: { order_id: id } } });
    expect(up.exchange.orders.get(id)).toMatchObject({ status: 'CANCELLED', quantity: 2, price: 3001, algoId: 'ALGO7' });
  });
});

describe('Upstox failures', () => {
  it('classifies refusals, 429s, timeouts after accept, 5xx and a dead token', async () => {
    const b = broker({ timeoutMs: 300 });
    up.faults.next('place', { kind: 'reject', message: 'Insufficient funds' });
    expect(error(await b.placeOrder(req()))).toMatchObject({ code: 'BROKER_REJECTED', outcome: 'not_placed', status: 400, message: 'upstox: refused — Insufficient funds' });
    up.faults.next('place', { kind: 'rate_limit' });
    expect(error(await b.placeOrder(req()))).toMatchObject({ code: 'BROKER_RATE_LIMITED', brokerCode: 'UDAPI10005', outcome: 'not_placed' });
    for (const kind of ['hang_after_accept', 'drop_after_accept'] as const) {
      up.faults.next('place', { kind });
      const r = req();
      expect(error(await b.placeOrder(r))).toMatchObject({ code: 'BROKER_TIMEOUT', outcome: 'unknown' });
      expect(unwrap(await b.findOrderByTag(r.clientOrderId))).toMatchObject({ clientOrderId: r.clientOrderId });
    }
    up.faults.next('place', { kind: 'server_error', status: 503 });
    const lost = req();
    expect(error(await b.placeOrder(lost))).toMatchObject({ code: 'BROKER_ERROR', outcome: 'unknown', status: 503 });
    expect(unwrap(await b.findOrderByTag(lost.clientOrderId))).toBeNull();
    up.faults.next('place', { kind: 'rms_reject', message: 'Insufficient funds for the order' });
    const rejected = unwrap(await b.placeOrder(req()));
    expect(unwrap(await b.getOrder(rejected.brokerOrderId))).toMatchObject({ status: 'REJECTED', statusMessage: 'Insufficient funds for the order' });

    up.faults.next('positions', { kind: 'token_expired' });
    expect(error(await b.getPositions())).toMatchObject({ code: 'BROKER_TOKEN_STALE', brokerCode: 'UDAPI100050', status: 401 });
    const before = up.http.requests.length;
    expect(error(await b.placeOrder(req()))).toMatchObject({ code: 'BROKER_TOKEN_STALE' });
    expect(up.http.requests.length).toBe(before);
  });
});

describe('Upstox order updates', () => {
  it('streams order changes from the portfolio stream and catches up after a drop', async () => {
    const clock = new ManualScheduler(Date.now());
    const b = broker({ scheduler: clock, backoff: { initialMs: 500, jitter: 0 } });
    up.exchange.autoFill = false;
    const updates: BrokerOrder[] = [];
    b.onOrderUpdate((o) => updates.push(o));
    await until('the portfolio stream', () => b.updatesState?.state === 'live');
    const mine = (id: string) => updates.filter((u) => u.brokerOrderId === id).map((u) => u.status);
    const first = unwrap(await b.placeOrder(req()));
    await until('OPEN', () => mine(first.brokerOrderId).includes('OPEN'));
    up.exchange.fill(first.brokerOrderId, 2490);
    await until('COMPLETE', () => mine(first.brokerOrderId).includes('COMPLETE'));
    expect(mine(first.brokerOrderId)).toEqual(['OPEN', 'COMPLETE']);
    expect(updates.find((u) => u.brokerOrderId === first.brokerOrderId && u.status === 'COMPLETE')).toMatchObject({ averagePrice: 2490, instrument: 'NSE_EQ|RELIANCE' });

    const second = unwrap(await b.placeOrder(req()));
    await until('second OPEN', () => mine(second.brokerOrderId).includes('OPEN'));
    up.dropFeedConnections();
    await until('down', () => b.updatesState?.state === 'down');
    up.exchange.fill(second.brokerOrderId, 2495);
    clock.advance(500);
    await until('the fill made during the drop', () => mine(second.brokerOrderId).includes('COMPLETE'));
    expect(mine(second.brokerOrderId)).toEqual(['OPEN', 'COMPLETE']);
    await b.close();
  });
});
