import { createHash, randomBytes } from 'node:crypto';
import type { FakeOrderType } from '../exchange.js';
import type { KiteFake } from './kite-fake.js';
import { kiteError, kiteOk, kitePositionJson, kiteTime, validateKitePlace } from './kite-json.js';

/**
 * The Kite Connect v3 REST routes of the fake: session token exchange (SHA-256 checksum of
 * key + request token + secret), the login page, profile, orders (place / modify / cancel on
 * `/orders/:variety`, the book, one order's history), positions, holdings and the
 * instruments CSV — each checking the session, the order-rate limit and any planned fault.
 */
export function kiteRoutes(f: KiteFake): void {
  const h = f.http;
  h.route('POST', '/session/token', (req) => {
    const fault = f.refusal(f.faults.take('session'));
    if (fault) return fault;
    const { api_key, request_token, checksum } = req.body as Record<string, string>;
    if (api_key !== f.apiKey) return kiteError(403, 'TokenException', 'Invalid `api_key`.');
    const want = createHash('sha256').update(`${api_key}${request_token}${f.apiSecret}`).digest('hex');
    if (checksum !== want) return kiteError(403, 'TokenException', 'Invalid `checksum`.');
    if (!request_token || !f.useRequestToken(request_token)) return kiteError(403, 'TokenException', 'Token is invalid or has expired.');
    const access = f.issueAccessToken();
    return kiteOk({
      user_type: 'individual',
      email: 'trader@example.com',
      user_name: 'Test Trader',
      user_shortname: 'Trader',
      broker: 'ZERODHA',
      exchanges: ['NSE', 'NFO', 'BSE'],
      products: ['CNC', 'NRML', 'MIS'],
      order_types: ['MARKET', 'LIMIT', 'SL', 'SL-M'],
      avatar_url: null,
      user_id: f.userId,
      api_key: f.apiKey,
      access_token: access,
      public_token: randomBytes(8).toString('hex'),
      refresh_token: '',
      enctoken: randomBytes(8).toString('hex'),
      login_time: kiteTime(Date.now()),
      meta: { demat_consent: 'consent' },
    });
  });

  // The login page (kite.zerodha.com/connect/login in production): "logs in" at once and
  // redirects to the app with a fresh request token (or shows it, when no redirect URL is set).
  h.route('GET', '/connect/login', (req) => {
    if (req.query.get('api_key') !== f.apiKey) return kiteError(400, 'InputException', 'Invalid `api_key`.');
    const token = f.issueRequestToken();
    if (!f.redirectUrl) return kiteOk({ request_token: token });
    const to = new URL(f.redirectUrl);
    to.searchParams.set('request_token', token);
    to.searchParams.set('action', 'login');
    to.searchParams.set('status', 'success');
    return { status: 302, json: {}, headers: { location: to.toString() } };
  });

  h.route('GET', '/user/profile', (req) => f.authorised(req) ?? kiteOk({ user_id: f.userId, user_name: 'Test Trader', broker: 'ZERODHA', email: 'trader@example.com' }));

  h.route('POST', '/orders/:variety', (req) => {
    const denied = f.authorised(req);
    if (denied) return denied;
    if (!f.allowOrder()) return kiteError(429, 'NetworkException', 'Too many requests');
    const fault = f.faults.take('place');
    const refused = f.refusal(fault);
    if (refused) return refused;
    const b = req.body as Record<string, string>;
    const problem = validateKitePlace(b);
    if (problem) return kiteError(400, 'InputException', problem);
    const order = f.exchange.place({
      symbol: `${b.exchange}:${b.tradingsymbol}`,
      side: b.transaction_type as 'BUY' | 'SELL',
      type: b.order_type as FakeOrderType,
      product: b.product!,
      quantity: Number(b.quantity),
      ...(b.price && Number(b.price) > 0 ? { price: Number(b.price) } : {}),
      ...(b.trigger_price && Number(b.trigger_price) > 0 ? { trigger: Number(b.trigger_price) } : {}),
      validity: b.validity ?? 'DAY',
      ...(b.tag ? { tag: b.tag } : {}),
      ...(b.algo_id ? { algoId: b.algo_id } : {}),
      variety: req.params.variety!,
    }, fault?.kind === 'rms_reject' ? { rejectWith: fault.message ?? 'RMS:Margin Exceeds,Required:1000, Available:0' } : {});
    if (fault?.kind === 'hang_after_accept') return { hang: true };
    if (fault?.kind === 'drop_after_accept') return { drop: true };
    return kiteOk({ order_id: order.id });
  });

  h.route('PUT', '/orders/:variety/:order_id', (req) => {
    const denied = f.authorised(req) ?? (f.allowOrder() ? undefined : kiteError(429, 'NetworkException', 'Too many requests')) ?? f.refusal(f.faults.take('modify'));
    if (denied) return denied;
    const b = req.body as Record<string, string>;
    const r = f.exchange.modify(req.params.order_id!, {
      ...(b.quantity ? { quantity: Number(b.quantity) } : {}),
      ...(b.price ? { price: Number(b.price) } : {}),
      ...(b.trigger_price ? { trigger: Number(b.trigger_price) } : {}),
      ...(b.order_type ? { type: b.order_type as FakeOrderType } : {}),
    });
    if (typeof r === 'string') return kiteError(400, r === 'no such order' ? 'InputException' : 'OrderException', r === 'no such order' ? "Couldn't find that `order_id`." : `Order cannot be modified as it is being processed or already ${r.slice(9)}.`);
    return kiteOk({ order_id: r.id });
  });

  h.route('DELETE', '/orders/:variety/:order_id', (req) => {
    const denied = f.authorised(req) ?? (f.allowOrder() ? undefined : kiteError(429, 'NetworkException', 'Too many requests')) ?? f.refusal(f.faults.take('cancel'));
    if (denied) return denied;
    const r = f.exchange.cancel(req.params.order_id!);
    if (typeof r === 'string') return kiteError(400, r === 'no such order' ? 'InputException' : 'OrderException', r === 'no such order' ? "Couldn't find that `order_id`." : `Order cannot be cancelled as it is being processed or already ${r.slice(9)}.`);
    return kiteOk({ order_id: r.id });
  });

  h.route('GET', '/orders', (req) => f.authorised(req) ?? f.refusal(f.faults.take('orders')) ?? kiteOk([...f.exchange.orders.values()].map((o) => f.orderJson(o))));

  h.route('GET', '/orders/:order_id', (req) => {
    const denied = f.authorised(req) ?? f.refusal(f.faults.take('order'));
    if (denied) return denied;
    const o = f.exchange.orders.get(req.params.order_id!);
    if (!o) return kiteError(400, 'InputException', "Couldn't find that `order_id`.");
    return kiteOk(o.history.map((s) => f.orderJson(s)));
  });

  h.route('GET', '/portfolio/positions', (req) => {
    const denied = f.authorised(req) ?? f.refusal(f.faults.take('positions'));
    if (denied) return denied;
    const rows = f.exchange.positions().map((p) => kitePositionJson(p, f.instruments));
    return kiteOk({ net: rows, day: rows });
  });

  h.route('GET', '/portfolio/holdings', (req) => f.authorised(req) ?? f.refusal(f.faults.take('holdings')) ?? kiteOk([]));

  h.route('GET', '/instruments', (req) => {
    const denied = f.authorised(req);
    if (denied) return denied;
    const cols = ['instrument_token', 'exchange_token', 'tradingsymbol', 'name', 'last_price', 'expiry', 'strike', 'tick_size', 'lot_size', 'instrument_type', 'segment', 'exchange'] as const;
    const lines = [cols.join(','), ...f.instruments.map((i) => cols.map((c) => (c === 'last_price' ? 0 : String(i[c]))).join(','))];
    return { status: 200, text: `${lines.join('\n')}\n`, contentType: 'text/csv' };
  });
}
