import { describe, expect, it } from 'vitest';
import {
  ActiveStrategyConfigSchema,
  BacktestFeedEventSchema,
  StrategyFeedEventSchema,
  createKeyspace,
  parseFeedMessage,
  redisKeys,
} from '../../../src/redis/keyspace/index.js';
import { createRedisClient } from '../../../src/redis/client.js';
import { useRedis } from '../support.js';

const fx = useRedis();

describe('API ↔ live engine keys', () => {
  it('names the control stream and the feed channels, with the strategy id as a hash tag', () => {
    expect(redisKeys.controlStream()).toBe('stream:control');
    expect(redisKeys.strategyFeed('s1')).toBe('feed:strategy:{s1}');
    expect(redisKeys.backtestFeed('run-1')).toBe('feed:backtest:run-1');
    expect(() => redisKeys.backtestFeed('a b')).toThrow(/backtest id/);
    expect(redisKeys.authRateLimitPrefix()).toBe('ratelimit:auth:');
  });

  it('hands control commands to a consumer group, defaulting start options to {}', async () => {
    const { ks } = fx();
    await ks.streams.control.ensureGroup('engine');
    await ks.streams.control.publish({ action: 'start', strategy_id: 's1', user_id: 'u1', version: 3, mode: 'paper', options: { replay: '2024-01-15' }, at: 1 });
    await ks.streams.control.publish({ action: 'kill_switch', scope: 'global', engaged: true, reason: 'outage', at: 2 });
    const batch = await ks.streams.control.read('engine', 'e1');
    expect(batch.malformed).toEqual([]);
    expect(batch.entries.map((e) => e.payload.action)).toEqual(['start', 'kill_switch']);
    expect(batch.entries[0]!.payload).toMatchObject({ version: 3, options: { replay: '2024-01-15' } });
    await expect(ks.streams.control.publish({ action: 'start', strategy_id: 's1' } as never)).rejects.toThrow(/user_id/);
  });

  it('round-trips the write-through config at strategy:{id}', async () => {
    const { ks, redis } = fx();
    const cfg = ActiveStrategyConfigSchema.parse({
      strategy_id: 's1', user_id: 'u1', set_name: 'X', version: 2, asset_type: 'stocks', status: 'running', mode: 'paper',
      is_active: true, instruments: ['NSE_EQ|TCS'], config: { format: 'algo.rulegraph/v1' }, indicators_config: { timeframes: [] }, updated_at: 5,
    });
    await ks.runtime.setConfig('s1', cfg);
    expect(await redis.exists('strategy:{s1}')).toBe(1);
    expect(await ks.runtime.getConfig('s1', ActiveStrategyConfigSchema)).toEqual(cfg);
  });

  it('publishes feed events to subscribers, and refuses malformed ones on both ends', async () => {
    const { ks, server } = fx();
    const sub = createRedisClient(server.url, { name: 'test-sub' });
    try {
      const got: string[] = [];
      await sub.subscribe(redisKeys.strategyFeed('s1'), redisKeys.backtestFeed('r1'));
      sub.on('message', (channel: string, message: string) => got.push(`${channel} ${message}`));
      expect(await ks.feed.strategy({ type: 'order', strategy_id: 's1', at: 1, data: { status: 'FILLED' } })).toBe(1);
      expect(await ks.feed.backtest({ type: 'progress', run_id: 'r1', at: 2, progress: 0.5, bars: 10 })).toBe(1);
      const end = Date.now() + 5_000;
      while (got.length < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      expect(got[0]).toMatch(/^feed:strategy:\{s1\} /);
      const parsed = parseFeedMessage(BacktestFeedEventSchema, got[1]!.split(' ').slice(1).join(' '));
      expect(parsed).toEqual({ value: { type: 'progress', run_id: 'r1', at: 2, progress: 0.5, bars: 10 } });
      await expect(ks.feed.backtest({ type: 'progress', run_id: 'r1', at: 2, progress: 2 })).rejects.toThrow();
      expect(parseFeedMessage(StrategyFeedEventSchema, '{"type":"nope"}')).toHaveProperty('error');
      expect(parseFeedMessage(StrategyFeedEventSchema, 'not json')).toEqual({ error: 'feed message is not JSON' });
    } finally {
      sub.disconnect();
    }
  });

  it('gives each keyspace the same channel names', () => {
    const { redis } = fx();
    expect(createKeyspace(redis).streams.control.key).toBe('stream:control');
  });
});
