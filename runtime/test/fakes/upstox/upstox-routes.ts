import { randomBytes } from 'node:crypto';
import type { FakeOrderType } from '../exchange.js';
import type { Fault } from '../faults.js';
import type { FakeReply, FakeRequest } from '../http.js';
import type { UpstoxFake } from './upstox-fake.js';
import { upstoxError, upstoxOk, upstoxPositionJson, validateUpstoxPlace } from './upstox-json.js';

/**
 * The Upstox REST routes of the fake: the OAuth login dialog and token exchange, V2 and V3
 * order placement / modification / cancellation (the `X-Algo-Name` header recorded), the
 * order book, details, history by id or tag, positions, holdings, and the two feed
 * authorizations — each checking the bearer token, the order-rate limit and planned faults.
 */
export function upstoxRoutes(f: UpstoxFake): void {
  const h = f.http;
  h.route('POST', '/v2/login/authorization/token', (req) => {
    const fault = f.refusal(f.faults.take('session'));
    if (fault) return fault;
    const b = req.body as Record<string, string>;
    if (b.client_id !== f.clientId || b.client_secret !== f.clientSecret) return upstoxError(401, 'UDAPI100069', 'Check your client_id and client_secret');
    if (b.redirect_uri !== f.redirectUri) return upstoxError(400, 'UDAPI100068', 'Check your redirect_uri');
    if (b.grant_type !== 'authorization_code') return upstoxError(400, 'UDAPI100016', 'Invalid grant_type');
    if (!b.code || !f.useCode(b.code)) return upstoxError(401, 'UDAPI100057', 'Invalid Auth code');
    return {
      status: 200,
      json: {
        email: 'trader@example.com',
        exchanges: ['NSE', 'NFO', 'BSE'],
        products: ['D', 'I', 'CO', 'MTF'],
        broker: 'UPSTOX',
        user_id: 'UP1234',
        user_name: 'Test Trader',
        order_types: ['MARKET', 'LIMIT', 'SL', 'SL-M'],
        user_type: 'individual',
        poa: false,
        is_active: true,
        access_token: f.issueAccessToken(),
        extended_token: null,
      },
    };
  });

  // The login dialog: "logs in" at once and redirects to the app with a one-time code.
  h.route('GET', '/v2/login/authorization/dialog', (req) => {
    if (req.query.get('client_id') !== f.clientId) return upstoxError(400, 'UDAPI100069', 'Check your client_id');
    if (req.query.get('redirect_uri') !== f.redirectUri) return upstoxError(400, 'UDAPI100068', 'Check your redirect_uri');
    const to = new URL(f.redirectUri);
    to.searchParams.set('code', f.issueCode());
    const state = req.query.get('state');
    if (state) to.searchParams.set('state', state);
    return { status: 302, json: {}, headers: { location: to.toString() } };
  });

  h.route('POST', '/v3/order/place', (req) => place(f, req, true));
  h.route('POST', '/v2/order/place', (req) => place(f, req, false));
  h.route('PUT', '/v3/order/modify', (req) => modify(f, req, true));
  h.route('PUT', '/v2/order/modify', (req) => modify(f, req, false));
  h.route('DELETE', '/v3/order/cancel', (req) => cancel(f, req, true));
  h.route('DELETE', '/v2/order/cancel', (req) => cancel(f, req, false));

  h.route('GET', '/v2/order/retrieve-all', (req) => f.authorised(req) ?? f.refusal(f.faults.take('orders')) ?? upstoxOk([...f.exchange.orders.values()].map((o) => f.orderJson(o))));

  h.route('GET', '/v2/order/details', (req) => {
    const denied = f.authorised(req) ?? f.refusal(f.faults.take('order'));
    if (denied) return denied;
    const o = f.exchange.orders.get(req.query.get('order_id') ?? '');
    return o ? upstoxOk(f.orderJson(o)) : upstoxError(400, 'UDAPI100010', 'Order not found');
  });

  h.route('GET', '/v2/order/history', (req) => {
    const denied = f.authorised(req) ?? f.refusal(f.faults.take('order'));
    if (denied) return denied;
    const id = req.query.get('order_id');
    const tag = req.query.get('tag');
    if (!id && !tag) return upstoxError(400, 'UDAPI1026', 'order_id or tag is required');
    const orders = id ? [f.exchange.orders.get(id)].filter((o) => o !== undefined) : f.exchange.byTag(tag!);
    if (id && !orders.length) return upstoxError(400, 'UDAPI100010', 'Order not found');
    return upstoxOk(orders.flatMap((o) => o.history.map((s) => f.orderJson(s))));
  });

  h.route('GET', '/v2/portfolio/short-term-positions', (req) => {
    const denied = f.authorised(req) ?? f.refusal(f.faults.take('positions'));
    if (denied) return denied;
    return upstoxOk(
      f.exchange.positions().map((p) => upstoxPositionJson(p, f.instruments)),
    );
  });

  h.route('GET', '/v2/portfolio/long-term-holdings', (req) => f.authorised(req) ?? f.refusal(f.faults.take('holdings')) ?? upstoxOk([]));

  const authorize = (kind: 'market' | 'portfolio', path: string) => (req: FakeRequest) => {
    const denied = f.authorised(req) ?? f.refusal(f.faults.take('authorize'));
    if (denied) return denied;
    const code = randomBytes(8).toString('hex');
    f.feedCode(code, kind);
    const uri = `${f.url.replace('http', 'ws')}${path}?requestId=${randomBytes(4).toString('hex')}&code=${code}`;
    return upstoxOk({ authorized_redirect_uri: uri, authorizedRedirectUri: uri });
  };
  h.route('GET', '/v3/feed/market-data-feed/authorize', authorize('market', '/market-data-feeder/v3/upstox-developer-api/feeds'));
  h.route('GET', '/v2/feed/portfolio-stream-feed/authorize', authorize('portfolio', '/portfolio-stream-feeder/v2/upstox-developer-api/feeds'));
}

