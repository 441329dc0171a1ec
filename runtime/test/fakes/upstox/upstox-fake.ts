import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import { FeedResponse } from '../../../src/feeds/upstox/upstox-proto.js';
import { FakeExchange, type FakeOrderSnapshot, type FakeOrderType } from '../exchange.js';
import { FaultPlan, WindowLimiter, type Fault } from '../faults.js';
import { FakeHttpServer, type FakeReply, type FakeRequest } from '../http.js';
import { kiteTime as istText } from '../kite/kite-fake.js';

/**
 * A local Upstox API server: OAuth token exchange, orders on V2 and V3 (place / modify /
 * cancel, with the `X-Algo-Name` header recorded), order book, order details, order history
 * by id or tag, positions, holdings — `Authorization: Bearer` checked, errors in Upstox's
 * `{"status":"error","errors":[{"errorCode":"UDAPI…"}]}` shape — and both WebSocket feeds:
 * the market data feed V3 (authorize → one-time URL → protobuf `FeedResponse`s, JSON
 * subscription frames) and the portfolio stream (order updates as JSON). Point
 * `upstox-js-sdk`'s `basePath` and `orderBasePath` at `url`.
 */

export interface UpstoxInstrument {
  readonly instrument_key: string;
  readonly trading_symbol: string;
  readonly exchange: string;
}

export interface UpstoxFakeOptions {
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly redirectUri?: string;
  readonly instruments?: readonly UpstoxInstrument[];
  /** Order requests per second before 429 (Upstox, unregistered algos: 10). */
  readonly orderRateLimit?: number;
  readonly autoFill?: boolean;
  readonly port?: number;
}

export interface UpstoxTickInput {
  readonly key: string;
  readonly ltp: number;
  /** Last trade time, epoch ms. */
  readonly ltt?: number;
  readonly vtt?: number;
  readonly oi?: number;
  readonly cp?: number;
}

interface FeedClient {
  readonly ws: WebSocket;
  readonly modes: Map<string, string>;
}

const upErr = (status: number, code: string, message: string): FakeReply => ({
  status,
  json: { status: 'error', errors: [{ errorCode: code, message, propertyPath: null, invalidValue: null, error_code: code, property_path: null, invalid_value: null }] },
});
const success = (data: unknown, v3 = false): FakeReply => ({ status: 200, json: { status: 'success', data, ...(v3 ? { metadata: { latency: 7 } } : {}) } });

export class UpstoxFake {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
  readonly exchange: FakeExchange;
  readonly faults = new FaultPlan();
  readonly http = new FakeHttpServer();
  url = '';
  private readonly codes = new Set<string>();
  private readonly tokens = new Set<string>();
  private readonly feedCodes = new Map<string, 'market' | 'portfolio'>();
  private readonly marketClients = new Set<FeedClient>();
  private readonly portfolioClients = new Set<WebSocket>();
  private readonly limiter: WindowLimiter;
  private readonly instruments: readonly UpstoxInstrument[];

  private constructor(o: UpstoxFakeOptions) {
    this.clientId = o.clientId ?? 'upstox-client-id';
    this.clientSecret = o.clientSecret ?? 'upstox-secret';
    this.redirectUri = o.redirectUri ?? 'http://127.0.0.1/callback';
    this.instruments = o.instruments ?? [];
    this.exchange = new FakeExchange({ autoFill: o.autoFill ?? true, idBase: 240_115_000_000_000 });
    this.limiter = new WindowLimiter(o.orderRateLimit ?? 10);
    this.exchange.onChange((order) => {
      const text = JSON.stringify({ update_type: 'order', user_id: 'UP1234', ...this.orderJson(order) });
      for (const ws of this.portfolioClients) ws.send(text);
    });
    this.routes();
  }

  static async start(o: UpstoxFakeOptions = {}): Promise<UpstoxFake> {
    const f = new UpstoxFake(o);
    f.url = `http://127.0.0.1:${await f.http.listen(o.port)}`;
    return f;
  }

  async stop(): Promise<void> {
    await this.http.stop();
  }

