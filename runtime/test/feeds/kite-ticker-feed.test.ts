import { KiteTicker } from 'kiteconnect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InstrumentMap } from '../../src/brokers/instruments/instrument-map.js';
import { StaticSessionSource } from '../../src/brokers/session/session-source.js';
import { ManualScheduler } from '../../src/feeds/clock.js';
import type { FeedStatus, Tick } from '../../src/feeds/feed.js';
import { decodeKiteMessage } from '../../src/feeds/kite/kite-packets.js';
import { KiteTickerFeed } from '../../src/feeds/kite/kite-ticker-feed.js';
import { INSTRUMENT_DOCS, KITE_ROWS } from '../fakes/instruments.js';
import { KiteFake } from '../fakes/kite/kite-fake.js';
import { encodeMessage, encodePacket } from '../fakes/kite/kite-packets.js';
import { until } from './helpers.js';

let kite: KiteFake;
const map = new InstrumentMap(INSTRUMENT_DOCS);
const T = Date.UTC(2024, 0, 15, 4, 0, 5);

beforeAll(async () => {
  kite = await KiteFake.start({ instruments: KITE_ROWS });
});
afterAll(async () => {
  await kite.stop();
});

function feedWith(clock: ManualScheduler, token = kite.issueAccessToken()): { feed: KiteTickerFeed; ticks: Tick[]; statuses: FeedStatus[] } {
  const session = new StaticSessionSource('zerodha', { apiKey: kite.apiKey, accessToken: token, expiresAt: Date.now() + 86_400_000 });
  const feed = new KiteTickerFeed({ session, instruments: map, url: kite.tickerUrl, scheduler: clock, backoff: { initialMs: 1000, jitter: 0 } });
  const ticks: Tick[] = [];
  const statuses: FeedStatus[] = [];
  feed.onTicks((b) => ticks.push(...b));
  feed.onStatus((s) => statuses.push(s));
  return { feed, ticks, statuses };
}

describe('Kite ticker binary format', () => {
  const parser = new KiteTicker({ api_key: 'x', access_token: 'y', reconnect: false }) as unknown as { parseBinary(b: ArrayBuffer): Array<Record<string, unknown>> };
  const reference = (msg: Buffer) => parser.parseBinary(msg.buffer.slice(msg.byteOffset, msg.byteOffset + msg.length) as ArrayBuffer);

  it('the fake speaks the packets kiteconnect parses: ltp, quote, full, and index', () => {
    const msg = encodeMessage([
      encodePacket({ token: 738561, ltp: 2501.35 }, 'ltp'),
      encodePacket({ token: 738561, ltp: 2501.35, volume: 120_000, open: 2490, high: 2510, low: 2480.5, close: 2495 }, 'quote'),
      encodePacket({ token: 10213890, ltp: 312.4, volume: 9_000, oi: 1_500_000, ts: T }, 'full'),
      encodePacket({ token: 260105, ltp: 45123.45, open: 45000, high: 45200, low: 44950, close: 44990, ts: T }, 'full'),
    ]);
    const ticks = reference(msg);
    expect(ticks[0]).toMatchObject({ mode: 'ltp', instrument_token: 738561, last_price: 2501.35 });
    expect(ticks[1]).toMatchObject({ mode: 'quote', volume_traded: 120_000, ohlc: { open: 2490, high: 2510, low: 2480.5, close: 2495 } });
    expect(ticks[2]).toMatchObject({ mode: 'full', tradable: true, last_price: 312.4, oi: 1_500_000, volume_traded: 9_000 });
    expect((ticks[2]!.last_trade_time as Date).getTime()).toBe(T);
    expect(ticks[3]).toMatchObject({ mode: 'full', tradable: false, last_price: 45123.45 });
  });

  it('our decoder reads every packet as kiteconnect’s parser does (3,000 random packets, all modes and segments)', () => {
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const modes = ['ltp', 'quote', 'full'] as const;
    for (let m = 0; m < 100; m++) {
      const inputs = Array.from({ length: 30 }, () => {
        const segment = [1, 2, 3, 4, 5, 6, 9][rnd(7)]!;
        const token = (rnd(500_000) << 8) | segment;
        const scale = segment === 3 ? 1e7 : segment === 6 ? 1e4 : 100;
        return { input: { token, ltp: (1 + rnd(200_000)) / scale, volume: rnd(2_000_000_000), oi: rnd(50_000_000), ts: (1_700_000_000 + rnd(1e7)) * 1000 }, mode: modes[rnd(3)]! };
      });
      const msg = encodeMessage(inputs.map((i) => encodePacket(i.input, i.mode)));
      const ours = decodeKiteMessage(msg);
      const theirs = reference(msg);
      expect(ours.length).toBe(theirs.length);
      ours.forEach((p, i) => {
        const r = theirs[i]!;
        expect(p.token).toBe(r.instrument_token);
        expect(p.ltp).toBe(r.last_price);
        expect(p.index).toBe(r.tradable === false);
        if (!p.index && r.mode !== 'ltp') expect(p.volume).toBe(r.volume_traded);
        if (r.oi !== undefined) expect(p.oi).toBe(r.oi);
        if (r.last_trade_time) expect(p.lastTradeTime).toBe((r.last_trade_time as Date).getTime());
        if (r.exchange_timestamp) expect(p.exchangeTime).toBe((r.exchange_timestamp as Date).getTime());
      });
    }
  });

  it('cuts a truncated message at the last whole packet, and ignores heartbeats', () => {
    const msg = encodeMessage([encodePacket({ token: 738561, ltp: 1 }, 'quote'), encodePacket({ token: 738561, ltp: 2 }, 'full')]);
    expect(decodeKiteMessage(msg.subarray(0, msg.length - 10)).map((p) => p.ltp)).toEqual([1]);
    expect(decodeKiteMessage(Buffer.from([0]))).toEqual([]);
  });
});

