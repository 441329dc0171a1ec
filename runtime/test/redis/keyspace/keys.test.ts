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
