import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InstrumentMap } from '../../src/brokers/instruments/instrument-map.js';
import { StaticSessionSource } from '../../src/brokers/session/session-source.js';
import { ManualScheduler } from '../../src/feeds/clock.js';
import type { FeedStatus, Tick } from '../../src/feeds/feed.js';
import { UpstoxMarketFeed } from '../../src/feeds/upstox/upstox-market-feed.js';
import { decodeFeed, FeedResponse } from '../../src/feeds/upstox/upstox-proto.js';
import { INSTRUMENT_DOCS, UPSTOX_INSTRUMENTS } from '../fakes/instruments.js';
import { UpstoxFake } from '../fakes/upstox/upstox-fake.js';
import { until } from './helpers.js';

let up: UpstoxFake;
const map = new InstrumentMap(INSTRUMENT_DOCS);
const T = Date.UTC(2024, 0, 15, 4, 0, 5, 250);

beforeAll(async () => {
  up = await UpstoxFake.start({ instruments: UPSTOX_INSTRUMENTS });
});
afterAll(async () => {
  await up.stop();
});

function feedWith(clock: ManualScheduler, token = up.issueAccessToken()): { feed: UpstoxMarketFeed; ticks: Tick[]; statuses: FeedStatus[] } {
  const session = new StaticSessionSource('upstox', { apiKey: up.clientId, accessToken: token, expiresAt: Date.now() + 86_400_000 });
  const feed = new UpstoxMarketFeed({ session, instruments: map, basePath: up.url, scheduler: clock, backoff: { initialMs: 1000, jitter: 0 } });
  const ticks: Tick[] = [];
  const statuses: FeedStatus[] = [];
  feed.onTicks((b) => ticks.push(...b));
  feed.onStatus((s) => statuses.push(s));
  return { feed, ticks, statuses };
}

describe('Upstox feed wire format', () => {
  it('round-trips a FeedResponse through the SDK’s own .proto, int64 times as numbers', () => {
    const bytes = FeedResponse.encode(FeedResponse.fromObject({ type: 1, currentTs: T, feeds: { 'NSE_EQ|INE002A01018': { fullFeed: { marketFF: { ltpc: { ltp: 2500.5, ltt: T, ltq: 2, cp: 2490 }, vtt: 123456, oi: 0 } } } } })).finish();
    expect(decodeFeed(bytes)).toEqual({ type: 'live_feed', currentTs: T, feeds: { 'NSE_EQ|INE002A01018': { fullFeed: { marketFF: { ltpc: { ltp: 2500.5, ltt: T, ltq: 2, cp: 2490 }, vtt: 123456, oi: 0 } } } } });
  });
});

describe('UpstoxMarketFeed', () => {
  it('authorizes, subscribes by Upstox instrument key in full mode and delivers ticks in our keys', async () => {
    const clock = new ManualScheduler(T);
    const { feed, ticks, statuses } = feedWith(clock);
    const sub = await feed.subscribe(['NSE_EQ|RELIANCE', 'NSE_INDEX|Nifty Bank', 'NSE_FO|BANKNIFTY24JAN45000CE', 'NSE_EQ|NOISIN']);
    expect(sub.problems).toEqual([{ instrument: 'NSE_EQ|NOISIN', message: 'upstox: NSE_EQ|NOISIN has no Upstox instrument key (ISIN or exchange token) in the instruments master' }]);
    await feed.start();
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'live']);
    expect(up.http.requests.some((r) => r.path === '/v3/feed/market-data-feed/authorize')).toBe(true);
    await until('subscribed', () => up.feedClients().some((c) => c['NSE_EQ|INE002A01018'] === 'full' && c['NSE_INDEX|Nifty Bank'] === 'full' && c['NSE_FO|39898'] === 'full'));
    up.pushTicks([
      { key: 'NSE_EQ|INE002A01018', ltp: 2500.5, ltt: T, vtt: 1000 },
      { key: 'NSE_INDEX|Nifty Bank', ltp: 45100.25, ltt: T },
      { key: 'NSE_FO|39898', ltp: 312, ltt: T + 100, vtt: 75, oi: 120_000 },
      { key: 'NSE_EQ|INE467B01029', ltp: 3500, ltt: T },
    ]);
    up.pushTicks([{ key: 'NSE_EQ|INE002A01018', ltp: 2501, ltt: T + 1000, vtt: 1200 }]);
    await until('four ticks', () => ticks.length === 4);
    expect(ticks).toEqual([
      { instrument: 'NSE_EQ|RELIANCE', ltp: 2500.5, volume: 1000, ts: T, gap: true },
      { instrument: 'NSE_INDEX|Nifty Bank', ltp: 45100.25, ts: T, gap: true },
      { instrument: 'NSE_FO|BANKNIFTY24JAN45000CE', ltp: 312, volume: 75, oi: 120_000, ts: T + 100, gap: true },
      { instrument: 'NSE_EQ|RELIANCE', ltp: 2501, volume: 1200, ts: T + 1000 },
    ]);
    await feed.stop();
  });

  it('reconnects with a fresh authorization after the socket is killed, and resubscribes', async () => {
    const clock = new ManualScheduler(T);
    const { feed, ticks } = feedWith(clock);
    await feed.subscribe(['NSE_EQ|TCS']);
    await feed.start();
    await until('subscribed', () => up.feedClients().some((c) => c['NSE_EQ|INE467B01029'] === 'full'));
    const authorizations = up.http.requests.filter((r) => r.path === '/v3/feed/market-data-feed/authorize').length;
    up.dropFeedConnections();
    await until('down', () => feed.status().state === 'down');
    expect(feed.status()).toMatchObject({ code: 'socket_closed', attempt: 1, nextRetryAt: T + 1000 });
    clock.advance(1000);
    await until('resubscribed', () => up.feedClients().some((c) => c['NSE_EQ|INE467B01029'] === 'full'));
    expect(up.http.requests.filter((r) => r.path === '/v3/feed/market-data-feed/authorize').length).toBe(authorizations + 1);
    up.pushTicks([{ key: 'NSE_EQ|INE467B01029', ltp: 3499, ltt: T + 9000 }]);
    await until('a tick', () => ticks.length === 1);
    expect(ticks[0]).toMatchObject({ instrument: 'NSE_EQ|TCS', ltp: 3499, gap: true });
    await feed.stop();
  });

  it('stays down, saying why, while the authorize call is refused — and recovers when it is not', async () => {
    const clock = new ManualScheduler(T);
    const { feed } = feedWith(clock);
    await feed.subscribe(['NSE_EQ|TCS']);
    up.faults.next('authorize', { kind: 'server_error', status: 502 });
    await feed.start();
    expect(feed.status()).toMatchObject({ state: 'down', code: 'unreachable', reason: 'upstox market feed: authorize failed: upstox: the broker failed (HTTP 502: Something went wrong, please try again)', attempt: 1 });
    clock.advance(1000);
    await until('live', () => feed.status().state === 'live');
    up.expireSessions();
    up.dropFeedConnections();
    await until('down again', () => feed.status().state === 'down');
    clock.advance(1000);
    await until('the refused authorize', () => feed.status().code === 'token');
    expect(feed.status().reason).toBe('upstox market feed: authorize failed: upstox: the broker rejected the access token (Invalid token used to access API) — log in to upstox again');
    await feed.stop();
  });
});
