import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { getRun } from '@algo/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from './e2e/support.js';
import { backtestDay, bracket, compileOk, eventually, fillKey, killProcess, observeRun, outboxDrained, spawnWorker, startStrategy, startWorld, storeSynth, tradeKey, type LiveWorld } from './live-support.js';

/**
 * Scaling out (DESIGN.md §8, issue 6 item 1): the four workers as processes of their own
 * (`algo worker --role …`), meeting only in Redis and MongoDB, trade a replayed day exactly
 * as one process does — and when the process running evaluation, then the one running
 * execution, is killed, a standby given the same roles takes over from what they left in
 * Redis, and the day still ends as its backtest says. Runs the built CLI.
 */

const DAY = '2024-03-15';
const TCS = 'NSE_EQ|TCS';
const BRACKET = bracket(TCS, 'Scaled bracket');

let world: LiveWorld;
const procs: ChildProcessWithoutNullStreams[] = [];

beforeAll(async () => {
  world = await startWorld();
  await storeSynth(world.storage, TCS, '2024-02-26', DAY, 12);
}, 60_000);

afterAll(async () => {
  for (const p of procs) await killProcess(p);
  await world?.stop();
});

const worker = (role: string, consumer: string) => spawnWorker(world, role, consumer, procs, { ALGO_LIVE_LEASE_MS: '1500' });
const kill = killProcess;

describe('the live engine spread over processes', { timeout: 180_000 }, () => {
  it('one role per process, a standby taking over evaluation and then execution: the day ends as its backtest', async () => {
    assertBuilt();
    const [, , evaluation, execution] = await Promise.all([worker('ingest', 'ingest-0'), worker('indicators', 'indicators-0'), worker('evaluation', 'evaluation-0'), worker('execution', 'execution-0')]);
    await worker('evaluation,execution', 'standby-1');
    const graph = compileOk(BRACKET);
    const id = await startStrategy(world, graph, { options: { replay: DAY, speed: 3_000 } });
    const bar = async () => (await world.ks.state.getStatus('stocks', id))?.last_bar ?? 0;
    const open = Date.parse(`${DAY}T03:45:00Z`);
    await eventually('a third of the day', async () => (await bar()) >= open + 25 * 300_000);
    await kill(evaluation!);
    await eventually('two thirds of the day', async () => (await bar()) >= open + 50 * 300_000, 60_000);
    await kill(execution!);
    await eventually('the replay to finish', async () => (await getRun(world.redis, id))?.state === 'finished' && (await world.ks.state.getStatus('stocks', id))?.state === 'stopped', 120_000);
    await eventually('the outbox to reach MongoDB', () => outboxDrained(world.redis));
    const live = await observeRun(world, id);
    const bt = await backtestDay(world, graph, DAY);
    expect(live.signals).toEqual([...bt.signals].sort((a, b) => a.time - b.time));
    expect(live.fills.map(fillKey)).toEqual(bt.fills.map(fillKey));
    expect(live.trades.map(tradeKey)).toEqual([...bt.trades].sort((a, b) => a.entry.bar_time - b.entry.bar_time).map(tradeKey));
    // the standby holds both roles now
    expect(await world.redis.get('engine:lease:evaluation')).toBe('standby-1');
    expect(await world.redis.get('engine:lease:execution')).toBe('standby-1');
    // indicators kept the seed's indicator state current from its own process
    const values = await world.ks.state.getIndicators('stocks', id);
    expect(values[TCS]).toMatchObject({ warm: true, values: { fast: expect.any(Number), slow: expect.any(Number), 'ema(close,3)': expect.any(Number) } });
  });
});
