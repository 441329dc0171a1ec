import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import { FakeExchange, type FakeOrder, type FakeOrderSnapshot } from '../exchange.js';
import { FaultPlan, WindowLimiter, type Fault } from '../faults.js';
import { FakeHttpServer, type FakeReply, type FakeRequest } from '../http.js';
import { kiteError, kiteOrderJson, type KiteInstrumentRow } from './kite-json.js';
import { kiteRoutes } from './kite-routes.js';
import { encodeMessage, encodePacket, HEARTBEAT, type KiteMode, type KiteTickInput } from './kite-packets.js';

/**
 * A local Kite Connect v3 server: the REST API (session token exchange, orders, order
 * history, positions, holdings, instruments CSV, profile — with the `Authorization: token
 * api_key:access_token` and `X-Kite-Version: 3` headers checked) and the ticker WebSocket
 * (binary ltp/quote/full packets, a heartbeat every second, order updates as text
 * messages), on one loopback port. Point `kiteconnect` at `restUrl` (`root`) and a ticker at
 * `tickerUrl`. Failures are injected per request through `faults`.
 */

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
  readonly instruments: readonly KiteInstrumentRow[];

  private constructor(private readonly o: KiteFakeOptions) {
    this.apiKey = o.apiKey ?? 'kite_api_key';
    this.apiSecret = o.apiSecret ?? 'kite_api_secret';
    this.userId = o.userId ?? 'AB1234';
    this.exchange = new FakeExchange({ autoFill: o.autoFill ?? true });
    this.limiter = new WindowLimiter(o.orderRateLimit ?? 10);
    this.instruments = o.instruments ?? [];
    this.exchange.onChange((order) => this.broadcast(JSON.stringify({ type: 'order', data: this.orderJson(order) })));
    kiteRoutes(this);
    this.ticker();
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

  /** Spends a one-time request token; false when it was not issued (or already used). */
  useRequestToken(token: string): boolean {
    return this.requestTokens.delete(token);
  }

  /** Counts an order request against the broker's per-second limit; false means 429. */
  allowOrder(): boolean {
    return this.limiter.allow();
  }

  get redirectUrl(): string | undefined {
    return this.o.redirectUrl;
  }

  /** Kite's JSON for an order (one state of it). */
  orderJson(o: FakeOrderSnapshot): Record<string, unknown> {
    return kiteOrderJson(o, this.userId, this.instruments);
  }

  /** The Kite error for a request without a valid session, or undefined. */
  authorised(req: FakeRequest): FakeReply | undefined {
    if (req.headers['x-kite-version'] !== '3') return kiteError(400, 'InputException', 'Missing or invalid X-Kite-Version header (expected 3).');
    const m = /^token ([^:]+):(.+)$/.exec(String(req.headers.authorization ?? ''));
    if (!m || m[1] !== this.apiKey || !this.accessTokens.has(m[2]!)) return kiteError(403, 'TokenException', 'Incorrect `api_key` or `access_token`.');
    return undefined;
  }

  /** A fault's reply for a request that did not place anything (undefined: proceed). */
  refusal(f: Fault | undefined): FakeReply | undefined {
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

  private ticker(): void {
    this.http.onUpgrade((req, accept, reject) => {
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

export { kiteTime, type KiteInstrumentRow } from './kite-json.js';
export type { FakeOrder };
