import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../src/brokers/errors.js';
import { InstrumentMap } from '../../src/brokers/instruments/instrument-map.js';
import { fetchKiteInstruments, kiteInstrumentDocs } from '../../src/brokers/zerodha/kite-instruments.js';
import { KITE_ROWS } from '../fakes/instruments.js';
import { KiteFake } from '../fakes/kite/kite-fake.js';
import { useStorage } from '../storage/support.js';

describe('the instruments master from Kite', () => {
  const storage = useStorage('kite_instruments');
  let kite: KiteFake;
  beforeAll(async () => {
    kite = await KiteFake.start({ instruments: KITE_ROWS });
  });
  afterAll(async () => {
    await kite.stop();
  });

  it('downloads Kite’s instruments CSV, stores it in our keys, and the map then trades and ticks by it', async () => {
    const session = { apiKey: kite.apiKey, accessToken: kite.issueAccessToken(), expiresAt: Date.now() + 60_000 };
    const { docs, skipped } = unwrap(await fetchKiteInstruments(session, { root: kite.restUrl }));
    expect(skipped).toBe(0);
    expect(docs.map((d) => d.instrument_key)).toEqual(['NSE_EQ|RELIANCE', 'NSE_EQ|TCS', 'NSE_INDEX|Nifty Bank', 'NSE_FO|BANKNIFTY24JAN45000CE']);
    expect(docs[3]).toMatchObject({ instrument_type: 'OPTIONS', strike: 45000, option_type: 'CE', lot_size: 15, underlying_key: 'NSE_INDEX|Nifty Bank', expiry: new Date(Date.UTC(2024, 0, 25, 10, 0)) });
    expect(docs[2]).toMatchObject({ instrument_type: 'INDEX', lot_size: 1, tick_size: 0.05 });
    const repo = storage().storage.instruments;
    expect(await repo.upsertMany(docs)).toBe(4);
    const map = await InstrumentMap.load(repo, ['NSE_FO|BANKNIFTY24JAN45000CE', 'NSE_EQ|TCS', 'NSE_EQ|NOTTHERE']);
    expect(map.kite('NSE_FO|BANKNIFTY24JAN45000CE')).toEqual({ exchange: 'NFO', tradingsymbol: 'BANKNIFTY24JAN45000CE' });
    expect(map.kiteToken('NSE_EQ|TCS')).toBe(2953217);
    expect(map.upstox('NSE_FO|BANKNIFTY24JAN45000CE')).toBe('NSE_FO|39898');
    expect(map.get('NSE_EQ|NOTTHERE')).toBeUndefined();
  });

  it('skips what Algo does not trade, and says how many', () => {
    const { docs, skipped } = kiteInstrumentDocs([
      { instrument_token: 1, exchange_token: 1, tradingsymbol: 'USDINR24JANFUT', name: 'USDINR', expiry: '2024-01-29', strike: 0, tick_size: 0.0025, lot_size: 1, instrument_type: 'FUT', segment: 'CDS-FUT', exchange: 'CDS' },
      { instrument_token: 2, tradingsymbol: 'BROKEN' },
      { instrument_token: 3, exchange_token: 3, tradingsymbol: 'NIFTY24JANFUT', name: 'NIFTY', expiry: new Date('2024-01-25'), strike: 0, tick_size: 0.05, lot_size: 50, instrument_type: 'FUT', segment: 'NFO-FUT', exchange: 'NFO' },
    ]);
    expect(skipped).toBe(2);
    expect(docs).toEqual([
      expect.objectContaining({ instrument_key: 'NSE_FO|NIFTY24JANFUT', instrument_type: 'FUTURES', underlying_key: 'NSE_INDEX|Nifty 50', expiry: new Date(Date.UTC(2024, 0, 25, 10, 0)) }),
    ]);
  });
});
