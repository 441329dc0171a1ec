import { describe, expect, it } from 'vitest';
import { createBroker } from '../../src/brokers/create-broker.js';
import { unwrap } from '../../src/brokers/errors.js';
import { InstrumentMap } from '../../src/brokers/instruments/instrument-map.js';
import { StaticSessionSource } from '../../src/brokers/session/session-source.js';
import { resolveBrokerSettings } from '../../src/brokers/settings.js';
import { createLiveFeed } from '../../src/feeds/create-feed.js';
import { INSTRUMENT_DOCS } from '../fakes/instruments.js';

const map = new InstrumentMap(INSTRUMENT_DOCS);

describe('broker settings', () => {
  it('defaults to paper and production URLs, and takes overrides from the environment', () => {
    const d = resolveBrokerSettings({}, {}).value!;
    expect(d).toMatchObject({ broker: 'paper', zerodha: { root: 'https://api.kite.trade', tickerUrl: 'wss://ws.kite.trade/', algoIdField: 'algo_id' }, upstox: { orderBasePath: 'https://api-hft.upstox.com' }, rateLimit: { limitPerSecond: 10, burst: 5 } });
    const env = { ALGO_BROKER: 'zerodha', ALGO_KITE_ROOT: 'http://127.0.0.1:7001', ALGO_KITE_TICKER_URL: 'ws://127.0.0.1:7001/', ALGO_SEBI_ALGO_ID: 'ALGO42' };
    expect(resolveBrokerSettings({ zerodha: { timeoutMs: 3000 } }, env).value).toMatchObject({ broker: 'zerodha', algoId: 'ALGO42', zerodha: { root: 'http://127.0.0.1:7001', tickerUrl: 'ws://127.0.0.1:7001/', timeoutMs: 3000 } });
  });

  it('names the variable or field it cannot use', () => {
    expect(resolveBrokerSettings({}, { ALGO_KITE_ROOT: 'not a url', ALGO_BROKER: 'icici' }).errors).toEqual([
      'ALGO_BROKER (broker): Invalid option: expected one of "paper"|"zerodha"|"upstox"',
      'ALGO_KITE_ROOT (zerodha.root): Invalid URL',
    ]);
    expect(resolveBrokerSettings({ rateLimit: { burst: 0 } as never }, {}).errors).toEqual(['broker settings: rateLimit.burst: Too small: expected number to be >0']);
  });

  it('builds the paper broker (resumable) or a real one, always behind the order-rate limiter', () => {
    const paper = unwrap(createBroker(resolveBrokerSettings({}, {}).value!, { userId: 'u1', instruments: map }));
    expect(paper.broker.name).toBe('paper');
    expect(paper.paper).toBeDefined();
    expect(paper.broker).not.toBe(paper.paper);
    const resumed = unwrap(createBroker(resolveBrokerSettings({}, {}).value!, { userId: 'u1', instruments: map, paper: { state: paper.paper!.snapshot() } }));
    expect(resumed.paper!.snapshot()).toEqual(paper.paper!.snapshot());
    const corrupt = createBroker(resolveBrokerSettings({}, {}).value!, { userId: 'u1', instruments: map, paper: { state: { version: 9 } } });
    expect(corrupt.ok || corrupt.error.message).toBe('paper broker state: version: Invalid input: expected 1');

    const zerodha = resolveBrokerSettings({ broker: 'zerodha' }, {}).value!;
    const noSession = createBroker(zerodha, { userId: 'u1', instruments: map });
    expect(noSession.ok || noSession.error).toMatchObject({ code: 'BROKER_TOKEN_MISSING', message: 'zerodha: no session source configured — the engine cannot sign requests to zerodha' });
    const session = new StaticSessionSource('zerodha', { apiKey: 'k', accessToken: 't', expiresAt: Date.now() + 60_000 });
    expect(unwrap(createBroker(zerodha, { userId: 'u1', instruments: map, session })).broker.name).toBe('zerodha');
    expect(unwrap(createBroker(resolveBrokerSettings({ broker: 'upstox' }, {}).value!, { userId: 'u1', instruments: map, session })).paper).toBeUndefined();
  });

  it('picks the live feed: the broker’s own, or the one named for paper trading', () => {
    const session = new StaticSessionSource('zerodha', { apiKey: 'k', accessToken: 't', expiresAt: Date.now() + 60_000 });
    const paper = createLiveFeed(resolveBrokerSettings({}, {}).value!, { instruments: map, session });
    expect(paper.ok || paper.error.message).toBe('paper trading needs market data: set the feed to kite or upstox (with a login to that broker), or replay a stored day');
    expect(unwrap(createLiveFeed(resolveBrokerSettings({ feed: 'upstox' }, {}).value!, { instruments: map, session })).kind).toBe('upstox');
    expect(unwrap(createLiveFeed(resolveBrokerSettings({ broker: 'zerodha' }, {}).value!, { instruments: map, session })).kind).toBe('kite');
  });
});

describe('InstrumentMap', () => {
  it('maps our keys to Kite symbols and tokens and to Upstox keys, and back', () => {
    expect(map.kite('NSE_EQ|RELIANCE')).toEqual({ exchange: 'NSE', tradingsymbol: 'RELIANCE' });
    expect(map.kite('NSE_FO|BANKNIFTY24JAN45000CE')).toEqual({ exchange: 'NFO', tradingsymbol: 'BANKNIFTY24JAN45000CE' });
    expect(map.kite('NSE_INDEX|Nifty Bank')).toEqual({ exchange: 'NSE', tradingsymbol: 'NIFTY BANK' });
    expect(map.kiteToken('NSE_FO|BANKNIFTY24JAN45000CE')).toBe(10213890);
    expect(map.upstox('NSE_EQ|RELIANCE')).toBe('NSE_EQ|INE002A01018');
    expect(map.upstox('NSE_FO|BANKNIFTY24JAN45000CE')).toBe('NSE_FO|39898');
    expect(map.upstox('NSE_INDEX|Nifty Bank')).toBe('NSE_INDEX|Nifty Bank');
    expect(map.fromKite('NFO', 'BANKNIFTY24JAN45000CE')).toBe('NSE_FO|BANKNIFTY24JAN45000CE');
    expect(map.fromKiteToken(738561)).toBe('NSE_EQ|RELIANCE');
    expect(map.fromUpstox('NSE_EQ|INE467B01029')).toBe('NSE_EQ|TCS');
  });

  it('derives cash and index symbols without the master, and leaves the rest unmapped', () => {
    const empty = new InstrumentMap();
    expect(empty.kite('BSE_EQ|INFY')).toEqual({ exchange: 'BSE', tradingsymbol: 'INFY' });
    expect(empty.kite('NSE_INDEX|Nifty 50')).toEqual({ exchange: 'NSE', tradingsymbol: 'NIFTY 50' });
    expect(empty.kite('NSE_FO|NIFTY24JAN21000CE')).toBeUndefined();
    expect(empty.kiteToken('NSE_EQ|INFY')).toBeUndefined();
    expect(empty.upstox('NSE_EQ|INFY')).toBeUndefined();
    expect(empty.fromKite('NSE', 'INFY')).toBe('NSE_EQ|INFY');
    expect(empty.fromKite('MCX', 'CRUDEOIL24JANFUT')).toBe('MCX_FO|CRUDEOIL24JANFUT');
    expect(empty.fromUpstox('NSE_EQ|INE009A01021')).toBe('NSE_EQ|INE009A01021');
  });
});
