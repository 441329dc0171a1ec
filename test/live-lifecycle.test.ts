import { getRun, startLiveEngine, type LiveEngine } from '@algo/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bracket, compileOk, eventually, outboxDrained, startStrategy, startWorld, stopStrategy, storeSynth, type LiveWorld } from './live-support.js';

/**
 * A run's life as the API drives it (issue 6, items 4 and the API contract): `stop` closes
 * what is open and then clears every key the run had; the kill switch refuses new entries
 * but lets exits through, and says so in the strategy's status.
 */

const DAY = '2024-03-15';
const TCS = 'NSE_EQ|TCS';
const INFY = 'NSE_EQ|INFY';
const HOLD = (symbol: string) => `strategy "Hold ${symbol}" {
  asset stocks
  symbols "${symbol}"
  entry long at 09:30 { qty 10  stop_loss 5% }
  exit at 10:30
}`;

let world: LiveWorld;
let engine: LiveEngine;

beforeAll(async () => {
  world = await startWorld();
  await storeSynth(world.storage, TCS, '2024-03-06', DAY, 2);
  await storeSynth(world.storage, INFY, '2024-02-26', DAY, 5);
  engine = await startLiveEngine({ redisUrl: world.redisUrl, storage: world.storage, config: { leaseMs: 2_000 } });
}, 60_000);

afterAll(async () => {
  await engine?.stop();
  await world?.stop();
});

const position = async (id: string, key: string) => (await world.ks.state.getStockPositions(id))[key];

describe('a run’s life', { timeout: 120_000 }, () => {
  it('stopping a strategy that holds a position closes it, records the trade, then clears every key of the run', async () => {
    const id = await startStrategy(world, compileOk(HOLD(TCS)), { options: { replay: DAY, speed: 300 } });
    await eventually('the 09:30 entry to fill', async () => position(id, TCS));
    await stopStrategy(world, id);
    await eventually('the run to end', async () => (await getRun(world.redis, id)) === null, 30_000);
    await eventually('the outbox to reach MongoDB', () => outboxDrained(world.redis));
    const trades = await world.storage.tradeLogs.listBySet(id);
    expect(trades).toHaveLength(1);
    expect(trades[0]).toMatchObject({ instrument_key: TCS, side: 'long', entry: { quantity: 10 }, exit: { quantity: 10, reason: 'end_of_data' } });
    const orders = await world.storage.orders.listByStrategy(id);
    // the entry, the exit, and the stop the exit cancelled
    expect(orders.map((o) => `${o.transaction_type} ${o.order_type} ${o.status}`).sort()).toEqual(['BUY MARKET COMPLETE', 'SELL MARKET COMPLETE', 'SELL STOP_LOSS_MARKET CANCELLED']);
    // nothing of the run is left in Redis (execution lets go of its keys within a second)
    await eventually('every key of the run to go', async () => {
      const left = [...(await world.redis.keys(`*{${id}}*`))];
      return left.length === 0 ? true : undefined;
    }, 10_000);
    expect(await world.redis.sismember('engine:runs', id)).toBe(0);
  });

  it('a kill switch refuses new entries but lets exits through, and the status says why', async () => {
    const user = 'u-kill';
    const id = await startStrategy(world, compileOk(HOLD(INFY)), { userId: user, options: { replay: DAY, speed: 300 } });
    await eventually('the 09:30 entry to fill', async () => position(id, INFY));
    const at = Date.now();
    await world.ks.system.engageKillSwitch({ reason: 'desk closed', at }, user);
    await world.ks.streams.control.publish({ action: 'kill_switch', scope: 'user', user_id: user, engaged: true, reason: 'desk closed', at });
    await eventually('the status to say halted', async () => (await world.ks.state.getStatus('stocks', id))?.trading === 'halted');
    // the 10:30 exit still goes out and fills
    const [trade] = await eventually('the 10:30 exit', async () => {
      const t = await world.storage.tradeLogs.listBySet(id);
      return t.length ? t : undefined;
    }, 60_000);
    expect(trade).toMatchObject({ exit: { reason: 'signal' } });
    expect(new Date(trade!.exit_timestamp).toISOString()).toBe('2024-03-15T05:00:00.000Z');
    expect((await world.ks.state.getStatus('stocks', id))?.message).toBe('halted: the user kill switch is engaged: desk closed');
    await stopStrategy(world, id, user);

    // with the switch still engaged, a new strategy's entries are refused (the exits have nothing to close)
    const refused = await startStrategy(world, compileOk(bracket(INFY, 'Bracket while halted')), { userId: user, options: { replay: DAY, speed: 1_000_000 } });
    await eventually('that replay to finish', async () => (await getRun(world.redis, refused))?.state === 'finished', 60_000);
    await eventually('the outbox to reach MongoDB', () => outboxDrained(world.redis));
    expect(await world.storage.orders.listByStrategy(refused)).toEqual([]);
    const daily = await world.ks.signals.getStats(refused);
    expect(daily.signals).toBeGreaterThan(0);
    expect(daily.rejections).toBe(daily.signals);
    await world.ks.system.releaseKillSwitch(user);
  });
});
