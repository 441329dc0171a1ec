import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GroupConsumer, TransientError } from '../../src/live/streams/group-consumer.js';
import { ackAndApply, recordCommands, swapAndApply } from '../../src/live/streams/guarded.js';
import { KeyedSerial } from '../../src/live/streams/serial.js';
import { StreamChannel } from '../../src/redis/keyspace/streams.js';
import { useRedis } from '../redis/support.js';

const redis = useRedis();
const Msg = z.object({ n: z.number() });

describe('writes that apply once', () => {
  it('apply an entry’s outputs with its XACK only while it is pending — a resent script writes nothing', async () => {
    const { redis: r } = redis();
    const ch = new StreamChannel(r, 'test:stream', Msg);
    await ch.ensureGroup('g');
    await ch.publish({ n: 1 });
    const [entry] = (await ch.read('g', 'c1')).entries;
    const recipes = [(c: Parameters<Parameters<typeof recordCommands>[0][0]>[0]) => void c.incrby('test:counter', 5), (c: Parameters<Parameters<typeof recordCommands>[0][0]>[0]) => void c.hset('test:h', 'a', '1', 'b', '2')];
    expect(recordCommands(recipes)).toEqual(['3', 'incrby', 'test:counter', '5', '6', 'hset', 'test:h', 'a', '1', 'b', '2']);
    expect(await ackAndApply(r, ch.key, 'g', entry!.id, recipes)).toBe(true);
    expect(await ackAndApply(r, ch.key, 'g', entry!.id, recipes)).toBe(false);
    expect(await r.get('test:counter')).toBe('5');
    expect(await r.hgetall('test:h')).toEqual({ a: '1', b: '2' });
    expect((await ch.pending('g')).count).toBe(0);
  });

  it('swap a guard value and apply, once', async () => {
    const { redis: r } = redis();
    const inc = [(c: Parameters<Parameters<typeof recordCommands>[0][0]>[0]) => void c.incr('test:n')];
    expect(await swapAndApply(r, 'test:cursor', '', 'one', inc)).toBe(true);
    expect(await swapAndApply(r, 'test:cursor', '', 'one', inc)).toBe(false);
    expect(await swapAndApply(r, 'test:cursor', 'one', 'two', inc)).toBe(true);
    expect([await r.get('test:cursor'), await r.get('test:n')]).toEqual(['two', '2']);
  });
});

describe('a worker’s reading of a stream', () => {
  it('takes over what a dead consumer left pending, in order, then reads on; gives up on a poison entry, acknowledging it', async () => {
    const { redis: r, server } = redis();
    const { createRedisClient } = await import('../../src/redis/client.js');
    const blocking = createRedisClient(server.url, { blocking: true });
    const ch = new StreamChannel(r, 'test:work', Msg);
    await ch.ensureGroup('w');
    for (let i = 1; i <= 4; i++) await ch.publish({ n: i });
    // a consumer that died holding the first two
    await ch.read('w', 'dead', { count: 2 });
    const seen: number[] = [];
    const poisoned: string[] = [];
    let transient = 1;
    const consumer = new GroupConsumer({
      channel: new StreamChannel(blocking, 'test:work', Msg),
      group: 'w',
      consumer: 'alive',
      redis: r,
      serial: new KeyedSerial(),
      log: pino({ level: 'silent' }),
      blockMs: 50,
      maxAttempts: 3,
      handle: async (e) => {
        if (e.payload.n === 2 && transient-- > 0) throw new TransientError('MongoDB away'); // retried, not counted
        if (e.payload.n === 3) throw new Error('a bug');
        seen.push(e.payload.n);
        return [(c) => void c.rpush('test:done', String(e.payload.n))];
      },
      onPoison: (id) => poisoned.push(id),
    });
    consumer.start();
    await ch.publish({ n: 5 });
    const end = Date.now() + 10_000;
    while ((await r.llen('test:done')) < 4 && Date.now() < end) await new Promise((res) => setTimeout(res, 20));
    await consumer.stop();
    blocking.disconnect();
    expect(seen).toEqual([1, 2, 4, 5]);
    expect(await r.lrange('test:done', 0, -1)).toEqual(['1', '2', '4', '5']);
    expect(poisoned).toHaveLength(1);
    expect((await ch.pending('w')).count).toBe(0);
    // the dead consumer is gone from the group
    expect(((await r.call('XINFO', 'CONSUMERS', 'test:work', 'w')) as unknown[][]).map((c) => c[1])).toEqual(['alive']);
  });
});

describe('the keyed serial', () => {
  it('runs one key in order, keys at once, and a job without a key alone', async () => {
    const serial = new KeyedSerial();
    const log: string[] = [];
    const gate = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const job = (name: string, ms: number) => async () => {
      log.push(`${name}+`);
      await gate(ms);
      log.push(`${name}-`);
    };
    await Promise.all([
      serial.run('a', job('a1', 30)),
      serial.run('a', job('a2', 1)),
      serial.run('b', job('b1', 5)),
      serial.run(undefined, job('x', 1)),
      serial.run('b', job('b2', 1)),
    ]);
    // a1 and b1 overlap; a2 waits for a1; x waits for all three; b2 waits for x
    expect(log.indexOf('b1+')).toBeLessThan(log.indexOf('a1-'));
    expect(log.indexOf('a2+')).toBeGreaterThan(log.indexOf('a1-'));
    expect(log.indexOf('x+')).toBeGreaterThan(Math.max(log.indexOf('a2-'), log.indexOf('b1-')));
    expect(log.indexOf('b2+')).toBeGreaterThan(log.indexOf('x-'));
  });
});

