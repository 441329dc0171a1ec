import { createHash, randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import { FakeExchange, type FakeOrder, type FakeOrderSnapshot, type FakeOrderType } from '../exchange.js';
import { FaultPlan, WindowLimiter, type Fault } from '../faults.js';
import { FakeHttpServer, type FakeReply, type FakeRequest } from '../http.js';
import { encodeMessage, encodePacket, HEARTBEAT, type KiteMode, type KiteTickInput } from './kite-packets.js';

/**
 * A local Kite Connect v3 server: the REST API (session token exchange, orders, order
 * history, positions, holdings, instruments CSV, profile — with the `Authorization: token
 * api_key:access_token` and `X-Kite-Version: 3` headers checked) and the ticker WebSocket
 * (binary ltp/quote/full packets, a heartbeat every second, order updates as text
 * messages), on one loopback port. Point `kiteconnect` at `restUrl` (`root`) and a ticker at
 * `tickerUrl`. Failures are injected per request through `faults`.
 */

export interface KiteInstrumentRow {
  readonly instrument_token: number;
  readonly exchange_token: number;
  readonly tradingsymbol: string;
  readonly name: string;
  readonly expiry: string;
  readonly strike: number;
  readonly tick_size: number;
  readonly lot_size: number;
  readonly instrument_type: string;
  readonly segment: string;
  readonly exchange: string;
}

export interface KiteFakeOptions {
  readonly apiKey?: string;
  readonly apiSecret?: string;
  readonly userId?: string;
  /** Order requests (place, modify, cancel) per second before 429 (Kite: 10). */
  readonly orderRateLimit?: number;
  readonly heartbeatMs?: number;
  readonly autoFill?: boolean;
  readonly instruments?: readonly KiteInstrumentRow[];
  readonly port?: number;
  /** The app's registered redirect URL: the fake login page sends the browser there with a request token. */
  readonly redirectUrl?: string;
}

interface TickerClient {
  readonly ws: WebSocket;
  readonly modes: Map<number, KiteMode>;
}

const IST_MS = 330 * 60_000;

/** `YYYY-MM-DD HH:MM:SS`, IST, as Kite writes times. */
export function kiteTime(ms: number): string {
  return new Date(ms + IST_MS).toISOString().slice(0, 19).replace('T', ' ');
}

function kiteError(status: number, errorType: string, message: string): FakeReply {
  return { status, json: { status: 'error', message, data: null, error_type: errorType } };
}

const ok = (data: unknown): FakeReply => ({ status: 200, json: { status: 'success', data } });

export class KiteFake {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly userId: string;
  readonly exchange: FakeExchange;
  readonly faults = new FaultPlan();
  readonly http = new FakeHttpServer();
  restUrl = '';
  tickerUrl = '';
  private readonly requestTokens = new Set<string>();
  private readonly accessTokens = new Set<string>();
  private readonly clients = new Set<TickerClient>();
  private readonly limiter: WindowLimiter;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly instruments: readonly KiteInstrumentRow[];

  private constructor(private readonly o: KiteFakeOptions) {
    this.apiKey = o.apiKey ?? 'kite_api_key';
    this.apiSecret = o.apiSecret ?? 'kite_api_secret';
    this.userId = o.userId ?? 'AB1234';
    this.exchange = new FakeExchange({ autoFill: o.autoFill ?? true });
    this.limiter = new WindowLimiter(o.orderRateLimit ?? 10);
    this.instruments = o.instruments ?? [];
    this.exchange.onChange((order) => this.broadcast(JSON.stringify({ type: 'order', data: this.orderJson(order) })));
    this.routes();
  }

  static async start(o: KiteFakeOptions = {}): Promise<KiteFake> {
    const f = new KiteFake(o);
    const port = await f.http.listen(o.port);
    f.restUrl = `http://127.0.0.1:${port}`;
    f.tickerUrl = `ws://127.0.0.1:${port}/`;
    f.heartbeat = setInterval(() => {
      for (const c of f.clients) c.ws.send(HEARTBEAT);
    }, o.heartbeatMs ?? 1000);
    f.heartbeat.unref();
    return f;
  }

  async stop(): Promise<void> {
    clearInterval(this.heartbeat);
    await this.http.stop();
  }

  /** A one-time request token, as Kite's login redirect carries it. */
  issueRequestToken(): string {
    const t = randomBytes(16).toString('hex');
    this.requestTokens.add(t);
    return t;
  }

  /** An access token straight away (tests that do not exercise the login). */
  issueAccessToken(): string {
    const t = randomBytes(16).toString('hex');
    this.accessTokens.add(t);
    return t;
  }

  /** Every session dies (the user logged in elsewhere, or 6 AM passed). */
  expireSessions(): void {
    this.accessTokens.clear();
  }

  /** Sends ticks to every ticker client subscribed to their tokens, in each client's mode. */
  pushTicks(ticks: readonly KiteTickInput[]): void {
    for (const c of this.clients) {
      const packets = ticks.filter((t) => c.modes.has(t.token)).map((t) => encodePacket(t, c.modes.get(t.token)!));
      if (packets.length) c.ws.send(encodeMessage(packets));
    }
  }

  /** Cuts every ticker connection (the network dropped). */
  dropTickerConnections(): void {
    for (const c of this.clients) c.ws.terminate();
    this.clients.clear();
  }

  /** Stops heartbeats (a silent, half-dead connection). */
  silenceHeartbeat(): void {
    clearInterval(this.heartbeat);
  }

  /** Connected ticker clients and what each subscribed, in which mode. */
  tickerClients(): Array<Record<number, KiteMode>> {
    return [...this.clients].map((c) => Object.fromEntries(c.modes));
  }

  /** Kite's JSON for an order (state `o`, or its latest). */
  orderJson(o: FakeOrderSnapshot): Record<string, unknown> {
    const [exchange, tradingsymbol] = o.symbol.split(':') as [string, string];
    const row = this.instruments.find((i) => i.exchange === exchange && i.tradingsymbol === tradingsymbol);
    const terminal = o.status === 'COMPLETE' || o.status === 'CANCELLED' || o.status === 'REJECTED';
    return {
      placed_by: this.userId,
      order_id: o.id,
      exchange_order_id: o.status === 'PUT ORDER REQ RECEIVED' ? null : (o.exchangeOrderId ?? null),
      parent_order_id: null,
      status: o.status,
      status_message: o.message ?? null,
      status_message_raw: o.message ?? null,
      order_timestamp: kiteTime(o.placedAt),
      exchange_update_timestamp: kiteTime(o.updatedAt),
      exchange_timestamp: o.status === 'PUT ORDER REQ RECEIVED' ? null : kiteTime(o.updatedAt),
      variety: o.variety ?? 'regular',
      modified: false,
      exchange,
      tradingsymbol,
      instrument_token: row?.instrument_token ?? 0,
      order_type: o.type,
      transaction_type: o.side,
      validity: o.validity,
      validity_ttl: 0,
      product: o.product,
      quantity: o.quantity,
      disclosed_quantity: 0,
      price: o.price ?? 0,
      trigger_price: o.trigger ?? 0,
      average_price: o.avgPrice,
      filled_quantity: o.filled,
      pending_quantity: terminal ? 0 : o.quantity - o.filled,
      cancelled_quantity: o.status === 'CANCELLED' || o.status === 'REJECTED' ? o.quantity - o.filled : 0,
      market_protection: 0,
      meta: {},
      tag: o.tag ?? null,
      tags: o.tag ? [o.tag] : [],
      guid: `guid${o.id}`,
    };
  }

  private authorised(req: FakeRequest): FakeReply | undefined {
    if (req.headers['x-kite-version'] !== '3') return kiteError(400, 'InputException', 'Missing or invalid X-Kite-Version header (expected 3).');
    const m = /^token ([^:]+):(.+)$/.exec(String(req.headers.authorization ?? ''));
    if (!m || m[1] !== this.apiKey || !this.accessTokens.has(m[2]!)) return kiteError(403, 'TokenException', 'Incorrect `api_key` or `access_token`.');
    return undefined;
  }

  /** A fault's reply for a request that did not place anything (undefined: proceed). */
  private refusal(f: Fault | undefined): FakeReply | undefined {
    if (!f) return undefined;
    switch (f.kind) {
      case 'reject':
        return kiteError(400, f.errorType ?? 'InputException', f.message ?? 'Invalid order.');
      case 'rate_limit':
        return kiteError(429, 'NetworkException', 'Too many requests');
      case 'server_error':
        return kiteError(f.status ?? 502, 'NetworkException', "Couldn't reach the OMS. Please try again.");
      case 'token_expired':
        this.expireSessions();
        return kiteError(403, 'TokenException', 'Token is invalid or has expired.');
      default:
        return undefined;
    }
  }

  private routes(): void {
    const h = this.http;
    h.route('POST', '/session/token', (req) => {
      const fault = this.refusal(this.faults.take('session'));
      if (fault) return fault;
      const { api_key, request_token, checksum } = req.body as Record<string, string>;
      if (api_key !== this.apiKey) return kiteError(403, 'TokenException', 'Invalid `api_key`.');
      const want = createHash('sha256').update(`${api_key}${request_token}${this.apiSecret}`).digest('hex');
      if (checksum !== want) return kiteError(403, 'TokenException', 'Invalid `checksum`.');
      if (!request_token || !this.requestTokens.delete(request_token)) return kiteError(403, 'TokenException', 'Token is invalid or has expired.');
      const access = this.issueAccessToken();
      return ok({
        user_type: 'individual',
        email: 'trader@example.com',
        user_name: 'Test Trader',
        user_shortname: 'Trader',
        broker: 'ZERODHA',
        exchanges: ['NSE', 'NFO', 'BSE'],
        products: ['CNC', 'NRML', 'MIS'],
        order_types: ['MARKET', 'LIMIT', 'SL', 'SL-M'],
        avatar_url: null,
        user_id: this.userId,
        api_key: this.apiKey,
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
      if (req.query.get('api_key') !== this.apiKey) return kiteError(400, 'InputException', 'Invalid `api_key`.');
      const token = this.issueRequestToken();
      if (!this.o.redirectUrl) return ok({ request_token: token });
      const to = new URL(this.o.redirectUrl);
      to.searchParams.set('request_token', token);
      to.searchParams.set('action', 'login');
      to.searchParams.set('status', 'success');
      return { status: 302, json: {}, headers: { location: to.toString() } };
    });

    h.route('GET', '/user/profile', (req) => this.authorised(req) ?? ok({ user_id: this.userId, user_name: 'Test Trader', broker: 'ZERODHA', email: 'trader@example.com' }));

    h.route('POST', '/orders/:variety', (req) => {
      const denied = this.authorised(req);
      if (denied) return denied;
      if (!this.limiter.allow()) return kiteError(429, 'NetworkException', 'Too many requests');
      const fault = this.faults.take('place');
      const refused = this.refusal(fault);
      if (refused) return refused;
      const b = req.body as Record<string, string>;
      const problem = validatePlace(b);
      if (problem) return kiteError(400, 'InputException', problem);
      const order = this.exchange.place({
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
      return ok({ order_id: order.id });
    });

    h.route('PUT', '/orders/:variety/:order_id', (req) => {
      const denied = this.authorised(req) ?? (this.limiter.allow() ? undefined : kiteError(429, 'NetworkException', 'Too many requests')) ?? this.refusal(this.faults.take('modify'));
      if (denied) return denied;
      const b = req.body as Record<string, string>;
      const r = this.exchange.modify(req.params.order_id!, {
        ...(b.quantity ? { quantity: Number(b.quantity) } : {}),
        ...(b.price ? { price: Number(b.price) } : {}),
        ...(b.trigger_price ? { trigger: Number(b.trigger_price) } : {}),
        ...(b.order_type ? { type: b.order_type as FakeOrderType } : {}),
      });
      if (typeof r === 'string') return kiteError(400, r === 'no such order' ? 'InputException' : 'OrderException', r === 'no such order' ? "Couldn't find that `order_id`." : `Order cannot be modified as it is being processed or already ${r.slice(9)}.`);
      return ok({ order_id: r.id });
    });

    h.route('DELETE', '/orders/:variety/:order_id', (req) => {
      const denied = this.authorised(req) ?? (this.limiter.allow() ? undefined : kiteError(429, 'NetworkException', 'Too many requests')) ?? this.refusal(this.faults.take('cancel'));
      if (denied) return denied;
      const r = this.exchange.cancel(req.params.order_id!);
      if (typeof r === 'string') return kiteError(400, r === 'no such order' ? 'InputException' : 'OrderException', r === 'no such order' ? "Couldn't find that `order_id`." : `Order cannot be cancelled as it is being processed or already ${r.slice(9)}.`);
      return ok({ order_id: r.id });
    });

    h.route('GET', '/orders', (req) => this.authorised(req) ?? this.refusal(this.faults.take('orders')) ?? ok([...this.exchange.orders.values()].map((o) => this.orderJson(o))));

    h.route('GET', '/orders/:order_id', (req) => {
      const denied = this.authorised(req) ?? this.refusal(this.faults.take('order'));
      if (denied) return denied;
      const o = this.exchange.orders.get(req.params.order_id!);
      if (!o) return kiteError(400, 'InputException', "Couldn't find that `order_id`.");
      return ok(o.history.map((s) => this.orderJson(s)));
    });

    h.route('GET', '/portfolio/positions', (req) => {
      const denied = this.authorised(req) ?? this.refusal(this.faults.take('positions'));
      if (denied) return denied;
      const rows = this.exchange.positions().map((p) => {
        const [exchange, tradingsymbol] = p.symbol.split(':') as [string, string];
        const unrealised = p.quantity * (p.last - p.averagePrice);
        return {
          tradingsymbol,
          exchange,
          instrument_token: this.instruments.find((i) => i.exchange === exchange && i.tradingsymbol === tradingsymbol)?.instrument_token ?? 0,
          product: p.product,
          quantity: p.quantity,
          overnight_quantity: 0,
          multiplier: 1,
          average_price: p.averagePrice,
          close_price: 0,
          last_price: p.last,
          value: p.sellValue - p.buyValue,
          pnl: p.realised + unrealised,
          m2m: p.realised + unrealised,
          unrealised,
          realised: p.realised,
          buy_quantity: p.buyQuantity,
          buy_price: p.buyQuantity ? p.buyValue / p.buyQuantity : 0,
          buy_value: p.buyValue,
          buy_m2m: p.buyValue,
          sell_quantity: p.sellQuantity,
          sell_price: p.sellQuantity ? p.sellValue / p.sellQuantity : 0,
          sell_value: p.sellValue,
          sell_m2m: p.sellValue,
          day_buy_quantity: p.buyQuantity,
          day_buy_price: p.buyQuantity ? p.buyValue / p.buyQuantity : 0,
          day_buy_value: p.buyValue,
          day_sell_quantity: p.sellQuantity,
          day_sell_price: p.sellQuantity ? p.sellValue / p.sellQuantity : 0,
          day_sell_value: p.sellValue,
        };
      });
      return ok({ net: rows, day: rows });
    });

    h.route('GET', '/portfolio/holdings', (req) => this.authorised(req) ?? this.refusal(this.faults.take('holdings')) ?? ok([]));

    h.route('GET', '/instruments', (req) => {
      const denied = this.authorised(req);
      if (denied) return denied;
      const cols = ['instrument_token', 'exchange_token', 'tradingsymbol', 'name', 'last_price', 'expiry', 'strike', 'tick_size', 'lot_size', 'instrument_type', 'segment', 'exchange'] as const;
      const lines = [cols.join(','), ...this.instruments.map((i) => cols.map((c) => (c === 'last_price' ? 0 : String(i[c]))).join(','))];
      return { status: 200, text: `${lines.join('\n')}\n`, contentType: 'text/csv' };
    });

    h.onUpgrade((req, accept, reject) => {
      const q = new URL(req.url ?? '/', 'http://fake').searchParams;
      if (q.get('api_key') !== this.apiKey || !this.accessTokens.has(q.get('access_token') ?? '')) return reject(403);
      void accept().then((ws) => {
        const client: TickerClient = { ws, modes: new Map() };
        this.clients.add(client);
        ws.on('close', () => this.clients.delete(client));
        ws.on('message', (data, isBinary) => {
          if (isBinary) return;
          let msg: { a?: string; v?: unknown };
          try {
            msg = JSON.parse(data.toString()) as typeof msg;
          } catch {
            return;
          }
          if (msg.a === 'subscribe' && Array.isArray(msg.v)) for (const t of msg.v as number[]) client.modes.set(t, client.modes.get(t) ?? 'quote');
          if (msg.a === 'unsubscribe' && Array.isArray(msg.v)) for (const t of msg.v as number[]) client.modes.delete(t);
          if (msg.a === 'mode' && Array.isArray(msg.v)) {
            const [mode, tokens] = msg.v as [KiteMode, number[]];
            for (const t of tokens) if (client.modes.has(t)) client.modes.set(t, mode);
          }
        });
      });
    });
  }

  private broadcast(text: string): void {
    for (const c of this.clients) c.ws.send(text);
  }
}

function validatePlace(b: Record<string, string>): string | undefined {
  for (const f of ['exchange', 'tradingsymbol', 'transaction_type', 'order_type', 'quantity', 'product', 'validity']) if (!b[f]) return `Missing \`${f}\`.`;
  if (b.transaction_type !== 'BUY' && b.transaction_type !== 'SELL') return 'Invalid `transaction_type`.';
  if (!['MARKET', 'LIMIT', 'SL', 'SL-M'].includes(b.order_type!)) return 'Invalid `order_type`.';
  if (!['CNC', 'NRML', 'MIS', 'MTF'].includes(b.product!)) return 'Invalid `product`.';
  if (!(Number.isInteger(Number(b.quantity)) && Number(b.quantity) > 0)) return 'Invalid `quantity`.';
  if ((b.order_type === 'LIMIT' || b.order_type === 'SL') && !(Number(b.price) > 0)) return 'Invalid `price`.';
  if ((b.order_type === 'SL' || b.order_type === 'SL-M') && !(Number(b.trigger_price) > 0)) return 'Invalid `trigger_price`.';
  if (b.tag !== undefined && !/^[A-Za-z0-9]{1,20}$/.test(b.tag)) return 'Tag length should be at most 20 characters and alphanumeric.';
  return undefined;
}

export type { FakeOrder };
