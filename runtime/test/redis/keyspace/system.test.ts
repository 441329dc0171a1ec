import { describe, expect, it } from 'vitest';
import { useRedis } from '../support.js';

const fx = useRedis();

describe('system keys', () => {
  it('keeps a broker access token until the broker expiry, and drops an expired one', async () => {
    const { ks, redis } = fx();
    const expires = new Date(Date.now() + 3_600_000);
    await ks.system.setAccessToken('zerodha', 'u1', 'tok', expires);
    expect(await ks.system.getAccessToken('zerodha', 'u1')).toBe('tok');
    const pttl = await redis.pttl('system:access_token:zerodha:u1');
    expect(pttl).toBeGreaterThan(3_590_000);
    await ks.system.setAccessToken('zerodha', 'u1', 'old', new Date(Date.now() - 1));
    expect(await ks.system.getAccessToken('zerodha', 'u1')).toBeNull();
  });

  it('reports the global kill switch before a users, and neither when released', async () => {
    const { ks } = fx();
    expect(await ks.system.killSwitchFor('u1')).toBeNull();
    await ks.system.engageKillSwitch({ reason: 'daily loss', at: 1 }, 'u1');
    expect(await ks.system.killSwitchFor('u1')).toMatchObject({ scope: 'user', reason: 'daily loss' });
    expect(await ks.system.killSwitchFor('u2')).toBeNull();
    await ks.system.engageKillSwitch({ reason: 'exchange outage', at: 2 });
    expect(await ks.system.killSwitchFor('u1')).toMatchObject({ scope: 'global', reason: 'exchange outage' });
    await ks.system.releaseKillSwitch();
    await ks.system.releaseKillSwitch('u1');
    expect(await ks.system.killSwitchFor('u1')).toBeNull();
  });

  it('keeps seed 004 system state, performance and the watchlist as JSON', async () => {
    const { ks, redis } = fx();
    await ks.system.setSystemState({ state: 'running', market_status: 'open', timestamp: 5 });
    expect(await ks.system.getSystemState()).toMatchObject({ state: 'running', market_status: 'open' });
    await ks.system.setPerformance({ daily_pnl: 125.5, win_count: 3, loss_count: 1, timestamp: 6, win_rate: 0.75 });
    expect((await ks.system.getPerformance())?.win_rate).toBe(0.75);
    expect(await ks.system.getWatchlist()).toEqual([]);
    await ks.system.setWatchlist(['NSE_EQ|TCS', 'NSE_EQ|INFY']);
    expect(JSON.parse((await redis.get('watchlist:current'))!)).toEqual(['NSE_EQ|TCS', 'NSE_EQ|INFY']);
  });
});
