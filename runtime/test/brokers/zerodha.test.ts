import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerResult } from '../../src/brokers/errors.js';
import { unwrap } from '../../src/brokers/errors.js';
import { InstrumentMap } from '../../src/brokers/instruments/instrument-map.js';
import type { BrokerOrder, OrderRequest } from '../../src/brokers/orders.js';
import { RateLimitedBroker } from '../../src/brokers/rate-limit/rate-limited-broker.js';
import { MemoryOrderRateLimiter } from '../../src/brokers/rate-limit/token-bucket.js';
import { StaticSessionSource } from '../../src/brokers/session/session-source.js';
import { exchangeKiteRequestToken, kiteLoginUrl } from '../../src/brokers/zerodha/kite-session.js';
import { ZerodhaBroker } from '../../src/brokers/zerodha/zerodha-broker.js';
import { ManualScheduler } from '../../src/feeds/clock.js';
import { until } from '../feeds/helpers.js';
import { INSTRUMENT_DOCS, KITE_ROWS } from '../fakes/instruments.js';
import { KiteFake } from '../fakes/kite/kite-fake.js';

let kite: KiteFake;
const map = new InstrumentMap(INSTRUMENT_DOCS);
const DAY = 24 * 3600_000;

beforeAll(async () => {
  // many tests' orders land within a second: the broker's own order limit is tested on a fake of its own
  kite = await KiteFake.start({ instruments: KITE_ROWS, orderRateLimit: 1000 });
});
afterAll(async () => {
  await kite.stop();
});
afterEach(() => {
  kite.faults.clear();
  kite.exchange.autoFill = true;
});

function broker(extra: Partial<ConstructorParameters<typeof ZerodhaBroker>[0]> = {}, token = kite.issueAccessToken()): ZerodhaBroker {
  const session = new StaticSessionSource('zerodha', { apiKey: kite.apiKey, accessToken: token, expiresAt: Date.now() + DAY });
  return new ZerodhaBroker({ session, instruments: map, root: kite.restUrl, tickerUrl: kite.tickerUrl, timeoutMs: 1000, ...extra });
}

let n = 0;
const req = (o: Partial<OrderRequest> = {}): OrderRequest => ({ clientOrderId: `Z${Date.now() % 1e9}${++n}`, instrument: 'NSE_EQ|RELIANCE', side: 'BUY', quantity: 5, orderType: 'MARKET', product: 'intraday', ...o });
const error = <T>(r: BrokerResult<T>) => (r.ok ? undefined : r.error);
const lastRequest = (path: string) => kite.http.requests.filter((r) => r.path === path).at(-1)!;

describe('Zerodha login', () => {
  it('exchanges a request token for an access token once, and says why when it cannot', async () => {
    expect(kiteLoginUrl('kite_api_key')).toBe('https://kite.zerodha.com/connect/login?api_key=kite_api_key&v=3');
    const requestToken = kite.issueRequestToken();
    const login = unwrap(await exchangeKiteRequestToken({ apiKey: kite.apiKey, apiSecret: kite.apiSecret, requestToken, root: kite.restUrl }));
    expect(login.brokerUserId).toBe('AB1234');
    expect(unwrap(await broker({}, login.accessToken).ready())).toBeUndefined();
    const again = await exchangeKiteRequestToken({ apiKey: kite.apiKey, apiSecret: kite.apiSecret, requestToken, root: kite.restUrl });
    expect(error(again)).toMatchObject({ code: 'BROKER_TOKEN_STALE', message: 'zerodha: login failed — Token is invalid or has expired. (a request token works once, for a few minutes: log in again)' });
    const badSecret = await exchangeKiteRequestToken({ apiKey: kite.apiKey, apiSecret: 'wrong', requestToken: kite.issueRequestToken(), root: kite.restUrl });
    expect(error(badSecret)?.message).toContain('Invalid `checksum`.');
  });
});

