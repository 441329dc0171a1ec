import { describe, expect, it } from 'vitest';
import { useRedis } from '../support.js';

const fx = useRedis();

describe('seed 001 runtime keys', () => {
  it('caches the active config and the runtime facts', async () => {
    const { ks } = fx();
    await ks.runtime.setConfig('s1', { schema: 'algo.rulegraph/v1', rules: [] });
    expect(await ks.runtime.getConfig('s1')).toEqual({ schema: 'algo.rulegraph/v1', rules: [] });
    await ks.runtime.setRuntime('s1', { last_price: 3520.75, position: 'bought', lock_state: false });
    expect(await ks.runtime.getRuntime('s1')).toEqual({ last_price: 3520.75, position: 'bought', lock_state: false });
    await expect(ks.runtime.setRuntime('s1', { position: 'maybe' as never })).rejects.toThrow();
  });

  it('gives the position lock to one holder at a time, and only the holder releases it', async () => {
    const { ks, redis } = fx();
    const tries = await Promise.all(Array.from({ length: 10 }, () => ks.runtime.acquireLock('s1', 5_000)));
    const held = tries.filter((l) => l !== null);
    expect(held).toHaveLength(1);
    await redis.set('runtime:{s1}:lock', 'someone-else', 'PX', 5_000);
    expect(await held[0]!.release()).toBe(false);
    expect(await redis.get('runtime:{s1}:lock')).toBe('someone-else');
    await redis.del('runtime:{s1}:lock');
    const again = await ks.runtime.acquireLock('s1', 5_000);
    expect(await again!.release()).toBe(true);
    const short = await ks.runtime.acquireLock('s1', 50);
    expect(short).not.toBeNull();
    expect(await redis.pttl('runtime:{s1}:lock')).toBeLessThanOrEqual(50);
  });

  it('fans an instrument out to the strategies that trade it', async () => {
    const { ks, redis } = fx();
    await ks.runtime.subscribe('NSE_EQ|TCS', 's2');
    await ks.runtime.subscribe('NSE_EQ|TCS', 's1');
    await ks.runtime.subscribe('NSE_EQ|TCS', 's1');
    expect(await ks.runtime.strategiesFor('NSE_EQ|TCS')).toEqual(['s1', 's2']);
    expect(await redis.type('symbol:NSE_EQ|TCS:strategies')).toBe('set');
    await ks.runtime.unsubscribe('NSE_EQ|TCS', 's2');
    expect(await ks.runtime.strategiesFor('NSE_EQ|TCS')).toEqual(['s1']);
  });

  it('queues order events first in, first out, and waits for one when asked', async () => {
    const { ks, blocking } = fx();
    for (const event of ['BUY', 'STOPLOSS'] as const) await ks.runtime.pushOrderEvent({ strategy_id: 's1', event, timestamp: 1 });
    expect((await ks.runtime.popOrderEvent())?.event).toBe('BUY');
    expect((await ks.runtime.popOrderEvent())?.event).toBe('STOPLOSS');
    expect(await ks.runtime.popOrderEvent()).toBeNull();
    const { createKeyspace } = await import('../../../src/redis/keyspace/index.js');
    const waiter = createKeyspace(blocking).runtime.popOrderEvent(5);
    await ks.runtime.pushOrderEvent({ strategy_id: 's1', event: 'SELL', timestamp: 2 });
    expect((await waiter)?.event).toBe('SELL');
    expect(await ks.runtime.orderQueueLength()).toBe(0);
  });
});