function orderGate(f: UpstoxFake, req: FakeRequest, op: 'place' | 'modify' | 'cancel'): { reply?: FakeReply; fault?: Fault } {
  const denied = f.authorised(req);
  if (denied) return { reply: denied };
  if (!f.allowOrder()) return { reply: upstoxError(429, 'UDAPI10005', 'Too Many Request Sent') };
  const fault = f.faults.take(op);
  const refused = f.refusal(fault);
  return refused ? { reply: refused } : { ...(fault ? { fault } : {}) };
}

function place(f: UpstoxFake, req: FakeRequest, v3: boolean): FakeReply {
  const gate = orderGate(f, req, 'place');
  if (gate.reply) return gate.reply;
  const b = req.body;
  const problem = validateUpstoxPlace(b);
  if (problem) return upstoxError(400, 'UDAPI1026', problem);
  const algo = req.headers['x-algo-name'];
  const order = f.exchange.place(
    {
      symbol: String(b.instrument_token),
      side: b.transaction_type as 'BUY' | 'SELL',
      type: b.order_type as FakeOrderType,
      product: String(b.product),
      quantity: Number(b.quantity),
      ...(Number(b.price) > 0 ? { price: Number(b.price) } : {}),
      ...(Number(b.trigger_price) > 0 ? { trigger: Number(b.trigger_price) } : {}),
      validity: String(b.validity),
      ...(b.tag ? { tag: String(b.tag) } : {}),
      ...(typeof algo === 'string' ? { algoId: algo } : {}),
    },
    gate.fault?.kind === 'rms_reject' ? { rejectWith: gate.fault.message ?? 'Insufficient funds' } : {},
  );
  if (gate.fault?.kind === 'hang_after_accept') return { hang: true };
  if (gate.fault?.kind === 'drop_after_accept') return { drop: true };
  return v3 ? upstoxOk({ order_ids: [order.id] }, true) : upstoxOk({ order_id: order.id });
}

function modify(f: UpstoxFake, req: FakeRequest, v3: boolean): FakeReply {
  const gate = orderGate(f, req, 'modify');
  if (gate.reply) return gate.reply;
  const b = req.body;
  if (!b.order_id || !b.validity || b.price === undefined || !b.order_type || b.trigger_price === undefined) return upstoxError(400, 'UDAPI1026', 'order_id, validity, price, order_type and trigger_price are required');
  const r = f.exchange.modify(String(b.order_id), {
    ...(b.quantity !== undefined ? { quantity: Number(b.quantity) } : {}),
    ...(Number(b.price) > 0 ? { price: Number(b.price) } : {}),
    ...(Number(b.trigger_price) > 0 ? { trigger: Number(b.trigger_price) } : {}),
    type: b.order_type as FakeOrderType,
  });
  if (typeof r === 'string') return r === 'no such order' ? upstoxError(400, 'UDAPI100010', 'Order not found') : upstoxError(400, 'UDAPI100040', `Order cannot be modified as it is ${r.slice(9).toLowerCase()}`);
  return upstoxOk({ order_id: r.id }, v3);
}

function cancel(f: UpstoxFake, req: FakeRequest, v3: boolean): FakeReply {
  const gate = orderGate(f, req, 'cancel');
  if (gate.reply) return gate.reply;
  const r = f.exchange.cancel(req.query.get('order_id') ?? '');
  if (typeof r === 'string') return r === 'no such order' ? upstoxError(400, 'UDAPI100010', 'Order not found') : upstoxError(400, 'UDAPI100040', `Order cannot be cancelled as it is ${r.slice(9).toLowerCase()}`);
  return upstoxOk({ order_id: r.id }, v3);
}
