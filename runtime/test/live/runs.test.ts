import { describe, expect, it } from 'vitest';
import { resolveLiveConfig } from '../../src/live/config.js';
import { checkEntry } from '../../src/live/execution/risk.js';
import { clientOrderId } from '../../src/live/execution/order-book.js';
import { ensureRun, getRun, listRuns, runTag } from '../../src/live/runs/run-record.js';
import { useRedis } from '../redis/support.js';

const redis = useRedis();
const start = (o: Record<string, unknown> = {}, mode: 'paper' | 'live' = 'paper') => ({ action: 'start' as const, strategy_id: 's1', user_id: 'u1', version: 2, mode, options: o, at: 1_700_000_000_000 });

describe('runs', () => {
  it('creates a run once, named by the start command, even when two workers read the command at once', async () => {
    const { redis: r } = redis();
    const [a, b] = await Promise.all([ensureRun(r, '17-0', start({ replay: '2024-01-15', speed: '600' }), 'stocks'), ensureRun(r, '17-0', start(), 'stocks')]);
    expect([a, b].filter((x) => 'run' in x && x.created)).toHaveLength(1);
    const run = await getRun(r, 's1');
    expect(run).toEqual({ run_id: '17-0', strategy_id: 's1', user_id: 'u1', mode: 'paper', version: 2, asset: 'stocks', replay: '2024-01-15', speed: 600, state: 'running', started_at: 1_700_000_000_000 });
    expect(await listRuns(r)).toEqual([run]);
    // a later start while it runs is the same run
    expect(await ensureRun(r, '18-0', start(), 'stocks')).toEqual({ run, created: false });
  });

  it('refuses start options that cannot run, saying why', async () => {
    const { redis: r } = redis();
    expect(await ensureRun(r, '1-0', start({ replay: '2024-02-30' }), 'stocks')).toEqual({ error: 'start options: replay: a session date YYYY-MM-DD' });
    expect(await ensureRun(r, '1-0', start({ replay: '2024-01-15', speed: 0 }), 'stocks')).toMatchObject({ error: expect.stringContaining('speed: a speed above 0') });
    expect(await ensureRun(r, '1-0', start({ replay: '2024-01-15' }, 'live'), 'stocks')).toEqual({ error: '--replay plays a stored day on the paper broker; start it with --paper (asked: live)' });
    expect(await getRun(r, 's1')).toBeNull();
  });

  it('tags a run with 7 characters, the same in every process, and client order ids stay within Kite’s 20', () => {
    const tag = runTag({ strategy_id: '65f1c0ffee0000000000abcd', run_id: '1705300000000-0' });
    expect(tag).toMatch(/^[0-9A-Z]{7}$/);
    expect(runTag({ strategy_id: '65f1c0ffee0000000000abcd', run_id: '1705300000000-0' })).toBe(tag);
    expect(runTag({ strategy_id: '65f1c0ffee0000000000abcd', run_id: '1705300000000-1' })).not.toBe(tag);
    expect(clientOrderId(tag, 'entry', 'e12')).toBe(`${tag}EC`);
    expect(clientOrderId(tag, 'stop', 'p12', 3)).toBe(`${tag}SCV3`);
    expect(clientOrderId(tag, 'exit', 'x999999999')).toMatch(/^[0-9A-Z]{1,20}$/);
  });
});

describe('risk checks before an entry', () => {
  const facts = { killSwitch: null, trading: 'active' as const, qty: 10, price: 100, held: 0, openPositions: 0, dayPnl: 0, dayEntries: 0 };
  it('let an entry through within every limit, and refuse each limit with its code and the figures', () => {
    const limits = { maxOrderValue: 1000, maxPositionQty: 15, maxOpenPositions: 2, maxDailyLoss: 500, maxTradesPerDay: 3 };
    expect(checkEntry(facts, limits)).toBeUndefined();
    expect(checkEntry({ ...facts, price: 101 }, limits)).toEqual({ code: 'max_order_value', message: 'order value 1010.00 (10 × 101) is above the limit of 1000' });
    expect(checkEntry({ ...facts, held: -6 }, limits)?.code).toBe('max_position_qty');
    expect(checkEntry({ ...facts, openPositions: 2 }, limits)?.code).toBe('max_open_positions');
    expect(checkEntry({ ...facts, dayPnl: -500 }, limits)?.message).toBe("today's loss 500.00 reached the limit of 500");
    expect(checkEntry({ ...facts, dayEntries: 3 }, limits)?.code).toBe('max_trades_per_day');
  });

  it('refuse every entry while a kill switch is engaged or the run is halted or reducing only', () => {
    expect(checkEntry({ ...facts, killSwitch: { scope: 'global', reason: 'desk closed', at: 1 } }, {})).toEqual({ code: 'kill_switch', message: 'the global kill switch is engaged (desk closed): no new entries' });
    expect(checkEntry({ ...facts, trading: 'halted', tradingReason: 'reconciliation failed' }, {})?.message).toBe('trading is halted (reconciliation failed): no new entries');
    expect(checkEntry({ ...facts, trading: 'reducing_only' }, {})?.code).toBe('reducing_only');
  });
});

describe('engine settings', () => {
  it('take risk limits from the environment and name a bad one', () => {
    expect(resolveLiveConfig({}, { ALGO_LIVE_MAX_ORDER_VALUE: '250000', ALGO_LIVE_MAX_TRADES_PER_DAY: '20' }).value?.risk).toEqual({ maxOrderValue: 250000, maxTradesPerDay: 20 });
    expect(resolveLiveConfig({}, { ALGO_LIVE_MAX_DAILY_LOSS: 'lots' }).errors).toEqual(['ALGO_LIVE_MAX_DAILY_LOSS: "lots" is not a positive number']);
    expect(resolveLiveConfig({ partition: { index: 2, count: 2 } }, {}).errors).toEqual(['live engine: partition: index must be below count']);
    expect(resolveLiveConfig({}, { ALGO_LIVE_LEASE_MS: '1500' }).value?.leaseMs).toBe(1500);
    expect(resolveLiveConfig({}, { ALGO_LIVE_HEARTBEAT_MS: '1.5' }).errors).toEqual(['ALGO_LIVE_HEARTBEAT_MS: "1.5" is not a whole number of milliseconds']);
  });
});