  /** A one-time authorization code, as the login redirect carries it. */
  issueCode(): string {
    const c = randomBytes(8).toString('hex');
    this.codes.add(c);
    return c;
  }

  issueAccessToken(): string {
    const t = `eyJ${randomBytes(24).toString('base64url')}`;
    this.tokens.add(t);
    return t;
  }

  expireSessions(): void {
    this.tokens.clear();
  }

  /** Sends a live_feed message to every market-feed client subscribed to the keys, in its mode. */
  pushTicks(ticks: readonly UpstoxTickInput[]): void {
    for (const c of this.marketClients) {
      const feeds: Record<string, unknown> = {};
      for (const t of ticks) {
        const mode = c.modes.get(t.key);
        if (mode) feeds[t.key] = this.feedEntry(t, mode);
      }
      if (Object.keys(feeds).length) c.ws.send(FeedResponse.encode(FeedResponse.fromObject({ type: 1, feeds, currentTs: Date.now() })).finish());
    }
  }

  dropFeedConnections(): void {
    for (const c of this.marketClients) c.ws.terminate();
    this.marketClients.clear();
    for (const ws of this.portfolioClients) ws.terminate();
    this.portfolioClients.clear();
  }

  /** Each market-feed client's subscriptions (key → mode). */
  feedClients(): Array<Record<string, string>> {
    return [...this.marketClients].map((c) => Object.fromEntries(c.modes));
  }

  orderJson(o: FakeOrderSnapshot): Record<string, unknown> {
    const inst = this.instruments.find((i) => i.instrument_key === o.symbol);
    const terminal = o.status === 'COMPLETE' || o.status === 'CANCELLED' || o.status === 'REJECTED';
    return {
      exchange: inst?.exchange ?? o.symbol.split('_')[0],
      product: o.product,
      price: o.price ?? 0,
      quantity: o.quantity,
      status: o.status.toLowerCase(),
      guid: null,
      tag: o.tag ?? null,
      instrument_token: o.symbol,
      placed_by: 'UP1234',
      tradingsymbol: inst?.trading_symbol ?? o.symbol,
      trading_symbol: inst?.trading_symbol ?? o.symbol,
      order_type: o.type,
      validity: o.validity,
      trigger_price: o.trigger ?? 0,
      disclosed_quantity: 0,
      transaction_type: o.side,
      average_price: o.avgPrice,
      filled_quantity: o.filled,
      pending_quantity: terminal ? 0 : o.quantity - o.filled,
      status_message: o.message ?? null,
      status_message_raw: o.message ?? null,
      exchange_order_id: o.status === 'PUT ORDER REQ RECEIVED' ? '' : (o.exchangeOrderId ?? ''),
      parent_order_id: null,
      order_id: o.id,
      variety: 'SIMPLE',
      order_timestamp: istText(o.placedAt),
      exchange_timestamp: o.status === 'PUT ORDER REQ RECEIVED' ? null : istText(o.updatedAt),
      is_amo: false,
      order_request_id: String(o.history?.length ?? 1),
      order_ref_id: `ref${o.id}`,
    };
  }

  private feedEntry(t: UpstoxTickInput, mode: string): Record<string, unknown> {
    const ltpc = { ltp: t.ltp, ltt: t.ltt ?? Date.now(), ltq: 1, cp: t.cp ?? t.ltp };
    if (mode === 'ltpc') return { ltpc };
    if (t.key.includes('_INDEX|')) return { fullFeed: { indexFF: { ltpc } } };
    return { fullFeed: { marketFF: { ltpc, vtt: t.vtt ?? 0, oi: t.oi ?? 0 } } };
  }

