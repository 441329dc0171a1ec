import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import { FeedResponse } from '../../../src/feeds/upstox/upstox-proto.js';
import { FakeExchange, type FakeOrderSnapshot } from '../exchange.js';
import { FaultPlan, WindowLimiter, type Fault } from '../faults.js';
import { FakeHttpServer, type FakeReply, type FakeRequest } from '../http.js';
import { upstoxError, upstoxOrderJson, type UpstoxInstrument } from './upstox-json.js';
import { upstoxRoutes } from './upstox-routes.js';

/**
 * A local Upstox API server: OAuth token exchange, orders on V2 and V3 (place / modify /
 * cancel, with the `X-Algo-Name` header recorded), order book, order details, order history
 * by id or tag, positions, holdings — `Authorization: Bearer` checked, errors in Upstox's
 * `{"status":"error","errors":[{"errorCode":"UDAPI…"}]}` shape — and both WebSocket feeds:
 * the market data feed V3 (authorize → one-time URL → protobuf `FeedResponse`s, JSON
 * subscription frames) and the portfolio stream (order updates as JSON). Point
 * `upstox-js-sdk`'s `basePath` and `orderBasePath` at `url`.
 */

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
  readonly instruments: readonly UpstoxInstrument[];

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
    upstoxRoutes(this);
    this.feeds();
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

  /** Upstox's JSON for an order (one state of it). */
  orderJson(o: FakeOrderSnapshot): Record<string, unknown> {
    return upstoxOrderJson(o, this.instruments);
  }

  /** Spends a one-time authorization code; false when it was not issued (or already used). */
  useCode(code: string): boolean {
    return this.codes.delete(code);
  }

  /** Counts an order request against the per-second limit; false means 429. */
  allowOrder(): boolean {
    return this.limiter.allow();
  }

  /** Registers a one-time code for a feed socket. */
  feedCode(code: string, kind: 'market' | 'portfolio'): void {
    this.feedCodes.set(code, kind);
  }

  private feedEntry(t: UpstoxTickInput, mode: string): Record<string, unknown> {
    const ltpc = { ltp: t.ltp, ltt: t.ltt ?? Date.now(), ltq: 1, cp: t.cp ?? t.ltp };
    if (mode === 'ltpc') return { ltpc };
    if (t.key.includes('_INDEX|')) return { fullFeed: { indexFF: { ltpc } } };
    return { fullFeed: { marketFF: { ltpc, vtt: t.vtt ?? 0, oi: t.oi ?? 0 } } };
  }

  /** The Upstox error for a request without a valid bearer token, or undefined. */
  authorised(req: FakeRequest): FakeReply | undefined {
    const m = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''));
    if (!m || !this.tokens.has(m[1]!)) return upstoxError(401, 'UDAPI100050', 'Invalid token used to access API');
    return undefined;
  }

  /** The reply a planned fault gives before anything is placed (undefined: proceed). */
  refusal(f: Fault | undefined): FakeReply | undefined {
    if (!f) return undefined;
    switch (f.kind) {
      case 'reject':
        return upstoxError(400, f.errorType ?? 'UDAPI100500', f.message ?? 'Order rejected');
      case 'rate_limit':
        return upstoxError(429, 'UDAPI10005', 'Too Many Request Sent');
      case 'server_error':
        return upstoxError(f.status ?? 500, 'UDAPI100500', 'Something went wrong, please try again');
      case 'token_expired':
        this.expireSessions();
        return upstoxError(401, 'UDAPI100050', 'Invalid token used to access API');
      default:
        return undefined;
    }
  }

  private feeds(): void {
    this.http.onUpgrade((req, accept, reject) => {
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

export type { UpstoxInstrument } from './upstox-json.js';
