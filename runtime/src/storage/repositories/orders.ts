import type { Db } from 'mongodb';
import { z } from 'zod';
import { IdField, InstrumentKeyField, LooseObject, ModeField, newId } from './fields.js';
import { Repository, isDuplicateKey, timeRange } from './repository.js';
import type { CollectionIndexes, WriteResult } from './repository.js';
import { validateDocument } from './validation.js';

/**
 * `orders` (seed 002's `trades`, DESIGN §5): every order's full lifecycle. The intent is
 * written *before* the order goes to the broker, under a client order id that is unique
 * here and travels to the broker as the order tag (Kite allows 20 alphanumerics) — so a
 * retry after a timeout finds the order instead of placing it twice. `algo_id` carries the
 * SEBI algo identifier.
 */
export const OrderStatusField = z.enum(['PENDING', 'OPEN', 'COMPLETE', 'CANCELLED', 'REJECTED']);
export type OrderStatus = z.infer<typeof OrderStatusField>;
/** States an order never leaves. */
export const TERMINAL_ORDER_STATUSES: readonly OrderStatus[] = ['COMPLETE', 'CANCELLED', 'REJECTED'];

export const ClientOrderIdField = z.string().regex(/^[A-Za-z0-9]{1,20}$/, 'expected 1-20 letters or digits (it is sent to the broker as the order tag)');

const OrderEventDocSchema = z
  .object({
    at: z.date(),
    status: OrderStatusField,
    note: z.string().max(500).optional(),
    executed_quantity: z.number().int().nonnegative().optional(),
    average_price: z.number().positive().optional(),
  })
  .strict();
export type OrderEventDoc = z.infer<typeof OrderEventDocSchema>;

export const OrderDocSchema = z
  .object({
    _id: IdField,
    client_order_id: ClientOrderIdField,
    strategy_id: IdField,
    user_id: IdField,
    algo_id: z.string().min(1).max(50),
    mode: ModeField,
    broker: z.string().min(1).max(32),
    instrument_key: InstrumentKeyField,
    transaction_type: z.enum(['BUY', 'SELL']),
    order_type: z.enum(['MARKET', 'LIMIT', 'STOP_LOSS', 'STOP_LOSS_MARKET']),
    product: z.string().max(16).optional(),
    quantity: z.number().int().positive(),
    price: z.number().positive().optional(),
    trigger_price: z.number().positive().optional(),
    status: OrderStatusField,
    broker_order_id: z.string().max(64).optional(),
    exchange_order_id: z.string().max(64).optional(),
    executed_quantity: z.number().int().nonnegative(),
    pending_quantity: z.number().int().nonnegative(),
    cancelled_quantity: z.number().int().nonnegative(),
    average_price: z.number().positive().optional(),
    /** Why the order exists: the entry/exit label, `stop_loss`, `take_profit`, … */
    reason: z.string().max(200).optional(),
    signal_id: z.string().max(128).optional(),
    status_message: z.string().max(500).optional(),
    order_timestamp: z.date(),
    exchange_timestamp: z.date().optional(),
    events: z.array(OrderEventDocSchema),
    raw_response: LooseObject.optional(),
    created_at: z.date(),
    updated_at: z.date(),
  })
  .strict()
  .refine((o) => o.executed_quantity + o.cancelled_quantity <= o.quantity, { message: 'executed + cancelled quantity exceeds quantity', path: ['executed_quantity'] })
  .refine((o) => o.order_type === 'MARKET' || o.order_type === 'STOP_LOSS_MARKET' || o.price !== undefined, { message: 'a limit order needs a price', path: ['price'] });
export type OrderDoc = z.infer<typeof OrderDocSchema>;

/** The intent, as the execution worker knows it before sending. */
export type NewOrderIntent = Pick<
  OrderDoc,
  'client_order_id' | 'strategy_id' | 'user_id' | 'algo_id' | 'mode' | 'broker' | 'instrument_key' | 'transaction_type' | 'order_type' | 'quantity'
> &
  Partial<Pick<OrderDoc, 'product' | 'price' | 'trigger_price' | 'reason' | 'signal_id' | 'order_timestamp'>>;

/** A broker update to apply to an order. */
export const OrderUpdateInputSchema = z
  .object({
    status: OrderStatusField,
    broker_order_id: z.string().max(64).optional(),
    exchange_order_id: z.string().max(64).optional(),
    executed_quantity: z.number().int().nonnegative().optional(),
    cancelled_quantity: z.number().int().nonnegative().optional(),
    average_price: z.number().positive().optional(),
    status_message: z.string().max(500).optional(),
    exchange_timestamp: z.date().optional(),
    raw_response: LooseObject.optional(),
    note: z.string().max(500).optional(),
  })
  .strict();
export type OrderUpdateInput = z.infer<typeof OrderUpdateInputSchema>;

export const orderIndexes: CollectionIndexes = {
  collection: 'orders',
  indexes: [
    { key: { client_order_id: 1 }, name: 'client_order_id_unique', unique: true },
    { key: { order_timestamp: 1 }, name: 'order_timestamp' },
    { key: { instrument_key: 1, order_timestamp: 1 }, name: 'instrument_time' },
    { key: { user_id: 1, order_timestamp: 1 }, name: 'user_time' },
    { key: { algo_id: 1, strategy_id: 1 }, name: 'algo_strategy' },
    { key: { strategy_id: 1, status: 1 }, name: 'strategy_status' },
    { key: { broker_order_id: 1 }, name: 'broker_order_id', partialFilterExpression: { broker_order_id: { $exists: true } } },
  ],
};