describe('KiteTickerFeed', () => {
  it('subscribes by instrument token in full mode and delivers ticks in our keys', async () => {
    const clock = new ManualScheduler(T);
    const { feed, ticks, statuses } = feedWith(clock);
    const sub = await feed.subscribe(['NSE_EQ|RELIANCE', 'NSE_FO|BANKNIFTY24JAN45000CE', 'NSE_EQ|UNKNOWN']);
    expect(sub.problems).toEqual([{ instrument: 'NSE_EQ|UNKNOWN', message: 'kite: NSE_EQ|UNKNOWN has no Kite instrument token in the instruments master' }]);
    await feed.start();
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'live']);
    await until('the subscription to reach the ticker', () => kite.tickerClients().some((c) => c[738561] === 'full' && c[10213890] === 'full'));
    kite.pushTicks([
      { token: 738561, ltp: 2500, volume: 1000, ts: T },
      { token: 10213890, ltp: 310.5, volume: 50, oi: 900, ts: T + 1000 },
      { token: 2953217, ltp: 3500, ts: T },
    ]);
    kite.pushTicks([{ token: 738561, ltp: 2501, volume: 1500, ts: T + 2000 }]);
    await until('three ticks', () => ticks.length === 3);
    expect(ticks).toEqual([
      { instrument: 'NSE_EQ|RELIANCE', ltp: 2500, volume: 1000, ts: T, gap: true },
      { instrument: 'NSE_FO|BANKNIFTY24JAN45000CE', ltp: 310.5, volume: 50, oi: 900, ts: T + 1000, gap: true },
      { instrument: 'NSE_EQ|RELIANCE', ltp: 2501, volume: 1500, ts: T + 2000 },
    ]);
    feed.unsubscribe(['NSE_FO|BANKNIFTY24JAN45000CE']);
    await until('the unsubscription', () => kite.tickerClients().some((c) => c[738561] === 'full' && c[10213890] === undefined));
    await feed.stop();
    expect(feed.status().state).toBe('stopped');
  });

  it('goes down when the socket is killed, says when it retries, and resubscribes on reconnect', async () => {
    const clock = new ManualScheduler(T);
    const { feed, ticks, statuses } = feedWith(clock);
    await feed.subscribe(['NSE_EQ|TCS']);
    await feed.start();
    await until('subscribed', () => kite.tickerClients().some((c) => c[2953217] === 'full'));
    kite.dropTickerConnections();
    await until('down', () => feed.status().state === 'down');
    expect(feed.status()).toMatchObject({ state: 'down', code: 'socket_closed', attempt: 1, nextRetryAt: T + 1000 });
    expect(feed.status().reason).toMatch(/^kite ticker: socket closed \(1006\)$/);
    clock.advance(1000);
    await until('live again', () => feed.status().state === 'live');
    await until('resubscribed', () => kite.tickerClients().some((c) => c[2953217] === 'full'));
    kite.pushTicks([{ token: 2953217, ltp: 3501, ts: T + 5000 }]);
    await until('a tick after the reconnect', () => ticks.length === 1);
    expect(ticks[0]).toMatchObject({ instrument: 'NSE_EQ|TCS', ltp: 3501, gap: true });
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'live', 'down', 'live']);
    await feed.stop();
  });

  it('treats a silent connection as dead, and reports a refused token as an auth failure while it keeps retrying', async () => {
    const clock = new ManualScheduler(T);
    const { feed } = feedWith(clock);
    await feed.subscribe(['NSE_EQ|TCS']);
    await feed.start();
    expect(feed.status().state).toBe('live');
    clock.advance(5000); // no message (not even a heartbeat) in five seconds of the feed's clock
    expect(feed.status()).toMatchObject({ state: 'down', code: 'stale', reason: 'kite ticker: no data for 5 s (the connection is silent)', attempt: 1 });

    kite.expireSessions();
    clock.advance(1000);
    await until('the refused reconnect', () => feed.status().attempt === 2);
    expect(feed.status()).toMatchObject({
      state: 'down',
      code: 'auth',
      reason: 'kite ticker: the broker refused the connection (HTTP 403): the access token is invalid or expired',
      nextRetryAt: clock.now() + 2000,
    });
    await feed.stop();
  });

  it('says plainly that there is no token, without connecting', async () => {
    const clock = new ManualScheduler(T);
    const feed = new KiteTickerFeed({ session: new StaticSessionSource('zerodha', undefined), instruments: map, url: kite.tickerUrl, scheduler: clock });
    await feed.start();
    expect(feed.status()).toMatchObject({ state: 'down', code: 'token', reason: 'kite ticker: zerodha: no access token configured — log in to zerodha to trade live' });
    await feed.stop();
  });
});
