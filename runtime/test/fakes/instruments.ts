import type { InstrumentDoc } from '../../src/storage/repositories/instruments.js';
import type { KiteInstrumentRow } from './kite/kite-fake.js';
import type { UpstoxInstrument } from './upstox/upstox-fake.js';

/**
 * A tiny instruments master shared by the broker tests and the fake servers: two equities,
 * an index and an index option, with their Kite tokens, exchange tokens and ISINs.
 */
const expiry = new Date(Date.UTC(2024, 0, 25, 10, 0));
const at = new Date(Date.UTC(2024, 0, 1));

export const INSTRUMENT_DOCS: InstrumentDoc[] = [
  { _id: 'NSE_EQ|RELIANCE', instrument_key: 'NSE_EQ|RELIANCE', exchange: 'NSE', segment: 'NSE_EQ', tradingsymbol: 'RELIANCE', instrument_type: 'EQUITY', instrument_token: 738561, exchange_token: 2885, isin: 'INE002A01018', lot_size: 1, tick_size: 0.05, updated_at: at },
  { _id: 'NSE_EQ|TCS', instrument_key: 'NSE_EQ|TCS', exchange: 'NSE', segment: 'NSE_EQ', tradingsymbol: 'TCS', instrument_type: 'EQUITY', instrument_token: 2953217, exchange_token: 11536, isin: 'INE467B01029', lot_size: 1, tick_size: 0.05, updated_at: at },
  { _id: 'NSE_INDEX|Nifty Bank', instrument_key: 'NSE_INDEX|Nifty Bank', exchange: 'NSE', segment: 'NSE_INDEX', tradingsymbol: 'NIFTY BANK', instrument_type: 'INDEX', instrument_token: 260105, exchange_token: 1016, lot_size: 1, tick_size: 0.05, updated_at: at },
  {
    _id: 'NSE_FO|BANKNIFTY24JAN45000CE',
    instrument_key: 'NSE_FO|BANKNIFTY24JAN45000CE',
    exchange: 'NFO',
    segment: 'NSE_FO',
    tradingsymbol: 'BANKNIFTY24JAN45000CE',
    instrument_type: 'OPTIONS',
    instrument_token: 10213890,
    exchange_token: 39898,
    lot_size: 15,
    tick_size: 0.05,
    expiry,
    strike: 45000,
    option_type: 'CE',
    underlying_key: 'NSE_INDEX|Nifty Bank',
    updated_at: at,
  },
];

export const KITE_ROWS: KiteInstrumentRow[] = [
  { instrument_token: 738561, exchange_token: 2885, tradingsymbol: 'RELIANCE', name: 'RELIANCE INDUSTRIES', expiry: '', strike: 0, tick_size: 0.05, lot_size: 1, instrument_type: 'EQ', segment: 'NSE', exchange: 'NSE' },
  { instrument_token: 2953217, exchange_token: 11536, tradingsymbol: 'TCS', name: 'TATA CONSULTANCY SERV', expiry: '', strike: 0, tick_size: 0.05, lot_size: 1, instrument_type: 'EQ', segment: 'NSE', exchange: 'NSE' },
  { instrument_token: 260105, exchange_token: 1016, tradingsymbol: 'NIFTY BANK', name: 'NIFTY BANK', expiry: '', strike: 0, tick_size: 0, lot_size: 0, instrument_type: 'EQ', segment: 'INDICES', exchange: 'NSE' },
  { instrument_token: 10213890, exchange_token: 39898, tradingsymbol: 'BANKNIFTY24JAN45000CE', name: 'BANKNIFTY', expiry: '2024-01-25', strike: 45000, tick_size: 0.05, lot_size: 15, instrument_type: 'CE', segment: 'NFO-OPT', exchange: 'NFO' },
];

export const UPSTOX_INSTRUMENTS: UpstoxInstrument[] = [
  { instrument_key: 'NSE_EQ|INE002A01018', trading_symbol: 'RELIANCE', exchange: 'NSE' },
  { instrument_key: 'NSE_EQ|INE467B01029', trading_symbol: 'TCS', exchange: 'NSE' },
  { instrument_key: 'NSE_INDEX|Nifty Bank', trading_symbol: 'NIFTY BANK', exchange: 'NSE' },
  { instrument_key: 'NSE_FO|39898', trading_symbol: 'BANKNIFTY 45000 CE 25 JAN 24', exchange: 'NFO' },
];
