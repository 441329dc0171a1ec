import type { Logger } from 'pino';
import type { NewOrderIntent, OrderUpdateInput } from '../../storage/repositories/orders.js';
import type { SystemLogDocInput } from '../../storage/repositories/system-logs.js';
import type { TradeLogDoc } from '../../storage/repositories/trade-logs.js';
import type { TradingSignalDocInput } from '../../storage/repositories/trading-signals.js';
import { InvalidDocumentError } from '../../storage/repositories/validation.js';
import type { Storage } from '../../storage/storage.js';
import { TransientError } from '../streams/group-consumer.js';
import { fromWire, type OutboxEntry } from './outbox-entry.js';


/**
 * Tells whether MongoDB answered lately, so the engine does not wait on it before every
 * order while it is down: a direct write that fails marks it down, the recorder's next
 * successful write marks it up again.
 */
export class MongoHealth {
  private downSince: number | undefined;

  get up(): boolean {
    return this.downSince === undefined;
  }

  down(): void {
    this.downSince ??= Date.now();
  }

  recovered(): number | undefined {
    const since = this.downSince;
    this.downSince = undefined;
    return since;
  }
}

/**
 * Applies outbox entries to MongoDB through the repositories — every write idempotent
 * (intents by client order id, trade logs and signals by `_id`, order updates refused once
 * an order is final), so an entry applied twice after a crash changes nothing. A MongoDB
 * that does not answer throws a transient error: the consumer retries the same entry until
 * it does, keeping the order. A document the repositories refuse is logged and dropped (it
 * can never succeed).
 */
export class Recorder {
  constructor(
    private readonly storage: Storage,
    private readonly health: MongoHealth,
    private readonly log: Logger,
  ) {}

  /**
   * Applies a read of entries in bulk: the order intents not yet in MongoDB (one query finds
   * them — usually none: the engine wrote them directly), then each order's updates in one
   * write, in order; signals, trade logs and log lines — independent documents — in one bulk
   * write each. Intents come before any update, so an update never precedes its order.
   */
  async applyMany(entries: readonly OutboxEntry[]): Promise<void> {
    type Of<K extends OutboxEntry['op']> = Extract<OutboxEntry, { op: K }>;
    const intents: Array<Of<'order_intent'>> = [];
    const updates = new Map<string, Array<Of<'order_update'>>>();
    const bulk = { signal: [] as Array<Of<'signal' | 'trade_log' | 'log'>>, trade_log: [] as Array<Of<'signal' | 'trade_log' | 'log'>>, log: [] as Array<Of<'signal' | 'trade_log' | 'log'>> };
    for (const e of entries) {
      if (e.op === 'order_intent') intents.push(e);
      else if (e.op === 'order_update') updates.set(e.client_order_id, [...(updates.get(e.client_order_id) ?? []), e]);
      else bulk[e.op].push(e);
    }
    const s = this.storage;
    await this.guard('bulk', async () => {
      const known = await s.orders.knownClientOrderIds(intents.map((e) => String(e.doc.client_order_id)));
      for (const e of intents) if (!known.has(String(e.doc.client_order_id))) await this.write(e);
      for (const [cid, list] of updates) {
        const r = await s.orders.applyUpdates(cid, list.map((e) => fromWire(e.update) as OrderUpdateInput));
        if (!r.ok && r.conflict === 'updated_at') throw new TransientError(`orders ${cid}: changed by someone else meanwhile`);
        if (!r.ok && r.conflict === 'client_order_id') this.log.warn({ client_order_id: cid }, 'recorder: updates for an order MongoDB does not have; dropped');
      }
      if (bulk.signal.length) await s.tradingSignals.record(bulk.signal.map((e) => fromWire(e.doc) as TradingSignalDocInput));
      if (bulk.trade_log.length) await s.tradeLogs.record(bulk.trade_log.map((e) => fromWire(e.doc) as TradeLogDoc));
      if (bulk.log.length) await s.systemLogs.write(bulk.log.map((e) => fromWire(e.doc) as SystemLogDocInput));
    }).catch(async (err: unknown) => {
      // a refused document must not drop the others: write them one by one
      if (!(err instanceof InvalidDocumentError)) throw err;
      for (const e of entries) await this.apply(e);
    });
  }

  async apply(entry: OutboxEntry): Promise<void> {
    try {
      await this.write(entry);
    } catch (err) {
      if (err instanceof InvalidDocumentError) {
        this.log.error({ op: entry.op, err: err.message }, `recorder: MongoDB refused a ${entry.op}; dropped`);
        return;
      }
      this.health.down();
      throw err;
    }
    const since = this.health.recovered();
    if (since !== undefined) this.log.info({ down_ms: Date.now() - since }, 'recorder: MongoDB answers again; writing what was buffered');
  }

  /** Runs a write, marking MongoDB down when it does not answer (and up again when it does). */
  private async guard(what: string, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (err) {
      if (!(err instanceof InvalidDocumentError)) this.health.down();
      throw err;
    }
    const since = this.health.recovered();
    if (since !== undefined) this.log.info({ down_ms: Date.now() - since, what }, 'recorder: MongoDB answers again; writing what was buffered');
  }

  private async write(entry: OutboxEntry): Promise<void> {
    const s = this.storage;
    switch (entry.op) {
      case 'order_intent':
        await s.orders.recordIntent(fromWire(entry.doc) as NewOrderIntent);
        return;
      case 'order_update': {
        const r = await s.orders.applyUpdate(entry.client_order_id, fromWire(entry.update) as OrderUpdateInput);
        if (r.ok || r.conflict === 'status') return;
        if (r.conflict === 'updated_at') throw new TransientError(`orders ${entry.client_order_id}: changed by someone else meanwhile`);
        this.log.warn({ client_order_id: entry.client_order_id }, 'recorder: an update for an order MongoDB does not have; dropped');
        return;
      }
      case 'trade_log':
        await s.tradeLogs.record([fromWire(entry.doc) as TradeLogDoc]);
        return;
      case 'signal':
        await s.tradingSignals.record([fromWire(entry.doc) as TradingSignalDocInput]);
        return;
      case 'log':
        await s.systemLogs.write([fromWire(entry.doc) as SystemLogDocInput]);
        return;
    }
  }
}
