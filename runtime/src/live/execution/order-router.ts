import type { BrokerOrder } from '../../brokers/orders.js';
import type { HeldLock } from '../../redis/keyspace/runtime-state.js';
import type { EntryIntent, ExitIntent, ProtectIntent } from '../../strategy/orders.js';
import type { EngineContext } from '../context.js';
import { delay } from '../streams/serial.js';
import type { IntentMessage } from '../streams/messages.js';
import type { Account } from './account.js';
import type { Effects } from './effects.js';
import { clientOrderId, isLive, type BookOrder } from './order-book.js';
import { applyUpdates } from './order-updates.js';
import { checkEntry } from './risk.js';
import { OrderSender } from './order-sender.js';

/**
 * Turns the strategy core's intents into orders at the broker, following the idempotency
 * protocol of the broker contract:
 *
 * 1. the order gets a client order id derived from the run and the core's id (so a
 *    re-delivered intent names the same order), is written to the run's order book as `new`
 *    together with its MongoDB intent in the outbox, then to MongoDB `orders` directly
 *    while MongoDB answers in time — all BEFORE it is sent, carrying the id as the broker's tag;
 * 2. an answer with an unknown outcome (a timeout after sending, a 5xx) is followed by
 *    looking the order up by its tag until the broker says; it is sent again only when the
 *    broker answers that it has no such order — never blindly;
 * 3. an intent found `new` after a restart is resumed the same way (looked up, then sent).
 *
 * Entries pass the risk checks and take the strategy's position lock (seed 001's
 * `lock_state`), under which a second entry for an instrument already held or already
 * being entered is refused — so concurrent or repeated signals cannot double-enter. Exits
 * first cancel the position's stop and target. Stops and targets are placed, moved
 * (trailing) or cancelled to match the core's `protect` intents.
 */
export class OrderRouter {
  private readonly sender: OrderSender;

  constructor(private readonly ctx: EngineContext) {
    this.sender = new OrderSender(ctx);
  }

  async handle(acc: Account, m: IntentMessage, fx: Effects): Promise<void> {
    const intent = m.intent;
    switch (intent.type) {
      case 'entry':
        await this.entry(acc, m, intent, fx);
        break;
      case 'exit':
        await this.exit(acc, m, intent, fx);
        break;
      case 'protect':
        await this.level(acc, fx, 'stop', intent, intent.stop, m.decided_at);
        await this.level(acc, fx, 'target', intent, intent.target, m.decided_at);
        break;
      case 'cancel':
        for (const o of acc.book.all()) if ((o.role === 'entry' || o.role === 'exit') && o.ref === intent.order_id && isLive(o)) await this.cancel(acc, o, fx);
        break;
    }
    await this.settle(acc, fx);
  }

  /** Applies the broker updates the account holds. */
  settle(acc: Account, fx: Effects): Promise<void> {
    return applyUpdates(acc, fx, (a, o, f) => this.cancel(a, o, f));
  }

  private async entry(acc: Account, m: IntentMessage, intent: EntryIntent, fx: Effects): Promise<void> {
    const cid = clientOrderId(acc.tag, 'entry', intent.order_id);
    const existing = acc.book.get(cid);
    if (existing) {
      if (existing.status === 'new') await this.resume(acc, existing, fx);
      return;
    }
    const refusal = await this.risk(acc, m, intent);
    if (refusal) {
      fx.refused(intent.order_id, undefined, refusal.code);
      fx.event({ client_order_id: cid, status: 'REJECTED', event: 'update', reason: refusal.message, instrument_key: intent.contract });
      this.ctx.log.warn({ strategy_id: acc.run.strategy_id, code: refusal.code }, `entry refused: ${refusal.message}`);
      return;
    }
    const lock = await this.lock(acc);
    try {
      // Under the lock, the book as Redis has it: another process may have entered meanwhile.
      await acc.book.refresh(this.ctx.redis);
      const dup = this.duplicate(acc, intent);
      if (dup) {
        fx.refused(intent.order_id, undefined, 'in_position');
        fx.event({ client_order_id: cid, status: 'REJECTED', event: 'update', reason: dup, instrument_key: intent.contract });
        return;
      }
      const o = this.newOrder(acc, m, { cid, role: 'entry', ref: intent.order_id, instrument: intent.instrument, contract: intent.contract, side: intent.side === 'buy' ? 'BUY' : 'SELL', qty: intent.qty, type: 'MARKET', fill_mode: intent.fill });
      await this.send(acc, o, fx, m);
    } finally {
      await lock?.release().catch(() => false);
    }
  }

