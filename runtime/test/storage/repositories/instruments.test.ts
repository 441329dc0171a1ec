import { describe, expect, it } from 'vitest';
import type { InstrumentDocInput } from '../../../src/storage/repositories/instruments.js';
import { useStorage } from '../support.js';

const fixture = useStorage('instruments');
const repo = () => fixture().storage.instruments;

const expiry = new Date(Date.UTC(2024, 0, 25, 10, 0));
const later = new Date(Date.UTC(2024, 1, 29, 10, 0));

function option(strike: number, type: 'CE' | 'PE', exp = expiry, token?: number): InstrumentDocInput {
  return {
    instrument_key: `NSE_FO|BANKNIFTY${exp.getUTCMonth()}${strike}${type}`,
    exchange: 'NSE',
    segment: 'NFO',
    tradingsymbol: `BANKNIFTY24JAN${strike}${type}`,
    instrument_type: 'OPTIONS',
    lot_size: 15,
    tick_size: 0.05,
    expiry: exp,
    strike,
    option_type: type,
    underlying_key: 'NSE_INDEX|Nifty Bank',
    ...(token ? { instrument_token: token } : {}),
  };
}

describe('instruments', () => {
  it('upserts by instrument key and reads lot and tick size back', async () => {
    const eq: InstrumentDocInput = { instrument_key: 'NSE_EQ|RELIANCE', exchange: 'NSE', segment: 'EQ', tradingsymbol: 'RELIANCE', instrument_type: 'EQUITY', lot_size: 1, tick_size: 0.05, instrument_token: 738561 };
    expect(await repo().upsertMany([eq])).toBe(1);
    expect(await repo().upsertMany([{ ...eq, name: 'Reliance Industries' }])).toBe(1);
    expect(await repo().get('NSE_EQ|RELIANCE')).toMatchObject({ lot_size: 1, tick_size: 0.05, name: 'Reliance Industries' });
    expect((await repo().getByToken(738561))?.instrument_key).toBe('NSE_EQ|RELIANCE');
    expect((await repo().search('reli')).map((i) => i.tradingsymbol)).toEqual(['RELIANCE']);
  });

  it('serves the option chain and expiries of an underlying', async () => {
    await repo().upsertMany([option(45000, 'PE'), option(45000, 'CE'), option(44900, 'CE'), option(45000, 'CE', later)]);
    const chain = await repo().optionChain('NSE_INDEX|Nifty Bank', expiry);
    expect(chain.map((i) => `${i.strike}${i.option_type}`)).toEqual(['44900CE', '45000CE', '45000PE']);
    expect((await repo().expiries('NSE_INDEX|Nifty Bank', new Date(Date.UTC(2024, 0, 1)))).map((d) => d.toISOString())).toEqual([expiry.toISOString(), later.toISOString()]);
  });

  it('keeps broker tokens unique', async () => {
    await repo().upsertMany([option(46000, 'CE', expiry, 111)]);
    await expect(repo().upsertMany([option(46100, 'CE', expiry, 111)])).rejects.toMatchObject({ code: 11000 });
  });

  it('refuses malformed instruments naming the field, and writes none of the batch', async () => {
    const noStrike = { ...option(47000, 'CE'), strike: undefined };
    await expect(repo().upsertMany([option(47100, 'CE'), noStrike])).rejects.toThrow('instruments: instrument_type: an option needs expiry, strike and option_type');
    await expect(repo().upsertMany([{ ...option(47200, 'CE'), lot_size: 0 }])).rejects.toThrow(/^instruments: lot_size:/);
    expect(await repo().get(option(47100, 'CE').instrument_key)).toBeNull();
  });
});