export class OrdersRepository extends Repository<typeof OrderDocSchema> {
  constructor(db: Db) {
    super(db, 'orders', OrderDocSchema);
  }

  /**
   * Records an order intent (status PENDING) before it is sent. Idempotent: recording the
   * same client order id again stores nothing and returns the order already there with
   * `inserted: false` — the caller must then not send it again.
   */
  async recordIntent(intent: NewOrderIntent): Promise<{ inserted: boolean; order: OrderDoc }> {
    const now = new Date();
    const doc = this.valid({
      _id: newId(),
      ...intent,
      status: 'PENDING',
      executed_quantity: 0,
      pending_quantity: intent.quantity,
      cancelled_quantity: 0,
      order_timestamp: intent.order_timestamp ?? now,
      events: [{ at: now, status: 'PENDING', note: 'intent recorded' }],
      created_at: now,
      updated_at: now,
    });
    try {
      await this.collection.insertOne(doc);
      return { inserted: true, order: doc };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const existing = await this.getByClientOrderId(intent.client_order_id);
      if (!existing) throw err;
      return { inserted: false, order: existing };
    }
  }

  async getByClientOrderId(clientOrderId: string): Promise<OrderDoc | null> {
    return this.parsedOrNull(await this.collection.findOne({ client_order_id: clientOrderId }));
  }

  async getByBrokerOrderId(brokerOrderId: string): Promise<OrderDoc | null> {
    return this.parsedOrNull(await this.collection.findOne({ broker_order_id: brokerOrderId }));
  }

  /**
   * Applies a broker update and appends it to `events`. A terminal order (COMPLETE,
   * CANCELLED, REJECTED) does not change — a `status` conflict — and the write only lands
   * if nobody else changed the order meanwhile (compare-and-swap on `updated_at`).
   */
  async applyUpdate(clientOrderId: string, update: OrderUpdateInput): Promise<WriteResult<OrderDoc>> {
    return this.applyUpdates(clientOrderId, [update]);
  }

  /**
   * Applies several updates of one order, in order, in one compare-and-swap — what a buffer
   * of updates written after an outage needs (one read and one write, not two per update).
   * The rules of `applyUpdate` hold for each: an update reaching an order already final is
   * not applied (and when none applies, the answer is the `status` conflict).
   */
  async applyUpdates(clientOrderId: string, updates: readonly OrderUpdateInput[]): Promise<WriteResult<OrderDoc>> {
    const us = updates.map((u) => validateDocument(this.collectionName, OrderUpdateInputSchema, u));
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.getByClientOrderId(clientOrderId);
      if (!current) return { ok: false, conflict: 'client_order_id' };
      const now = new Date();
      let next = current;
      for (const u of us) if (!TERMINAL_ORDER_STATUSES.includes(next.status)) next = this.updated(next, u, now);
      if (next === current) return { ok: false, conflict: 'status' };
      const r = await this.collection.replaceOne({ _id: current._id, updated_at: current.updated_at }, next);
      if (r.modifiedCount === 1) return { ok: true, value: next };
    }
    return { ok: false, conflict: 'updated_at' };
  }

  /** Of these client order ids, the ones recorded already (one query) — so a buffer of intents writes only what is missing. */
  async knownClientOrderIds(clientOrderIds: readonly string[]): Promise<Set<string>> {
    if (clientOrderIds.length === 0) return new Set();
    const docs = await this.collection.find({ client_order_id: { $in: [...clientOrderIds] } }, { projection: { client_order_id: 1 } }).toArray();
    return new Set(docs.map((d) => String(d.client_order_id)));
  }

  /** `current` with one update applied and recorded in `events` (validated). */
  private updated(current: OrderDoc, u: OrderUpdateInput, now: Date): OrderDoc {
    const { note, ...fields } = u;
    const executed = fields.executed_quantity ?? current.executed_quantity;
    const cancelled = fields.cancelled_quantity ?? (u.status === 'CANCELLED' || u.status === 'REJECTED' ? current.quantity - executed : current.cancelled_quantity);
    return this.valid({
      ...current,
      ...fields,
      executed_quantity: executed,
      cancelled_quantity: cancelled,
      pending_quantity: Math.max(0, current.quantity - executed - cancelled),
      events: [
        ...current.events,
        {
          at: now,
          status: u.status,
          ...(note ? { note } : {}),
          ...(fields.executed_quantity !== undefined ? { executed_quantity: fields.executed_quantity } : {}),
          ...(fields.average_price !== undefined ? { average_price: fields.average_price } : {}),
        },
      ],
      updated_at: now,
    });
  }

  /** Orders not yet terminal (PENDING or OPEN), oldest first — what reconciliation checks with the broker. */
  async listOpen(filter: { strategy_id?: string; user_id?: string } = {}): Promise<OrderDoc[]> {
    return this.findParsed({ ...filter, status: { $in: ['PENDING', 'OPEN'] } }, { order_timestamp: 1 });
  }

  /** A strategy's orders in `[from, to)`, newest first. */
  async listByStrategy(strategyId: string, opts: { from?: Date; to?: Date; limit?: number } = {}): Promise<OrderDoc[]> {
    return this.findParsed({ strategy_id: strategyId, ...timeRange('order_timestamp', opts.from, opts.to) }, { order_timestamp: -1 }, opts.limit ?? 500);
  }

  /** How many orders a strategy has placed since `since` — for `max_trades_per_day`. */
  async countSince(strategyId: string, since: Date): Promise<number> {
    return this.collection.countDocuments({ strategy_id: strategyId, order_timestamp: { $gte: since } });
  }
}
