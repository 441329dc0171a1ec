import type { RawData } from 'ws';
import { parseAnswer } from '../../brokers/answer.js';
import type { InstrumentMap } from '../../brokers/instruments/instrument-map.js';
import type { SessionSource } from '../../brokers/session/session-source.js';
import { AuthorizeAnswer } from '../../brokers/upstox/upstox-broker.js';
import { sdkCall, upstoxClient, upstoxSdk, type UpstoxEndpoints } from '../../brokers/upstox/upstox-client.js';
import { upstoxFailure } from '../../brokers/upstox/upstox-errors.js';
import type { SubscribeProblem, Tick } from '../feed.js';
import type { SocketTarget } from '../socket/reconnecting-socket.js';
import { SocketFeed, type SocketFeedOptions } from '../socket/socket-feed.js';
import { decodeFeed, feedRequest, type UpstoxFeedEntry } from './upstox-proto.js';

export interface UpstoxMarketFeedOptions extends UpstoxEndpoints, SocketFeedOptions {
  readonly session: SessionSource;
  readonly instruments: InstrumentMap;
  /** `full` (default: volume and OI), `ltpc`, `option_greeks` or `full_d30`. */
  readonly mode?: 'full' | 'ltpc' | 'option_greeks' | 'full_d30';
  /** Silence that means a dead connection (default 30 s; the feed is pinged every 10 s). */
  readonly staleAfterMs?: number;
}

/**
 * Market data from Upstox's market data feed V3: each connection starts with the authorize
 * call (`GET /v3/feed/market-data-feed/authorize`, through the SDK's `WebsocketApi`), which
 * answers a one-time `wss://` URL; the socket then carries protobuf `FeedResponse`s, decoded
 * with the SDK's own `.proto`. Subscriptions are JSON in binary frames, by Upstox instrument
 * key (from the instruments master).
 *
 * The SDK's own streamer is not used: it hard-codes the production URL and shares one
 * global client. Each reconnect authorizes afresh (`SocketFeed` does the rest).
 */
export class UpstoxMarketFeed extends SocketFeed {
  readonly kind = 'upstox';

  constructor(private readonly o: UpstoxMarketFeedOptions) {
    super('upstox market feed', { ...o, staleAfterMs: o.staleAfterMs ?? 30_000, pingEveryMs: 10_000 });
  }

  protected async resolve(instruments: readonly string[]): Promise<{ ok: string[]; problems: SubscribeProblem[] }> {
    const ok: string[] = [];
    const problems: SubscribeProblem[] = [];
    for (const k of instruments) {
      if (this.o.instruments.upstox(k)) ok.push(k);
      else problems.push({ instrument: k, message: `upstox: ${k} has no Upstox instrument key (ISIN or exchange token) in the instruments master` });
    }
    return { ok, problems };
  }

  protected sendSubscribe(instruments: readonly string[]): void {
    const keys = instruments.map((k) => this.o.instruments.upstox(k)).filter((k): k is string => k !== undefined);
    if (!keys.length) return;
    this.subscribed(instruments);
    this.send(feedRequest('sub', keys, this.o.mode ?? 'full'));
  }

  protected sendUnsubscribe(instruments: readonly string[]): void {
    const keys = instruments.map((k) => this.o.instruments.upstox(k)).filter((k): k is string => k !== undefined);
    if (keys.length) this.send(feedRequest('unsub', keys));
  }

  /** Each connection starts with the authorize call, which answers a one-time URL. */
  protected async target(): Promise<SocketTarget> {
    const s = await this.o.session.current();
    if (!s.ok) return { ok: false, code: 'token', reason: s.error.message };
    const r = await sdkCall((cb) => new upstoxSdk.WebsocketApi(upstoxClient(this.o, s.value.accessToken)).getMarketDataFeedAuthorizeV3(cb));
    if (!r.ok) {
      const f = upstoxFailure(r.error, 'authorize');
      if (f.tokenDead) await this.o.session.invalidate(f.result.ok ? '' : f.result.error.message);
      const e = f.result.ok ? undefined : f.result.error;
      return { ok: false, code: e?.code === 'BROKER_TOKEN_STALE' ? 'token' : 'unreachable', reason: `authorize failed: ${e?.message ?? 'unknown'}` };
    }
    const a = parseAnswer('upstox', 'the feed authorization', AuthorizeAnswer, r.body);
    if (!a.ok) return { ok: false, code: 'protocol', reason: a.error.message };
    return { ok: true, url: (a.value.data.authorized_redirect_uri ?? a.value.data.authorizedRedirectUri)! };
  }

  protected decode(data: RawData, isBinary: boolean): Tick[] {
    if (!isBinary || !Buffer.isBuffer(data)) return [];
    let msg;
    try {
      msg = decodeFeed(data);
    } catch (err) {
      this.logger?.warn({ err }, 'upstox market feed: unreadable message');
      return [];
    }
    if (msg.type === 'market_info' || !msg.feeds) return [];
    const fallback = msg.currentTs ?? this.clock.now();
    const ticks: Tick[] = [];
    for (const [key, entry] of Object.entries(msg.feeds)) {
      const instrument = this.o.instruments.fromUpstox(key);
      if (!this.subs.has(instrument)) continue;
      const t = tickOf(instrument, entry, fallback);
      if (t) ticks.push(this.tick(t));
    }
    return ticks;
  }
}

function tickOf(instrument: string, e: UpstoxFeedEntry, fallbackTs: number): Omit<Tick, 'gap'> | undefined {
  const market = e.fullFeed?.marketFF ?? e.firstLevelWithGreeks;
  const ltpc = e.ltpc ?? market?.ltpc ?? e.fullFeed?.indexFF?.ltpc;
  if (!ltpc?.ltp) return undefined;
  return {
    instrument,
    ltp: ltpc.ltp,
    ...(market?.vtt ? { volume: market.vtt } : {}),
    ...(market?.oi ? { oi: market.oi } : {}),
    ts: ltpc.ltt || fallbackTs,
  };
}
