import { describe, expect, it } from 'vitest';
import { KEY_TTL_SECONDS, KeyspaceError, redisKeys } from '../../../src/redis/keyspace/index.js';

describe('redisKeys', () => {
  it('spells seed 000 keys as scope:type:id, with the strategy id as a cluster hash tag', () => {
    expect(redisKeys.tick('NSE_INDEX|Nifty Bank')).toBe('market_data:instrument:NSE_INDEX|Nifty Bank');
    expect(redisKeys.candles('NSE_EQ|TCS', '5m')).toBe('market_data:candles:NSE_EQ|TCS:5m');
    expect(redisKeys.status('options', 'option_set_1')).toBe('state:options:{option_set_1}:status');
    expect(redisKeys.optionPosition('option_set_1')).toBe('state:options:{option_set_1}:position');
    expect(redisKeys.stockPositions('s1')).toBe('state:stocks:{s1}:positions');
    expect(redisKeys.indicators('stocks', 's1')).toBe('state:stocks:{s1}:indicators');
    expect(redisKeys.entrySignal('s1')).toBe('signal:entry:{s1}');
    expect(redisKeys.exitSignal('s1')).toBe('signal:exit:{s1}');
    expect(redisKeys.dailyStats('s1')).toBe('stats:daily:{s1}');
    expect(redisKeys.accessToken('zerodha', 'u1')).toBe('system:access_token:zerodha:u1');
  });

  it('spells seed 001 and seed 004 keys', () => {
    expect(redisKeys.symbolStrategies('NSE_EQ|TCS')).toBe('symbol:NSE_EQ|TCS:strategies');
    expect(redisKeys.orderQueue()).toBe('queue:orders');
    expect(redisKeys.runtime('s1')).toBe('runtime:{s1}');
    expect(redisKeys.lock('s1')).toBe('runtime:{s1}:lock');
    expect(redisKeys.strategyConfig('s1')).toBe('strategy:{s1}');
    expect(redisKeys.watchlist()).toBe('watchlist:current');
    expect(redisKeys.systemState()).toBe('system:state');
    expect(redisKeys.performance()).toBe('metrics:performance');
  });

  it('spells the live engine keys, a strategy’s under its hash tag', () => {
    expect(redisKeys.tickStream()).toBe('stream:ticks');
    expect(redisKeys.candleStream()).toBe('stream:candles');
    expect(redisKeys.outboxStream()).toBe('stream:outbox');
    expect(redisKeys.activeRuns()).toBe('engine:runs');
    expect(redisKeys.engineLease('execution')).toBe('engine:lease:execution');
    expect(redisKeys.run('s1')).toBe('runtime:{s1}:run');
    expect(redisKeys.coreState('s1')).toBe('runtime:{s1}:core');
    expect(redisKeys.runBars('s1', 'NSE_EQ|TCS')).toBe('runtime:{s1}:bars:NSE_EQ|TCS');
    expect(redisKeys.orderBook('s1')).toBe('runtime:{s1}:orders');
    expect(redisKeys.paperAccount('s1')).toBe('runtime:{s1}:paper');
    expect(redisKeys.replayCursor('s1')).toBe('runtime:{s1}:replay');
    expect(redisKeys.inflight('s1')).toBe('runtime:{s1}:inflight');
    expect(() => redisKeys.runBars('s1', 'TCS')).toThrow(/instrument key/);
    expect(() => redisKeys.engineLease('a b')).toThrow(/lease name/);
  });

  it('refuses ids that would break the keyspace', () => {
    expect(() => redisKeys.status('options', 'a}b')).toThrow(KeyspaceError);
    expect(() => redisKeys.entrySignal('has space')).toThrow(/strategy id "has space" cannot be part of a Redis key/);
    expect(() => redisKeys.tick('RELIANCE')).toThrow(/instrument key "RELIANCE"/);
    expect(() => redisKeys.candles('NSE_EQ|TCS', '5 min')).toThrow(/timeframe/);
    expect(() => redisKeys.status('crypto' as never, 's1')).toThrow(/asset type/);
  });

  it('keeps the seed TTLs', () => {
    expect(KEY_TTL_SECONDS.signal).toBe(300);
  });
});