  private async exit(acc: Account, m: IntentMessage, intent: ExitIntent, fx: Effects): Promise<void> {
    const cid = clientOrderId(acc.tag, 'exit', intent.order_id);
    const existing = acc.book.get(cid);
    if (existing) {
      if (existing.status === 'new') await this.resume(acc, existing, fx);
      return;
    }
    for (const o of acc.book.all()) if ((o.role === 'stop' || o.role === 'target') && o.position_id === intent.position_id && isLive(o)) await this.cancel(acc, o, fx);
    await this.settle(acc, fx);
    const held = acc.book.position(intent.contract);
    const holds = intent.side === 'sell' ? held >= intent.qty : -held >= intent.qty;
    if (!holds) {
      fx.refused(intent.order_id, cid, 'position already closed');
      return;
    }
    const o = this.newOrder(acc, m, { cid, role: 'exit', ref: intent.order_id, position_id: intent.position_id, instrument: intent.instrument, contract: intent.contract, side: intent.side === 'buy' ? 'BUY' : 'SELL', qty: intent.qty, type: 'MARKET', fill_mode: intent.fill, reason: intent.reason });
    await this.send(acc, o, fx, m);
  }

  /** A position's stop (`STOP_LOSS_MARKET` at the trigger) or target (`LIMIT`): placed, moved or cancelled to match `value`. */
  private async level(acc: Account, fx: Effects, role: 'stop' | 'target', intent: ProtectIntent, value: number | null, decidedAt: number | undefined): Promise<void> {
    const mine = acc.book.byRef(role, intent.position_id);
    const live = mine.filter(isLive).at(-1);
    if (value === null) {
      if (live) await this.cancel(acc, live, fx);
      return;
    }
    if (live) {
      if (live.status === 'new') return this.resume(acc, live, fx);
      if ((role === 'stop' ? live.trigger : live.price) === value) {
        if (role === 'stop' && live.stop_reason !== intent.stop_reason) acc.book.put({ ...live, stop_reason: intent.stop_reason });
        return;
      }
      if (!live.broker_order_id) return;
      const r = await acc.broker.modifyOrder({ brokerOrderId: live.broker_order_id, instrument: live.contract }, role === 'stop' ? { triggerPrice: value } : { price: value });
      acc.ordersChanged = true;
      if (r.ok) {
        acc.book.put({ ...live, ...(role === 'stop' ? { trigger: value, stop_reason: intent.stop_reason } : { price: value }), updated_at: acc.now() ?? Date.now() });
        fx.recorded(acc.book.get(live.cid)!, `${role} moved to ${value}`);
      } else await this.refresh(acc, live);
      return;
    }
    const held = acc.book.position(intent.contract);
    if (held === 0 || Math.sign(held) !== (intent.side === 'sell' ? 1 : -1)) return;
    const cid = clientOrderId(acc.tag, role, intent.position_id, mine.length + 1);
    const o = this.newOrder(acc, decidedAt !== undefined ? { decided_at: decidedAt } : {}, {
      cid,
      role,
      ref: intent.position_id,
      position_id: intent.position_id,
      instrument: intent.contract,
      contract: intent.contract,
      side: intent.side === 'buy' ? 'BUY' : 'SELL',
      qty: intent.qty,
      ...(role === 'stop' ? { type: 'STOP_LOSS_MARKET' as const, trigger: value, stop_reason: intent.stop_reason } : { type: 'LIMIT' as const, price: value }),
    });
    await this.send(acc, o, fx);
  }

