import { describe, expect, it } from 'vitest';
import { useRedis } from '../support.js';

const fx = useRedis();
const sig = (n: number) => ({ signal_id: `sig${n}`, set_id: 's1', kind: 'entry' as const, side: 'long' as const, instrument_key: 'NSE_EQ|TCS', bar_time: n });

describe('signal and order streams with consumer groups', () => {
  it('shares entries among a groups consumers, each delivered once', async () => {
    const { ks } = fx();
    const s = ks.streams.signals;
    expect(await s.ensureGroup('execution')).toBe(true);
    expect(await s.ensureGroup('execution')).toBe(false);
    for (let i = 0; i < 6; i++) await s.publish(sig(i));
    const a = await s.read('execution', 'worker-a', { count: 4 });
    const b = await s.read('execution', 'worker-b', { count: 4 });
    expect(a.entries).toHaveLength(4);
    expect(b.entries).toHaveLength(2);
    const ids = [...a.entries, ...b.entries].map((e) => e.payload.signal_id);
    expect(new Set(ids).size).toBe(6);
    expect((await s.read('execution', 'worker-a')).entries).toEqual([]);
  });

  it('keeps unacknowledged entries for the consumer that restarts, and lets another claim them', async () => {
    const { ks } = fx();
    const s = ks.streams.signals;
    await s.ensureGroup('execution');
    await s.publish(sig(1));
    await s.publish(sig(2));
    const got = await s.read('execution', 'worker-a');
    expect(await s.ack('execution', [got.entries[0]!.id])).toBe(1);
    // worker-a "crashes" holding sig2; on restart it reads its pending entries first
    expect((await s.readPending('execution', 'worker-a')).entries.map((e) => e.payload.signal_id)).toEqual(['sig2']);
    expect(await s.pending('execution')).toMatchObject({ count: 1, consumers: { 'worker-a': 1 } });
    // or worker-b takes it over once it has been idle long enough
    expect((await s.claimStale('execution', 'worker-b', 60_000)).entries).toEqual([]);
    const claimed = await s.claimStale('execution', 'worker-b', 0);
    expect(claimed.entries.map((e) => e.payload.signal_id)).toEqual(['sig2']);
    await s.ack('execution', claimed.entries.map((e) => e.id));
    expect((await s.pending('execution')).count).toBe(0);
  });

  it('waits for the next entry on a blocking read', async () => {
    const { ks, blocking } = fx();
    const { createKeyspace } = await import('../../../src/redis/keyspace/index.js');
    await ks.streams.orders.ensureGroup('api');
    const waiting = createKeyspace(blocking).streams.orders.read('api', 'ws-1', { blockMs: 5_000 });
    await ks.streams.orders.publish({ client_order_id: 'ALGO1', strategy_id: 's1', status: 'OPEN', at: 1 });
    expect((await waiting).entries.map((e) => e.payload.status)).toEqual(['OPEN']);
  });

  it('hands back malformed entries separately instead of failing the batch', async () => {
    const { ks, redis } = fx();
    const s = ks.streams.signals;
    await s.ensureGroup('execution');
    await s.publish(sig(1));
    await redis.xadd(s.key, '*', 'data', '{"signal_id":1}');
    await redis.xadd(s.key, '*', 'data', 'not json');
    const r = await s.read('execution', 'w');
    expect(r.entries).toHaveLength(1);
    expect(r.malformed.map((m) => m.error)).toEqual([expect.stringMatching(/signal_id:/), expect.stringMatching(/not JSON/)]);
    await expect(s.publish({ ...sig(2), kind: 'maybe' as never })).rejects.toThrow();
  });
});