describe('Zerodha orders', () => {
  it('places a tagged, algo-tagged order with the documented fields and headers, and reads it back', async () => {
    const b = broker();
    kite.exchange.setPrice('NSE:RELIANCE', 2500);
    const r = req({ algoId: 'ALGO42' });
    const { brokerOrderId } = unwrap(await b.placeOrder(r));
    const sent = lastRequest('/orders/regular');
    expect(sent.body).toEqual({ exchange: 'NSE', tradingsymbol: 'RELIANCE', transaction_type: 'BUY', quantity: '5', product: 'MIS', order_type: 'MARKET', validity: 'DAY', tag: r.clientOrderId, algo_id: 'ALGO42', variety: 'regular' });
    expect(sent.headers['x-kite-version']).toBe('3');
    expect(sent.headers.authorization).toMatch(/^token kite_api_key:[0-9a-f]{32}$/);
    const order = unwrap(await b.getOrder(brokerOrderId));
    expect(order).toMatchObject({ brokerOrderId, clientOrderId: r.clientOrderId, instrument: 'NSE_EQ|RELIANCE', brokerSymbol: 'NSE:RELIANCE', status: 'COMPLETE', averagePrice: 2500, filledQuantity: 5, product: 'intraday' });
    expect(Math.abs(order.placedAt - Date.now())).toBeLessThan(5000);
    expect(unwrap(await b.findOrderByTag(r.clientOrderId!))?.brokerOrderId).toBe(brokerOrderId);
    expect(unwrap(await b.findOrderByTag('NEVERPLACED'))).toBeNull();
    const positions = unwrap(await b.getPositions());
    expect(positions.find((p) => p.instrument === 'NSE_EQ|RELIANCE')).toMatchObject({ quantity: 5, averagePrice: 2500, product: 'intraday' });
    const noAlgo = broker({ algoIdField: null });
    unwrap(await noAlgo.placeOrder(req({ algoId: 'ALGO42' })));
    expect(lastRequest('/orders/regular').body.algo_id).toBeUndefined();
  });

  it('modifies and cancels working orders, and refuses what the broker cannot do', async () => {
    const b = broker();
    kite.exchange.setPrice('NSE:TCS', 3500);
    const { brokerOrderId } = unwrap(await b.placeOrder(req({ instrument: 'NSE_EQ|TCS', orderType: 'LIMIT', price: 3400 })));
    const ref = { brokerOrderId, instrument: 'NSE_EQ|TCS' };
    unwrap(await b.modifyOrder(ref, { price: 3410, quantity: 7 }));
    expect(unwrap(await b.getOrder(brokerOrderId))).toMatchObject({ status: 'OPEN', price: 3410, quantity: 7, pendingQuantity: 7, brokerStatus: 'OPEN' });
    unwrap(await b.cancelOrder(ref));
    expect(unwrap(await b.getOrder(brokerOrderId))).toMatchObject({ status: 'CANCELLED', cancelledQuantity: 7 });
    expect(error(await b.cancelOrder(ref))).toMatchObject({ code: 'BROKER_NOT_MODIFIABLE' });
    expect(error(await b.cancelOrder({ brokerOrderId: '1', instrument: 'NSE_EQ|TCS' }))).toMatchObject({ code: 'BROKER_NOT_FOUND' });
    expect(error(await b.getOrder('1'))).toMatchObject({ code: 'BROKER_NOT_FOUND' });
    const stop = unwrap(await b.placeOrder(req({ instrument: 'NSE_EQ|TCS', side: 'SELL', orderType: 'STOP_LOSS_MARKET', triggerPrice: 3450 })));
    expect(lastRequest('/orders/regular').body).toMatchObject({ order_type: 'SL-M', trigger_price: '3450' });
    expect(unwrap(await b.getOrder(stop.brokerOrderId))).toMatchObject({ status: 'OPEN', brokerStatus: 'TRIGGER PENDING', orderType: 'STOP_LOSS_MARKET', triggerPrice: 3450 });
    kite.exchange.setPrice('NSE:TCS', 3440);
    expect(unwrap(await b.getOrder(stop.brokerOrderId))).toMatchObject({ status: 'COMPLETE', averagePrice: 3440 });
  });

  it('refuses invalid requests and unmapped instruments without sending anything', async () => {
    const b = broker();
    const before = kite.http.requests.length;
    expect(error(await b.placeOrder(req({ clientOrderId: 'x'.repeat(21) })))).toMatchObject({ code: 'BROKER_INVALID_REQUEST', outcome: 'not_placed' });
    expect(error(await b.placeOrder(req({ instrument: 'NSE_FO|NIFTY24JAN21000CE' })))).toMatchObject({
      code: 'BROKER_UNKNOWN_INSTRUMENT',
      message: 'zerodha: NSE_FO|NIFTY24JAN21000CE is not in the instruments master with a Kite trading symbol — refresh the instruments master (or add it) before trading it',
    });
    expect(kite.http.requests.length).toBe(before);
  });
});

