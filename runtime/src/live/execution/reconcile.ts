import type { Storage } from '../../storage/storage.js';
import { withTimeout } from '../streams/serial.js';
import type { Account } from './account.js';
import type { Effects } from './effects.js';
import { bookStatus, isLive } from './order-book.js';
import type { OrderRouter } from './order-router.js';

/** What reconciliation found: `problems` keep the run halted until a person acts; `notes` were put right. */
export interface Reconciliation {
  readonly problems: string[];
  readonly notes: string[];
}

/**
 * Start-up reconciliation of one run: the broker's order book and positions matched with
 * the engine's order book (Redis) and MongoDB `orders`.
 *
 * - The broker's orders carrying this run's tag update the book (a fill that happened while
 *   the engine was down reaches the strategy core through the usual update path); one the
 *   book does not know is unexplained.
 * - Open orders of the book the broker does not list are looked up by tag; an order the
 *   broker never got (its send was cut short) is closed as never sent; one it lost is
 *   unexplained.
 * - Net positions: the broker's (the run's own paper account; for a real broker, the
 *   user's account net of the user's other runs, `othersHeld`) against the book's ledger —
 *   any difference is unexplained.
 * - MongoDB's open orders of the run are brought up to date from the book; one the book does
 *   not know is unexplained. MongoDB being unreachable is noted, not a failure (it is the
 *   record, filled in from the outbox later); the broker being unreachable is a failure.
 *
 * Fail closed: the caller halts the run (exits allowed, no new entries) on any problem.
 */
export async function reconcile(acc: Account, fx: Effects, router: OrderRouter, storage: Storage, othersHeld: (contract: string) => number, mongoTimeoutMs = 2_000): Promise<Reconciliation> {
  const problems: string[] = [];
  const notes: string[] = [];
  const broker = acc.broker.name;

  const orders = await acc.broker.getOrders();
  if (!orders.ok) return { problems: [`cannot read ${broker}'s order book: ${orders.error.message}`], notes };
  const atBroker = new Set<string>();
  for (const bo of orders.value) {
    const cid = bo.clientOrderId;
    if (!cid?.startsWith(acc.tag)) continue;
    atBroker.add(cid);
    const o = acc.book.get(cid);
    if (!o) {
      problems.push(`${broker} has order ${cid} (${bo.side} ${bo.quantity} ${bo.instrument}, ${bo.status}) that the engine's book does not know`);
      continue;
    }
    if (o.status !== bookStatus(bo.status) || o.filled !== bo.filledQuantity) {
      notes.push(`order ${cid} was ${o.status}, ${broker} says ${bo.status}: updated`);
      acc.updates.push(bo);
    }
  }
  for (const o of acc.book.all()) {
    if (!isLive(o) || atBroker.has(o.cid) || o.status === 'new') continue;
    const found = await router.lookUp(acc, o.cid);
    if (found === 'unreachable') problems.push(`order ${o.cid} cannot be looked up at ${broker}`);
    else if (found) acc.updates.push(found);
    else if (o.status === 'unknown') {
      acc.book.put({ ...o, status: 'rejected', message: 'never reached the broker', updated_at: acc.now() ?? Date.now() });
      fx.recorded(acc.book.get(o.cid)!, 'never reached the broker');
      if (o.role === 'entry' || o.role === 'exit') fx.refused(o.ref, o.cid, 'never reached the broker');
      notes.push(`order ${o.cid} never reached ${broker}: closed`);
    } else problems.push(`order ${o.cid} is ${o.status} in the engine's book, but ${broker} has no such order`);
  }
  await router.settle(acc, fx);

  const positions = await acc.broker.getPositions();
  if (!positions.ok) problems.push(`cannot read ${broker}'s positions: ${positions.error.message}`);
  else {
    const net = new Map<string, number>();
    for (const p of positions.value) net.set(p.instrument, (net.get(p.instrument) ?? 0) + p.quantity);
    const contracts = new Set([...acc.book.positions().keys(), ...(acc.paper ? net.keys() : acc.contracts())]);
    for (const c of contracts) {
      const theirs = (net.get(c) ?? 0) - (acc.paper ? 0 : othersHeld(c));
      const ours = acc.book.position(c);
      if (theirs !== ours) problems.push(`${c}: ${broker} holds ${theirs}, the engine's book says ${ours}`);
    }
  }

  try {
    for (const doc of await withTimeout(storage.orders.listOpen({ strategy_id: acc.run.strategy_id }), mongoTimeoutMs)) {
      if (!doc.client_order_id.startsWith(acc.tag)) continue;
      const o = acc.book.get(doc.client_order_id);
      if (!o) problems.push(`MongoDB has order ${doc.client_order_id} (${doc.status}) that the engine's book does not know`);
      else if (!isLive(o)) fx.recorded(o, 'reconciled at start-up');
    }
  } catch (err) {
    notes.push(`MongoDB not compared (${(err as Error).message.split('\n')[0]}): its record catches up from the outbox`);
  }
  return { problems, notes };
}
