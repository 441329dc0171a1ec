import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NO_COSTS } from '../../src/backtest/costs.js';
import type { Broker } from '../../src/brokers/broker.js';
import { InstrumentMap } from '../../src/brokers/instruments/instrument-map.js';
import { PaperBroker } from '../../src/brokers/paper/paper-broker.js';
import { StaticSessionSource } from '../../src/brokers/session/session-source.js';
import { ZerodhaBroker } from '../../src/brokers/zerodha/zerodha-broker.js';
import { commit } from '../../src/live/context.js';
import { Account } from '../../src/live/execution/account.js';
import { Effects } from '../../src/live/execution/effects.js';
import { OrderBook, clientOrderId } from '../../src/live/execution/order-book.js';
import { OrderRouter } from '../../src/live/execution/order-router.js';
import { BarGrid } from '../../src/live/market/buckets.js';
import type { Run } from '../../src/live/runs/run-record.js';
import type { IntentMessage } from '../../src/live/streams/messages.js';
import { INSTRUMENT_DOCS, KITE_ROWS } from '../fakes/instruments.js';
import { KiteFake } from '../fakes/kite/kite-fake.js';
import { strategyOf, useEngine } from './support.js';

/**
 * The order protocol of execution, against a real broker adapter talking to the local Kite
 * server (faults injected per request) and against the paper broker: the intent is
 * recorded before it is sent, an unknown outcome is resolved by looking the tag up — never
 * by sending blindly — and the position lock lets one entry through when several race.
 */

const fixture = useEngine('router');
const KEY = 'NSE_EQ|RELIANCE';
const S = strategyOf(`strategy "Router" {
  asset stocks
  symbols "${KEY}"
  entry long when close > 0 { qty 5  stop_loss 1% }
}`);
const TAG = 'TESTRUN';
let kite: KiteFake;
let n = 0;

beforeAll(async () => {
  kite = await KiteFake.start({ instruments: KITE_ROWS, orderRateLimit: 1000 });
  kite.exchange.setPrice('NSE:RELIANCE', 2500);
});
afterAll(async () => {
  await kite.stop();
});
beforeEach(() => kite.faults.clear());

function account(broker: Broker, paper?: PaperBroker, runId = `r${++n}`): Account {
  const run: Run = { run_id: runId, strategy_id: 's1', user_id: 'u1', mode: paper ? 'paper' : 'live', version: 1, asset: 'stocks', state: 'running', started_at: 0 };
  return new Account(run, S, broker, paper, new OrderBook('s1', runId), NO_COSTS, `${TAG}${n}`.slice(0, 9), new BarGrid(S.program.clock, 60_000));
}

function zerodha(timeoutMs = 400): ZerodhaBroker {
  const session = new StaticSessionSource('zerodha', { apiKey: kite.apiKey, accessToken: kite.issueAccessToken(), expiresAt: Date.now() + 86_400_000 });
  return new ZerodhaBroker({ session, instruments: new InstrumentMap(INSTRUMENT_DOCS), root: kite.restUrl, tickerUrl: kite.tickerUrl, timeoutMs });
}

function entry(acc: Account, orderId: string): IntentMessage {
  return {
    signal_id: `s1:${acc.run.run_id}:${orderId}`,
    set_id: 's1',
    kind: 'entry',
    side: 'long',
    instrument_key: KEY,
    bar_time: 0,
    run_id: acc.run.run_id,
    intent: { type: 'entry', order_id: orderId, instrument: KEY, contract: KEY, side: 'buy', position_side: 'long', qty: 5, fill: 'next_open', signal: { rule: 'entry.1', time: 0 } },
  };
}

async function handle(acc: Account, m: IntentMessage): Promise<Effects> {
  const { ctx } = fixture();
  const fx = new Effects(ctx, acc);
  await new OrderRouter(ctx).handle(acc, m, fx);
  await commit(ctx.redis, fx.finish());
  return fx;
}

const atExchange = (tag: string) => [...kite.exchange.orders.values()].filter((o) => o.tag === tag);

async function orderEvents(): Promise<Array<Record<string, unknown>>> {
  return ((await fixture().redis.redis.xrange('stream:orders', '-', '+')) as Array<[string, string[]]>).map(([, f]) => JSON.parse(f[1]!) as Record<string, unknown>);
}

