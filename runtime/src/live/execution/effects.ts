import type { WriteRecipe } from '../../redis/keyspace/codec.js';
import type { OrderUpdateInput } from '../../storage/repositories/orders.js';
import type { EngineContext } from '../context.js';
import { outboxRecipe } from '../recorder/outbox-entry.js';
import { dailyStatsRecipe, feedRecipe, runtimeFactsRecipe } from '../state/recipes.js';
import { appendRecipe, inflightRecipe } from '../streams/channels.js';
import type { OrderEventMessage } from '../streams/messages.js';
import type { Account } from './account.js';
import type { BookOrder } from './order-book.js';

/** An order event before the run's fields are added. */
export interface OrderEventInput {
  readonly client_order_id: string;
  readonly status: string;
  readonly event: OrderEventMessage['event'];
  readonly order_id?: string;
  readonly fill?: OrderEventMessage['fill'];
  readonly reason?: string;
  readonly entry_client_order_id?: string;
  readonly instrument_key?: string;
  readonly side?: 'BUY' | 'SELL';
  readonly quantity?: number;
  readonly price?: number;
  readonly at?: number;
}

const MONGO_STATUS = { open: 'OPEN', complete: 'COMPLETE', cancelled: 'CANCELLED', rejected: 'REJECTED' } as const;

/**
 * Everything one piece of execution work produced, gathered for the MULTI that acknowledges
 * it: order events for the strategy core and followers (counted for a lock-step replay),
 * MongoDB updates through the outbox, feed events, counters, the order book's changed
 * entries and the paper broker's state.
 */
export class Effects {
  private readonly recipes: WriteRecipe[] = [];
  private events = 0;
  private readonly stats: Record<string, number> = {};

  constructor(
    private readonly ctx: EngineContext,
    readonly acc: Account,
  ) {}

  push(...r: Array<WriteRecipe | undefined>): void {
    for (const x of r) if (x) this.recipes.push(x);
  }

  count(field: string, by = 1): void {
    this.stats[field] = (this.stats[field] ?? 0) + by;
  }

  /** An event on `stream:orders`. */
  event(e: OrderEventInput): void {
    const run = this.acc.run;
    const lockstep = run.replay !== undefined;
    const msg: OrderEventMessage = { ...e, strategy_id: run.strategy_id, run_id: run.run_id, at: Math.round(e.at ?? Date.now()), ...(lockstep ? { lockstep } : {}) };
    this.recipes.push(appendRecipe(this.ctx.channels.orders, msg));
    if (lockstep) this.events++;
  }

  /** Tells the core an order of its will never fill. */
  refused(orderId: string, cid: string | undefined, reason: string): void {
    this.event({ client_order_id: cid ?? orderId, status: 'REJECTED', event: 'refused', order_id: orderId, reason });
    this.count('rejections');
  }

  /** The order's new state, for MongoDB (through the outbox) and the feed. */
  recorded(o: BookOrder, note?: string): void {
    if (o.status === 'new' || o.status === 'unknown') return;
    const update: OrderUpdateInput = {
      status: MONGO_STATUS[o.status],
      ...(o.broker_order_id ? { broker_order_id: o.broker_order_id.slice(0, 64) } : {}),
      executed_quantity: o.filled,
      ...(o.avg !== undefined && o.avg > 0 ? { average_price: o.avg } : {}),
      ...(o.message ? { status_message: o.message.slice(0, 500) } : {}),
      ...(note ? { note: note.slice(0, 500) } : {}),
    };
    this.push(outboxRecipe({ op: 'order_update', client_order_id: o.cid, update: update as unknown as Record<string, unknown> }));
    this.push(
      feedRecipe(this.acc.run.strategy_id, 'order', o.updated_at, {
        client_order_id: o.cid,
        role: o.role,
        status: o.status,
        instrument_key: o.contract,
        side: o.side,
        quantity: o.qty,
        filled: o.filled,
        type: o.type,
        ...(o.avg !== undefined ? { average_price: o.avg } : {}),
        ...(o.trigger !== undefined ? { trigger_price: o.trigger } : {}),
        ...(o.price !== undefined ? { price: o.price } : {}),
        ...(o.reason ? { reason: o.reason } : {}),
        ...(o.message ? { message: o.message } : {}),
      }),
    );
  }

  /** Seed 001's runtime facts after a fill. */
  runtime(o: BookOrder): void {
    const held = this.acc.book.position(o.contract);
    this.push(
      runtimeFactsRecipe(this.acc.run.strategy_id, {
        ...(o.avg !== undefined ? { last_price: o.avg } : {}),
        position: held > 0 ? 'bought' : held < 0 ? 'sold' : 'none',
        ...(o.side === 'BUY' ? { last_buy_order: o.cid } : { last_sell_order: o.cid }),
        lock_state: false,
      }),
    );
  }

  /** The writes, with the book, the paper state, counters and the in-flight count. */
  finish(forcePaper = false): WriteRecipe[] {
    const acc = this.acc;
    const out = [...this.recipes];
    const book = acc.book.flushRecipe();
    if (book) out.push(book);
    const paper = acc.paperRecipe(forcePaper);
    if (paper) out.push(paper);
    if (Object.keys(this.stats).length) out.push(dailyStatsRecipe(acc.run.strategy_id, this.stats));
    if (this.events) out.push(inflightRecipe(acc.run.strategy_id, this.events));
    return out;
  }
}