describe('Zerodha failures', () => {
  it('tells a refusal, a later RMS rejection and a 429 apart — none of them placed', async () => {
    const b = broker();
    kite.faults.next('place', { kind: 'reject', errorType: 'MarginException', message: 'Insufficient funds. Required margin is 12500.00 but available margin is 100.00.' });
    expect(error(await b.placeOrder(req()))).toMatchObject({ code: 'BROKER_REJECTED', outcome: 'not_placed', brokerCode: 'MarginException', message: 'zerodha: refused — Insufficient funds. Required margin is 12500.00 but available margin is 100.00.' });
    kite.faults.next('place', { kind: 'rms_reject', message: 'RMS:Blocked for trading' });
    const accepted = unwrap(await b.placeOrder(req()));
    expect(unwrap(await b.getOrder(accepted.brokerOrderId))).toMatchObject({ status: 'REJECTED', statusMessage: 'RMS:Blocked for trading', filledQuantity: 0 });
    kite.faults.next('place', { kind: 'rate_limit' });
    expect(error(await b.placeOrder(req()))).toMatchObject({ code: 'BROKER_RATE_LIMITED', outcome: 'not_placed', retryable: true });
  });

  it('on a timeout or a cut connection after the broker accepted, says the outcome is unknown — and the tag finds the order', async () => {
    const b = broker({ timeoutMs: 300 });
    for (const kind of ['hang_after_accept', 'drop_after_accept'] as const) {
      kite.faults.next('place', { kind });
      const r = req();
      const e = error(await b.placeOrder(r));
      expect(e).toMatchObject({ code: 'BROKER_TIMEOUT', outcome: 'unknown' });
      expect(e?.message).toMatch(/^zerodha: no answer in time \((ECONNABORTED|ECONNRESET)\) — the order may have gone through; look it up by its tag/);
      const found = unwrap(await b.findOrderByTag(r.clientOrderId));
      expect(found).toMatchObject({ clientOrderId: r.clientOrderId, instrument: 'NSE_EQ|RELIANCE' });
    }
    kite.faults.next('place', { kind: 'server_error' });
    const r = req();
    expect(error(await b.placeOrder(r))).toMatchObject({ code: 'BROKER_ERROR', outcome: 'unknown', brokerCode: 'NetworkException' });
    expect(unwrap(await b.findOrderByTag(r.clientOrderId))).toBeNull();
  });

  it('says when the broker cannot be reached at all: nothing was sent', async () => {
    const gone = await KiteFake.start();
    const url = gone.restUrl;
    await gone.stop();
    const b = broker({ root: url });
    expect(error(await b.placeOrder(req()))).toMatchObject({ code: 'BROKER_UNREACHABLE', outcome: 'not_placed', brokerCode: 'ECONNREFUSED' });
  });

  it('refuses live orders plainly when the token is missing, expired, or rejected by the broker — and then sends nothing', async () => {
    const missing = new ZerodhaBroker({ session: new StaticSessionSource('zerodha', undefined), instruments: map, root: kite.restUrl });
    expect(error(await missing.ready())).toMatchObject({ code: 'BROKER_TOKEN_MISSING', message: 'zerodha: no access token configured — log in to zerodha to trade live' });
    const clock = new ManualScheduler(Date.UTC(2024, 0, 15, 10, 0));
    const expired = new ZerodhaBroker({ session: new StaticSessionSource('zerodha', { apiKey: 'k', accessToken: 't', expiresAt: Date.UTC(2024, 0, 15, 0, 30) }, clock), instruments: map, root: kite.restUrl });
    expect(error(await expired.placeOrder(req()))).toMatchObject({ code: 'BROKER_TOKEN_STALE', message: 'zerodha: the access token expired at 2024-01-15 06:00 IST — log in to zerodha again to trade live' });

    const b = broker();
    kite.faults.next('place', { kind: 'token_expired' });
    expect(error(await b.placeOrder(req()))).toMatchObject({ code: 'BROKER_TOKEN_STALE', brokerCode: 'TokenException', outcome: 'not_placed' });
    const before = kite.http.requests.length;
    expect(error(await b.placeOrder(req()))).toMatchObject({ code: 'BROKER_TOKEN_STALE', message: 'zerodha: the access token was rejected (zerodha: the broker rejected the access token (Token is invalid or has expired.) — log in to zerodha again) — log in again' });
    expect(error(await b.getPositions())).toMatchObject({ code: 'BROKER_TOKEN_STALE' });
    expect(kite.http.requests.length).toBe(before);
  });

  it('keeps a burst under the broker order limit (10/s) with the order-rate limiter', async () => {
    const strict = await KiteFake.start({ instruments: KITE_ROWS });
    try {
      const session = () => new StaticSessionSource('zerodha', { apiKey: strict.apiKey, accessToken: strict.issueAccessToken(), expiresAt: Date.now() + DAY });
      const limited = new RateLimitedBroker(new ZerodhaBroker({ session: session(), instruments: map, root: strict.restUrl }), new MemoryOrderRateLimiter(), 'u1');
      const results = await Promise.all(Array.from({ length: 12 }, () => limited.placeOrder(req())));
      expect(results.filter((r) => !r.ok)).toEqual([]);
      // the same burst without the limiter: the broker answers 429 past its 10th order in a second
      const raw = new ZerodhaBroker({ session: session(), instruments: map, root: strict.restUrl });
      const burst = await Promise.all(Array.from({ length: 14 }, () => raw.placeOrder(req())));
      expect(burst.filter((r) => !r.ok).map((r) => error(r)?.code)).toContain('BROKER_RATE_LIMITED');
    } finally {
      await strict.stop();
    }
  });
});

