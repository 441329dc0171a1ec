import { describe, expect, it } from 'vitest';
import { useRedis } from '../support.js';

const fx = useRedis();
const T0 = Date.UTC(2024, 0, 15, 3, 45);

describe('pipelined batches', () => {
  it('sends many writes in one round trip with the same effects as the single helpers', async () => {
    const { ks, redis } = fx();
    const b = ks.batch();
    for (let i = 0; i < 50; i++) b.tick(`NSE_EQ|S${i}`, { ltp: 100 + i, ts: T0 });
    b.candle('NSE_EQ|S1', '1m', { t: T0, o: 1, h: 2, l: 0.5, c: 1.5, v: 10 })
      .status('options', 'o1', { state: 'running' })
      .optionPosition('o1', { instrument_key: 'NSE_FO|X', side: 'long', quantity: 1, entry_price: 1, entry_time: T0 })
      .indicators('options', 'o1', { rsi: 50 })
      .signal({ signal_id: 'g', set_id: 'o1', kind: 'exit', side: 'long', instrument_key: 'NSE_FO|X', bar_time: T0 })
      .stats('o1', { trades: 1 })
      .runtime('o1', { position: 'bought' })
      .publish(ks.streams.signals, { signal_id: 'g', set_id: 'o1', kind: 'exit', side: 'long', instrument_key: 'NSE_FO|X', bar_time: T0 });
    expect(b.size).toBe(58);
    const before = Number(/total_commands_processed:(\d+)/.exec(await redis.info('stats'))![1]);
    await b.exec();
    expect(b.size).toBe(0);
    expect((await ks.marketData.getTick('NSE_EQ|S49'))?.ltp).toBe(149);
    expect(await ks.state.getStatus('options', 'o1')).toMatchObject({ state: 'running' });
    expect((await ks.signals.peek('exit', 'o1'))?.signal_id).toBe('g');
    expect(await ks.streams.signals.length()).toBe(1);
    expect(await redis.ttl('signal:exit:{o1}')).toBeGreaterThan(0);
    const after = Number(/total_commands_processed:(\d+)/.exec(await redis.info('stats'))![1]);
    expect(after - before).toBeGreaterThanOrEqual(50 * 2);
  });

  it('refuses an invalid write before sending anything', async () => {
    const { ks, redis } = fx();
    const b = ks.batch().tick('NSE_EQ|A', { ltp: 1, ts: T0 });
    expect(() => b.status('options', 'o1', { trading: 'sideways' as never })).toThrow();
    expect(() => b.tick('bad key', { ltp: 1, ts: T0 })).toThrow(/instrument key/);
    await b.exec({ atomic: true });
    expect(await redis.dbsize()).toBe(1);
  });

  it('reports a command that fails inside the batch', async () => {
    const { ks, redis } = fx();
    await redis.set('state:options:{o2}:status', 'a string, not a hash');
    await expect(ks.batch().status('options', 'o2', { state: 'running' }).exec()).rejects.toThrow(/WRONGTYPE/);
  });
});