  private authorised(req: FakeRequest): FakeReply | undefined {
    const m = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''));
    if (!m || !this.tokens.has(m[1]!)) return upErr(401, 'UDAPI100050', 'Invalid token used to access API');
    return undefined;
  }

  private refusal(f: Fault | undefined): FakeReply | undefined {
    if (!f) return undefined;
    switch (f.kind) {
      case 'reject':
        return upErr(400, f.errorType ?? 'UDAPI100500', f.message ?? 'Order rejected');
      case 'rate_limit':
        return upErr(429, 'UDAPI10005', 'Too Many Request Sent');
      case 'server_error':
        return upErr(f.status ?? 500, 'UDAPI100500', 'Something went wrong, please try again');
      case 'token_expired':
        this.expireSessions();
        return upErr(401, 'UDAPI100050', 'Invalid token used to access API');
      default:
        return undefined;
    }
  }

  private orderGate(req: FakeRequest, op: 'place' | 'modify' | 'cancel'): { reply?: FakeReply; fault?: Fault } {
    const denied = this.authorised(req);
    if (denied) return { reply: denied };
    if (!this.limiter.allow()) return { reply: upErr(429, 'UDAPI10005', 'Too Many Request Sent') };
    const fault = this.faults.take(op);
    const refused = this.refusal(fault);
    return refused ? { reply: refused } : { ...(fault ? { fault } : {}) };
  }

  private place(req: FakeRequest, v3: boolean): FakeReply {
    const gate = this.orderGate(req, 'place');
    if (gate.reply) return gate.reply;
    const b = req.body;
    const problem = validatePlace(b);
    if (problem) return upErr(400, 'UDAPI1026', problem);
    const algo = req.headers['x-algo-name'];
    const order = this.exchange.place(
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
    return v3 ? success({ order_ids: [order.id] }, true) : success({ order_id: order.id });
  }

  private modify(req: FakeRequest, v3: boolean): FakeReply {
    const gate = this.orderGate(req, 'modify');
    if (gate.reply) return gate.reply;
    const b = req.body;
    if (!b.order_id || !b.validity || b.price === undefined || !b.order_type || b.trigger_price === undefined) return upErr(400, 'UDAPI1026', 'order_id, validity, price, order_type and trigger_price are required');
    const r = this.exchange.modify(String(b.order_id), {
      ...(b.quantity !== undefined ? { quantity: Number(b.quantity) } : {}),
      ...(Number(b.price) > 0 ? { price: Number(b.price) } : {}),
      ...(Number(b.trigger_price) > 0 ? { trigger: Number(b.trigger_price) } : {}),
      type: b.order_type as FakeOrderType,
    });
    if (typeof r === 'string') return r === 'no such order' ? upErr(400, 'UDAPI100010', 'Order not found') : upErr(400, 'UDAPI100040', `Order cannot be modified as it is ${r.slice(9).toLowerCase()}`);
    return success({ order_id: r.id }, v3);
  }

  private cancel(req: FakeRequest, v3: boolean): FakeReply {
    const gate = this.orderGate(req, 'cancel');
    if (gate.reply) return gate.reply;
    const r = this.exchange.cancel(req.query.get('order_id') ?? '');
    if (typeof r === 'string') return r === 'no such order' ? upErr(400, 'UDAPI100010', 'Order not found') : upErr(400, 'UDAPI100040', `Order cannot be cancelled as it is ${r.slice(9).toLowerCase()}`);
    return success({ order_id: r.id }, v3);
  }

  private routes(): void {
    const h = this.http;
    h.route('POST', '/v2/login/authorization/token', (req) => {
      const fault = this.refusal(this.faults.take('session'));
      if (fault) return fault;
      const b = req.body as Record<string, string>;
      if (b.client_id !== this.clientId || b.client_secret !== this.clientSecret) return upErr(401, 'UDAPI100069', 'Check your client_id and client_secret');
      if (b.redirect_uri !== this.redirectUri) return upErr(400, 'UDAPI100068', 'Check your redirect_uri');
      if (b.grant_type !== 'authorization_code') return upErr(400, 'UDAPI100016', 'Invalid grant_type');
      if (!b.code || !this.codes.delete(b.code)) return upErr(401, 'UDAPI100057', 'Invalid Auth code');
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
          access_token: this.issueAccessToken(),
          extended_token: null,
        },
      };
    });

    // The login dialog: "logs in" at once and redirects to the app with a one-time code.
    h.route('GET', '/v2/login/authorization/dialog', (req) => {
      if (req.query.get('client_id') !== this.clientId) return upErr(400, 'UDAPI100069', 'Check your client_id');
      if (req.query.get('redirect_uri') !== this.redirectUri) return upErr(400, 'UDAPI100068', 'Check your redirect_uri');
      const to = new URL(this.redirectUri);
      to.searchParams.set('code', this.issueCode());
      const state = req.query.get('state');
      if (state) to.searchParams.set('state', state);
      return { status: 302, json: {}, headers: { location: to.toString() } };
    });

    h.route('POST', '/v3/order/place', (req) => this.place(req, true));
    h.route('POST', '/v2/order/place', (req) => this.place(req, false));
    h.route('PUT', '/v3/order/modify', (req) => this.modify(req, true));
    h.route('PUT', '/v2/order/modify', (req) => this.modify(req, false));
    h.route('DELETE', '/v3/order/cancel', (req) => this.cancel(req, true));
    h.route('DELETE', '/v2/order/cancel', (req) => this.cancel(req, false));

    h.route('GET', '/v2/order/retrieve-all', (req) => this.authorised(req) ?? this.refusal(this.faults.take('orders')) ?? success([...this.exchange.orders.values()].map((o) => this.orderJson(o))));

    h.route('GET', '/v2/order/details', (req) => {
      const denied = this.authorised(req) ?? this.refusal(this.faults.take('order'));
      if (denied) return denied;
      const o = this.exchange.orders.get(req.query.get('order_id') ?? '');
      return o ? success(this.orderJson(o)) : upErr(400, 'UDAPI100010', 'Order not found');
    });

    h.route('GET', '/v2/order/history', (req) => {
      const denied = this.authorised(req) ?? this.refusal(this.faults.take('order'));
      if (denied) return denied;
      const id = req.query.get('order_id');
      const tag = req.query.get('tag');
      if (!id && !tag) return upErr(400, 'UDAPI1026', 'order_id or tag is required');
      const orders = id ? [this.exchange.orders.get(id)].filter((o) => o !== undefined) : this.exchange.byTag(tag!);
      if (id && !orders.length) return upErr(400, 'UDAPI100010', 'Order not found');
      return success(orders.flatMap((o) => o.history.map((s) => this.orderJson(s))));
    });

    h.route('GET', '/v2/portfolio/short-term-positions', (req) => {
      const denied = this.authorised(req) ?? this.refusal(this.faults.take('positions'));
      if (denied) return denied;
      return success(
        this.exchange.positions().map((p) => {
          const inst = this.instruments.find((i) => i.instrument_key === p.symbol);
          return {
            exchange: inst?.exchange ?? 'NSE',
            multiplier: 1,
            value: p.sellValue - p.buyValue,
            pnl: p.realised + p.quantity * (p.last - p.averagePrice),
            product: p.product,
            instrument_token: p.symbol,
            average_price: p.averagePrice,
            buy_value: p.buyValue,
            overnight_quantity: 0,
            day_buy_value: p.buyValue,
            day_buy_price: p.buyQuantity ? p.buyValue / p.buyQuantity : 0,
            overnight_buy_amount: 0,
            overnight_buy_quantity: 0,
            day_buy_quantity: p.buyQuantity,
            day_sell_value: p.sellValue,
            day_sell_price: p.sellQuantity ? p.sellValue / p.sellQuantity : 0,
            overnight_sell_amount: 0,
            overnight_sell_quantity: 0,
            day_sell_quantity: p.sellQuantity,
            quantity: p.quantity,
            last_price: p.last,
            unrealised: p.quantity * (p.last - p.averagePrice),
            realised: p.realised,
            sell_value: p.sellValue,
            tradingsymbol: inst?.trading_symbol ?? p.symbol,
            trading_symbol: inst?.trading_symbol ?? p.symbol,
            close_price: 0,
            buy_price: p.buyQuantity ? p.buyValue / p.buyQuantity : 0,
            sell_price: p.sellQuantity ? p.sellValue / p.sellQuantity : 0,
          };
        }),
      );
    });

    h.route('GET', '/v2/portfolio/long-term-holdings', (req) => this.authorised(req) ?? this.refusal(this.faults.take('holdings')) ?? success([]));

    const authorize = (kind: 'market' | 'portfolio', path: string) => (req: FakeRequest) => {
      const denied = this.authorised(req) ?? this.refusal(this.faults.take('authorize'));
      if (denied) return denied;
      const code = randomBytes(8).toString('hex');
      this.feedCodes.set(code, kind);
      const uri = `${this.url.replace('http', 'ws')}${path}?requestId=${randomBytes(4).toString('hex')}&code=${code}`;
      return success({ authorized_redirect_uri: uri, authorizedRedirectUri: uri });
    };
    h.route('GET', '/v3/feed/market-data-feed/authorize', authorize('market', '/market-data-feeder/v3/upstox-developer-api/feeds'));
    h.route('GET', '/v2/feed/portfolio-stream-feed/authorize', authorize('portfolio', '/portfolio-stream-feeder/v2/upstox-developer-api/feeds'));

    h.onUpgrade((req, accept, reject) => {
      const code = new URL(req.url ?? '/', 'http://fake').searchParams.get('code') ?? '';
      const kind = this.feedCodes.get(code);
      if (!kind) return reject(403);
      this.feedCodes.delete(code);
      void accept().then((ws) => (kind === 'market' ? this.marketClient(ws) : this.portfolioClient(ws)));
    });
  }

  private marketClient(ws: WebSocket): void {
    const client: FeedClient = { ws, modes: new Map() };
    this.marketClients.add(client);
    ws.on('close', () => this.marketClients.delete(client));
    ws.send(FeedResponse.encode(FeedResponse.fromObject({ type: 2, currentTs: Date.now(), marketInfo: { segmentStatus: { NSE_EQ: 'NORMAL_OPEN', NSE_FO: 'NORMAL_OPEN', NSE_INDEX: 'NORMAL_OPEN' } } })).finish());
    ws.on('message', (data) => {
      let msg: { method?: string; data?: { mode?: string; instrumentKeys?: string[] } };
      try {
        msg = JSON.parse(data.toString()) as typeof msg;
      } catch {
        return;
      }
      const keys = msg.data?.instrumentKeys ?? [];
      if (msg.method === 'sub' || msg.method === 'change_mode') for (const k of keys) client.modes.set(k, msg.data?.mode ?? 'ltpc');
      if (msg.method === 'unsub') for (const k of keys) client.modes.delete(k);
    });
  }

  private portfolioClient(ws: WebSocket): void {
    this.portfolioClients.add(ws);
    ws.on('close', () => this.portfolioClients.delete(ws));
  }
}

function validatePlace(b: Record<string, unknown>): string | undefined {
  for (const f of ['quantity', 'product', 'validity', 'price', 'instrument_token', 'order_type', 'transaction_type', 'disclosed_quantity', 'trigger_price', 'is_amo']) {
    if (b[f] === undefined || b[f] === null) return `${f} is required`;
  }
  if (!(Number.isInteger(Number(b.quantity)) && Number(b.quantity) > 0)) return 'Invalid quantity';
  if (!['I', 'D', 'MTF'].includes(String(b.product))) return 'Invalid product';
  if (!['MARKET', 'LIMIT', 'SL', 'SL-M'].includes(String(b.order_type))) return 'Invalid order_type';
  if (b.transaction_type !== 'BUY' && b.transaction_type !== 'SELL') return 'Invalid transaction_type';
  if ((b.order_type === 'LIMIT' || b.order_type === 'SL') && !(Number(b.price) > 0)) return 'Invalid price';
  if ((b.order_type === 'SL' || b.order_type === 'SL-M') && !(Number(b.trigger_price) > 0)) return 'Invalid trigger_price';
  if (b.tag !== undefined && String(b.tag).length > 40) return 'tag can be at most 40 characters';
  return undefined;
}
