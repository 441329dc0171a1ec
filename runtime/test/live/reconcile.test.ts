import { describe, expect, it } from 'vitest';
import { NO_COSTS } from '../../src/backtest/costs.js';
import { PaperBroker } from '../../src/brokers/paper/paper-broker.js';
import { commit } from '../../src/live/context.js';
import { Account } from '../../src/live/execution/account.js';
import { Effects } from '../../src/live/execution/effects.js';
import { OrderBook, clientOrderId } from '../../src/live/execution/order-book.js';
import { OrderRouter } from '../../src/live/execution/order-router.js';
import { reconcile } from '../../src/live/execution/reconcile.js';
import { BarGrid } from '../../src/live/market/buckets.js';
import type { IntentMessage } from '../../src/live/streams/messages.js';
import { strategyOf, useEngine } from './support.js';

/**
 * Start-up reconciliation: the broker's orders and positions against the engine's book
 * and MongoDB. What the engine can explain is put right (a fill that happened while it was
 * down reaches the strategy core); anything else is a problem that keeps the run halted.
 */
const fixture = useEngine('reconcile');
const KEY = 'NSE_EQ|TCS';
const S = strategyOf(`strategy "Rec" {
  asset stocks
  symbols "${KEY}"
  entry long when close > 0 { qty 3  stop_loss 1% }
}`);
let n = 0;

function setup(): { acc: Account; paper: PaperBroker } {
  const paper = new PaperBroker();
  paper.onTick([{ instrument: KEY, ltp: 4000, ts: 1_000 }]);
  const runId = `run${++n}`;
  const acc = new Account({ run_id: runId, strategy_id: 's1', user_id: 'u1', mode: 'paper', version: 1, asset: 'stocks', state: 'running', started_at: 0 }, S, paper, paper, new OrderBook('s1', runId), NO_COSTS, `REC${n}`, new BarGrid(S.program.clock, 60_000));
  return { acc, paper };
}

const entry = (acc: Account, id: string, decidedAt?: number): IntentMessage => ({
  signal_id: id, set_id: 's1', kind: 'entry', side: 'long', instrument_key: KEY, bar_time: 0, run_id: acc.run.run_id,
  ...(decidedAt !== undefined ? { decided_at: decidedAt } : {}),
  intent: { type: 'entry', order_id: id, instrument: KEY, contract: KEY, side: 'buy', position_side: 'long', qty: 3, fill: 'next_open', signal: { rule: 'entry.1', time: 0 } },
});

async function run(acc: Account): Promise<{ problems: string[]; notes: string[]; events: Array<Record<string, unknown>> }> {
  const { ctx } = fixture();
  const before = await ctx.redis.xlen('stream:orders');
  const fx = new Effects(ctx, acc);
  const r = await reconcile(acc, fx, new OrderRouter(ctx), ctx.storage, () => 0);
  await commit(ctx.redis, fx.finish());
  const events = ((await ctx.redis.xrange('stream:orders', '-', '+')) as Array<[string, string[]]>).slice(before).map(([, f]) => JSON.parse(f[1]!) as Record<string, unknown>);
  return { ...r, events };
}

describe('start-up reconciliation', () => {
  it('finds nothing to say when the broker, the book and MongoDB agree', async () => {
    const { acc } = setup();
    const { ctx } = fixture();
    const fx = new Effects(ctx, acc);
    await new OrderRouter(ctx).handle(acc, entry(acc, 'e1'), fx);
    await commit(ctx.redis, fx.finish());
    expect(acc.book.position(KEY)).toBe(3);
    const r = await run(acc);
    expect(r).toMatchObject({ problems: [], notes: [] });
  });

  it('brings a fill that happened while the engine was away to the book and the strategy core', async () => {
    const { acc, paper } = setup();
    const { ctx } = fixture();
    const fx = new Effects(ctx, acc);
    await new OrderRouter(ctx).handle(acc, entry(acc, 'e1', 5_000), fx); // waits for a tick at or after 5 s
    await commit(ctx.redis, fx.finish());
    const cid = clientOrderId(acc.tag, 'entry', 'e1');
    expect(acc.book.get(cid)?.status).toBe('open');
    // the engine is "down": the broker fills it meanwhile, and the update is not heard
    acc.close();
    paper.onTick([{ instrument: KEY, ltp: 4010, ts: 6_000 }]);
    const again = new Account(acc.run, S, paper, paper, await OrderBook.load(ctx.redis, 's1', acc.run.run_id), NO_COSTS, acc.tag, acc.grid);
    const r = await run(again);
    expect(r.problems).toEqual([]);
    expect(r.notes).toEqual([`order ${cid} was open, paper says COMPLETE: updated`]);
    expect(again.book.position(KEY)).toBe(3);
    expect(r.events).toContainEqual(expect.objectContaining({ event: 'fill', order_id: 'e1', fill: expect.objectContaining({ price: 4010, qty: 3, at: 'open' }) }));
  });

  it('fails closed on what it cannot explain: a position or an order of the run the book does not know', async () => {
    const { acc, paper } = setup();
    await paper.placeOrder({ clientOrderId: `${acc.tag}E99`, instrument: KEY, side: 'BUY', quantity: 2, orderType: 'MARKET', product: 'intraday' });
    const r = await run(acc);
    expect(r.problems).toEqual([
      `paper has order ${acc.tag}E99 (BUY 2 NSE_EQ|TCS, COMPLETE) that the engine's book does not know`,
      'NSE_EQ|TCS: paper holds 2, the engine\'s book says 0',
    ]);
  });
});