  /** Cancels an order we no longer want (marked ours, so its cancellation is not a refusal). */
  async cancel(acc: Account, o: BookOrder, fx: Effects): Promise<void> {
    acc.book.put({ ...o, cancelled_by_us: true });
    const cur = acc.book.get(o.cid)!;
    if (!cur.broker_order_id) {
      const found = await this.lookUp(acc, cur.cid);
      if (found === 'unreachable') return;
      if (found === null) {
        acc.book.put({ ...cur, status: 'cancelled', reported: cur.role === 'stop' || cur.role === 'target', updated_at: acc.now() ?? Date.now() });
        fx.recorded(acc.book.get(cur.cid)!, 'never sent');
        if (cur.role === 'entry' || cur.role === 'exit') fx.refused(cur.ref, cur.cid, 'cancelled');
        return;
      }
      acc.book.put({ ...cur, broker_order_id: found.brokerOrderId });
      acc.updates.push(found);
    }
    const id = acc.book.get(o.cid)!.broker_order_id!;
    const r = await acc.broker.cancelOrder({ brokerOrderId: id, instrument: o.contract });
    acc.ordersChanged = true;
    if (!r.ok) await this.refresh(acc, acc.book.get(o.cid)!);
  }

  /** The new order, written to the book (as `new`) and to MongoDB before anything is sent. */
  private newOrder(acc: Account, m: { decided_at?: number }, o: Omit<BookOrder, 'status' | 'filled' | 'updated_at'>): BookOrder {
    return acc.book.put({ ...o, status: 'new', filled: 0, ...(m.decided_at !== undefined ? { decided_at: m.decided_at } : {}), ...(acc.run.replay ? { lockstep: true } : {}), updated_at: acc.now() ?? Date.now() });
  }

  /** Records the intent and sends it (see `OrderSender`). */
  private send(acc: Account, o: BookOrder, fx: Effects, m?: IntentMessage): Promise<void> {
    return this.sender.send(acc, o, fx, m);
  }

  private resume(acc: Account, o: BookOrder, fx: Effects): Promise<void> {
    return this.sender.resume(acc, o, fx);
  }

  /** The order with this tag at the broker, null when it has none, 'unreachable' when it cannot say. */
  lookUp(acc: Account, cid: string): Promise<BrokerOrder | null | 'unreachable'> {
    return this.sender.lookUp(acc, cid);
  }

  private refresh(acc: Account, o: BookOrder): Promise<void> {
    return this.sender.refresh(acc, o);
  }

  private async risk(acc: Account, m: IntentMessage, intent: EntryIntent) {
    const ks = this.ctx.keyspace;
    const [killSwitch, stats] = await Promise.all([ks.system.killSwitchFor(acc.run.user_id), ks.signals.getStats(acc.run.strategy_id)]);
    const halted = acc.run.halted;
    const trading = halted ? 'halted' : acc.run.state !== 'running' ? 'reducing_only' : 'active';
    const last = acc.lastTick.get(intent.contract)?.ltp ?? m.bar_close;
    return checkEntry(
      {
        killSwitch,
        trading,
        ...(halted ? { tradingReason: halted } : acc.run.state !== 'running' ? { tradingReason: acc.run.state } : {}),
        qty: intent.qty,
        price: last,
        held: acc.book.position(intent.contract),
        openPositions: acc.book.positions().size,
        dayPnl: stats.pnl ?? 0,
        dayEntries: stats.entries ?? 0,
      },
      this.ctx.config.risk,
    );
  }

  /** Seed 001's position lock: one entry decision at a time per strategy, across processes. */
  private async lock(acc: Account): Promise<HeldLock | null> {
    for (let i = 0; i < 100; i++) {
      const l = await this.ctx.keyspace.runtime.acquireLock(acc.run.strategy_id, 5_000);
      if (l) return l;
      await delay(20);
    }
    this.ctx.log.warn({ strategy_id: acc.run.strategy_id }, 'position lock held for 2 s by someone else; deciding without it');
    return null;
  }

  /** Why a second entry would double a position: an entry already out for the instrument, or a position held that no exit is closing. */
  private duplicate(acc: Account, intent: EntryIntent): string | undefined {
    for (const o of acc.book.all()) {
      if (o.role === 'entry' && o.instrument === intent.instrument && isLive(o)) return `an entry for ${intent.instrument} is already out (${o.cid}): a second one would double the position`;
    }
    if (acc.book.position(intent.contract) !== 0 && !this.exiting(acc, intent.contract)) return `${intent.contract} is already held: a second entry would double the position`;
    return undefined;
  }

  private exiting(acc: Account, contract: string): boolean {
    return acc.book.all().some((o) => o.role === 'exit' && o.contract === contract && isLive(o));
  }
}
