import { describe, expect, it } from 'vitest';
import { useRedis } from '../support.js';

const fx = useRedis();
const signal = (kind: 'entry' | 'exit' = 'entry') => ({ signal_id: 'sig1', set_id: 'opt1', kind, side: 'long' as const, instrument_key: 'NSE_INDEX|Nifty Bank', bar_time: 1_705_290_300_000, trace: { held: true } });

describe('signal and stats keys', () => {
  it('keeps the latest entry/exit command for five minutes', async () => {
    const { ks, redis } = fx();
    await ks.signals.set(signal());
    const ttl = await redis.ttl('signal:entry:{opt1}');
    expect(ttl).toBeGreaterThan(290);
    expect(ttl).toBeLessThanOrEqual(300);
    expect(await ks.signals.peek('entry', 'opt1')).toMatchObject({ signal_id: 'sig1', trace: { held: true } });
    expect(await ks.signals.peek('exit', 'opt1')).toBeNull();
  });

  it('lets exactly one of several takers take a command', async () => {
    const { ks } = fx();
    await ks.signals.set(signal('exit'));
    const taken = await Promise.all(Array.from({ length: 5 }, () => ks.signals.take('exit', 'opt1')));
    expect(taken.filter(Boolean)).toHaveLength(1);
    expect(await ks.signals.peek('exit', 'opt1')).toBeNull();
  });

  it('counts the trading day in a hash that expires once, when created', async () => {
    const { ks, redis } = fx();
    await ks.signals.addStats('opt1', { trades: 1, pnl: -350.5 });
    await redis.expire('stats:daily:{opt1}', 100);
    await ks.signals.addStats('opt1', { trades: 1, pnl: 1000 });
    expect(await ks.signals.getStats('opt1')).toEqual({ trades: 2, pnl: 649.5 });
    expect(await redis.ttl('stats:daily:{opt1}')).toBeLessThanOrEqual(100);
    await ks.signals.resetStats('opt1');
    expect(await ks.signals.getStats('opt1')).toEqual({});
  });
});