describe('Zerodha order updates', () => {
  it('streams each change over the ticker socket and catches up after a drop', async () => {
    const clock = new ManualScheduler(Date.now());
    const b = broker({ scheduler: clock, backoff: { initialMs: 1000, jitter: 0 } });
    kite.exchange.autoFill = false;
    const updates: BrokerOrder[] = [];
    b.onOrderUpdate((o) => updates.push(o));
    await until('the order-update socket', () => b.updatesState?.state === 'live');
    const r = req();
    const { brokerOrderId } = unwrap(await b.placeOrder(r));
    await until('the OPEN update', () => updates.some((u) => u.brokerOrderId === brokerOrderId && u.status === 'OPEN'));
    kite.exchange.fill(brokerOrderId, 2510);
    await until('the COMPLETE update', () => updates.some((u) => u.brokerOrderId === brokerOrderId && u.status === 'COMPLETE'));
    const mine = (id: string) => updates.filter((u) => u.brokerOrderId === id).map((u) => `${u.clientOrderId}:${u.status}`);
    expect(mine(brokerOrderId)).toEqual([`${r.clientOrderId}:OPEN`, `${r.clientOrderId}:COMPLETE`]);

    const second = unwrap(await b.placeOrder(req()));
    await until('the second OPEN', () => updates.some((u) => u.brokerOrderId === second.brokerOrderId));
    kite.dropTickerConnections();
    await until('the socket to notice the drop', () => b.updatesState?.state === 'down');
    expect(b.updatesState).toMatchObject({ state: 'down', code: 'socket_closed', attempt: 1, nextRetryAt: clock.now() + 1000 });
    kite.exchange.fill(second.brokerOrderId, 2520);
    clock.advance(1000);
    await until('the fill made during the drop', () => updates.some((u) => u.brokerOrderId === second.brokerOrderId && u.status === 'COMPLETE'));
    expect(mine(second.brokerOrderId).map((s) => s.split(':')[1])).toEqual(['OPEN', 'COMPLETE']);
    await b.close();
  });
});