describe('execution’s order protocol', () => {
  it('records the intent (book, then MongoDB) before sending, with the client order id as the broker’s tag', async () => {
    const acc = account(zerodha());
    await handle(acc, entry(acc, 'e1'));
    const cid = clientOrderId(acc.tag, 'entry', 'e1');
    expect(atExchange(cid)).toHaveLength(1);
    expect(acc.book.get(cid)).toMatchObject({ status: 'complete', filled: 5, role: 'entry' });
    expect(await fixture().storage.storage.orders.getByClientOrderId(cid)).toMatchObject({ status: 'PENDING', quantity: 5, transaction_type: 'BUY', broker: 'zerodha' });
    expect(await fixture().redis.redis.hget(`runtime:{s1}:orders`, cid)).toContain('"status":"complete"');
  });

  it('an order whose answer never came (the broker has it) is found by its tag and not sent again', async () => {
    const acc = account(zerodha(300));
    kite.faults.next('place', { kind: 'hang_after_accept' });
    await handle(acc, entry(acc, 'e1'));
    const cid = clientOrderId(acc.tag, 'entry', 'e1');
    expect(atExchange(cid)).toHaveLength(1);
    expect(acc.book.get(cid)).toMatchObject({ status: 'complete', broker_order_id: atExchange(cid)[0]!.id });
    // handled again (a restart re-reads the same intent): still one order
    await handle(acc, entry(acc, 'e1'));
    expect(atExchange(cid)).toHaveLength(1);
  });

  it('a connection cut after the order was accepted: found by its tag, once', async () => {
    const acc = account(zerodha());
    kite.faults.next('place', { kind: 'drop_after_accept' });
    await handle(acc, entry(acc, 'e1'));
    expect(atExchange(clientOrderId(acc.tag, 'entry', 'e1'))).toHaveLength(1);
  });

  it('a 5xx the broker did not act on: the tag is not found, so it is sent again — once', async () => {
    const acc = account(zerodha());
    kite.faults.next('place', { kind: 'server_error', status: 503 });
    await handle(acc, entry(acc, 'e1'));
    const cid = clientOrderId(acc.tag, 'entry', 'e1');
    expect(atExchange(cid)).toHaveLength(1);
    expect(acc.book.get(cid)?.status).toBe('complete');
  });

  it('a refusal goes back to the strategy core, so it stops waiting for the fill', async () => {
    const acc = account(zerodha());
    kite.faults.next('place', { kind: 'reject', message: 'Insufficient funds', errorType: 'MarginException' });
    const before = (await orderEvents()).length;
    await handle(acc, entry(acc, 'e1'));
    const refused = (await orderEvents()).slice(before).filter((e) => e.event === 'refused');
    expect(refused).toEqual([expect.objectContaining({ order_id: 'e1', reason: expect.stringMatching(/^BROKER_REJECTED: .*Insufficient funds/) })]);
    expect(atExchange(clientOrderId(acc.tag, 'entry', 'e1'))).toHaveLength(0);
  });

  it('entries racing from two processes for one instrument: the position lock lets exactly one through', async () => {
    const exchange = new PaperBroker();
    exchange.onTick([{ instrument: KEY, ltp: 2500, ts: 1 }]);
    const runId = `race${++n}`;
    const a = account(exchange, exchange, runId);
    const b = new Account(a.run, S, exchange, exchange, new OrderBook('s1', runId), NO_COSTS, a.tag, a.grid);
    const intents = Array.from({ length: 10 }, (_, i) => i);
    await Promise.all(intents.flatMap((i) => [handle(a, entry(a, `e${100 + i}`)), handle(b, entry(b, `e${200 + i}`))]));
    const orders = (exchange.snapshot().orders).filter((o) => o.clientOrderId.startsWith(a.tag));
    expect(orders).toHaveLength(1);
    const refused = (await orderEvents()).filter((e) => e.run_id === runId && e.event === 'refused');
    expect(refused).toHaveLength(19);
    expect(refused.every((e) => e.reason === 'in_position')).toBe(true);
  });
});
