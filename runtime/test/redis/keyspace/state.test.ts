import { describe, expect, it } from 'vitest';
import { KeyspaceError } from '../../../src/redis/keyspace/index.js';
import { useRedis } from '../support.js';

const fx = useRedis();
const T0 = Date.UTC(2024, 0, 15, 3, 45);

describe('market data keys', () => {
  it('stores the latest tick as a hash with a session TTL', async () => {
    const { ks, redis } = fx();
    await ks.marketData.setTick('NSE_EQ|TCS', { ltp: 3521.2, ts: T0, volume: 1200 });
    await ks.marketData.setTick('NSE_EQ|TCS', { ltp: 3522, ts: T0 + 1000 });
    expect(await ks.marketData.getTick('NSE_EQ|TCS')).toEqual({ ltp: 3522, ts: T0 + 1000, volume: 1200 });
    expect(await redis.type('market_data:instrument:NSE_EQ|TCS')).toBe('hash');
    const ttl = await redis.ttl('market_data:instrument:NSE_EQ|TCS');
    expect(ttl).toBeGreaterThan(23 * 3600);
    expect(await ks.marketData.getTick('NSE_EQ|NONE')).toBeNull();
  });

  it('keeps a bounded hot window of closed candles, oldest first', async () => {
    const { ks, redis } = fx();
    for (let i = 0; i < 8; i++) await ks.marketData.pushCandle('NSE_EQ|TCS', '1m', { t: T0 + i * 60_000, o: 10, h: 11, l: 9, c: 10 + i / 10, v: 5 }, 5);
    const got = await ks.marketData.recentCandles('NSE_EQ|TCS', '1m');
    expect(got.map((c) => c.t)).toEqual([3, 4, 5, 6, 7].map((i) => T0 + i * 60_000));
    expect(await redis.llen('market_data:candles:NSE_EQ|TCS:1m')).toBe(5);
    await expect(ks.marketData.pushCandle('NSE_EQ|TCS', '1m', { t: T0, o: 10, h: 8, l: 9, c: 10, v: 1 })).rejects.toThrow(/high must be the highest/);
  });
});

describe('strategy state keys', () => {
  it('keeps a status hash that writers update field by field', async () => {
    const { ks, redis } = fx();
    await ks.state.setStatus('options', 'opt1', { state: 'running', trading: 'active', mode: 'paper' });
    await ks.state.setStatus('options', 'opt1', { trading: 'halted', message: 'kill switch' });
    const s = await ks.state.getStatus('options', 'opt1');
    expect(s).toMatchObject({ state: 'running', trading: 'halted', mode: 'paper', message: 'kill switch' });
    expect(typeof s?.updated_at).toBe('number');
    expect(await redis.type('state:options:{opt1}:status')).toBe('hash');
    await expect(ks.state.setStatus('options', 'opt1', { trading: 'panic' as never })).rejects.toThrow();
  });

  it('holds the options position as JSON only while it is open', async () => {
    const { ks, redis } = fx();
    const pos = { instrument_key: 'NSE_FO|BANKNIFTY24JAN45000CE', side: 'long' as const, quantity: 15, entry_price: 210, entry_time: T0, stop_loss: 147, lot: 1 };
    await ks.state.setOptionPosition('opt1', pos);
    expect(await ks.state.getOptionPosition('opt1')).toEqual(pos);
    await ks.state.setOptionPosition('opt1', null);
    expect(await redis.exists('state:options:{opt1}:position')).toBe(0);
    expect(await ks.state.getOptionPosition('opt1')).toBeNull();
  });

  it('holds stocks positions and indicators as hashes of JSON by instrument', async () => {
    const { ks, redis } = fx();
    const p = (k: string) => ({ instrument_key: k, side: 'long' as const, quantity: 10, entry_price: 100, entry_time: T0 });
    await ks.state.setStockPosition('stk1', 'NSE_EQ|TCS', p('NSE_EQ|TCS'));
    await ks.state.setStockPosition('stk1', 'NSE_EQ|INFY', p('NSE_EQ|INFY'));
    expect(Object.keys(await ks.state.getStockPositions('stk1')).sort()).toEqual(['NSE_EQ|INFY', 'NSE_EQ|TCS']);
    await ks.state.setStockPosition('stk1', 'NSE_EQ|TCS', null);
    await ks.state.setStockPosition('stk1', 'NSE_EQ|INFY', null);
    expect(await redis.exists('state:stocks:{stk1}:positions')).toBe(0);
    await ks.state.setIndicators('stocks', 'stk1', { rsi_14: 28.5 }, 'NSE_EQ|TCS');
    expect(await ks.state.getIndicators('stocks', 'stk1')).toEqual({ 'NSE_EQ|TCS': { rsi_14: 28.5 } });
    await ks.state.setIndicators('options', 'opt1', { upper: 45100, rsi: 57 });
    expect(await ks.state.getIndicators('options', 'opt1')).toEqual({ upper: 45100, rsi: 57 });
  });

  it('names the key when a stored value is corrupt', async () => {
    const { ks, redis } = fx();
    await redis.set('state:options:{opt9}:position', '{"side":"sideways"}');
    const err = await ks.state.getOptionPosition('opt9').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeyspaceError);
    expect((err as Error).message).toMatch(/^state:options:\{opt9\}:position: instrument_key:/);
  });

  it('clears every key of a stopped strategy at once', async () => {
    const { ks, redis } = fx();
    await ks.state.setStatus('options', 'gone', { state: 'stopped' });
    await ks.state.setIndicators('options', 'gone', { x: 1 });
    await ks.signals.addStats('gone', { trades: 1 });
    await ks.runtime.setRuntime('gone', { position: 'none' });
    await ks.state.setStatus('options', 'kept', { state: 'running' });
    await ks.state.clear('options', 'gone');
    expect(await redis.keys('*gone*')).toEqual([]);
    expect(await redis.keys('*kept*')).toHaveLength(1);
  });
});
