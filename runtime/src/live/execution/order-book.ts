import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { BrokerOrder, OrderType } from '../../brokers/orders.js';
import { encode, type WriteRecipe } from '../../redis/keyspace/codec.js';
import { redisKeys } from '../../redis/keyspace/keys.js';

/**
 * Execution's book of one run, in `runtime:{id}:orders` — every order it decided to send,
 * by client order id, and its net position per contract (`@ledger`) — the engine's own
 * record of what it has at the broker. An order is written here as `new` BEFORE it is
 * sent (with its MongoDB intent): a restart that finds a `new` order looks it up at the
 * broker by its tag instead of sending it again. Reconciliation compares this book with
 * the broker's order book and positions.
 */
export const BookOrderSchema = z.object({
  cid: z.string(),
  /** entry / exit: the core's market orders; stop / target: a position's protective orders */
  role: z.enum(['entry', 'exit', 'stop', 'target']),
  /** the core's id: the order id (`e12`, `x13`) or, for stops and targets, the position id (`p12`) */
  ref: z.string(),
  position_id: z.string().optional(),
  instrument: z.string(),
  contract: z.string(),
  side: z.enum(['BUY', 'SELL']),
  qty: z.number().int().positive(),
  type: z.enum(['MARKET', 'LIMIT', 'STOP_LOSS', 'STOP_LOSS_MARKET']),
  price: z.number().optional(),
  trigger: z.number().optional(),
  status: z.enum(['new', 'open', 'complete', 'cancelled', 'rejected', 'unknown']),
  broker_order_id: z.string().optional(),
  filled: z.number().int().nonnegative(),
  avg: z.number().optional(),
  decided_at: z.number().optional(),
  fill_mode: z.enum(['next_open', 'on_close']).optional(),
  reason: z.string().optional(),
  stop_reason: z.enum(['stop_loss', 'trailing_stop']).optional(),
  /** the fill or the refusal went to the strategy core */
  reported: z.boolean().optional(),
  /** we cancelled it ourselves (an exit replacing a stop, a target after its stop filled) */
  cancelled_by_us: z.boolean().optional(),
  lockstep: z.boolean().optional(),
  message: z.string().optional(),
  updated_at: z.number(),
});
export type BookOrder = z.infer<typeof BookOrderSchema>;

const LEDGER = '@ledger';
const RUN = '@run';

/** Live (may still fill): not yet final at the broker, as far as we know. */
export function isLive(o: BookOrder): boolean {
  return o.status === 'new' || o.status === 'open' || o.status === 'unknown';
}

/** The book's word for a broker status. */
export function bookStatus(s: BrokerOrder['status']): BookOrder['status'] {
  return s === 'OPEN' ? 'open' : s === 'COMPLETE' ? 'complete' : s === 'CANCELLED' ? 'cancelled' : 'rejected';
}

export class OrderBook {
  private readonly orders = new Map<string, BookOrder>();
  private readonly ledger = new Map<string, number>();
  private readonly dirty = new Set<string>();
  private ledgerDirty = false;

  constructor(
    readonly strategyId: string,
    readonly runId: string,
  ) {}

  /** The run's book as stored; a book of another run (a previous start) is ignored. */
  static async load(redis: Redis, strategyId: string, runId: string): Promise<OrderBook> {
    const book = new OrderBook(strategyId, runId);
    const h = await redis.hgetall(redisKeys.orderBook(strategyId));
    if (h[RUN] !== runId) return book;
    for (const [k, v] of Object.entries(h)) {
      if (k === RUN) continue;
      if (k === LEDGER) {
        for (const [c, q] of Object.entries(JSON.parse(v) as Record<string, number>)) book.ledger.set(c, q);
        continue;
      }
      const r = BookOrderSchema.safeParse(JSON.parse(v));
      if (r.success) book.orders.set(k, r.data);
    }
    return book;
  }

  /** Adds orders and ledger moves another process wrote (ours in memory win: they are newer or the same). */
  async refresh(redis: Redis): Promise<void> {
    const stored = await OrderBook.load(redis, this.strategyId, this.runId);
    for (const o of stored.all()) if (!this.orders.has(o.cid)) this.orders.set(o.cid, o);
    if (!this.ledgerDirty) for (const [c, q] of stored.ledger) this.ledger.set(c, q);
  }

  get(cid: string): BookOrder | undefined {
    return this.orders.get(cid);
  }

  all(): BookOrder[] {
    return [...this.orders.values()];
  }

  /** Orders of a role for a core id (`ref`), newest last. */
  byRef(role: BookOrder['role'], ref: string): BookOrder[] {
    return this.all().filter((o) => o.role === role && o.ref === ref);
  }

  /** The entry order that opened a position (`p12` ← `e12`). */
  entryOf(positionId: string): BookOrder | undefined {
    return this.byRef('entry', `e${positionId.slice(1)}`)[0];
  }

  put(o: BookOrder): BookOrder {
    this.orders.set(o.cid, o);
    this.dirty.add(o.cid);
    return o;
  }

  /** Net quantity held in a contract (> 0 long). */
  position(contract: string): number {
    return this.ledger.get(contract) ?? 0;
  }

  positions(): Map<string, number> {
    return new Map([...this.ledger].filter(([, q]) => q !== 0));
  }

  addFill(contract: string, side: 'BUY' | 'SELL', qty: number): void {
    const q = this.position(contract) + (side === 'BUY' ? qty : -qty);
    if (q === 0) this.ledger.delete(contract);
    else this.ledger.set(contract, q);
    this.ledgerDirty = true;
  }

  /** Queues the orders changed since the last call (and the ledger, when it moved). */
  flushRecipe(): WriteRecipe | undefined {
    if (this.dirty.size === 0 && !this.ledgerDirty) return undefined;
    const key = redisKeys.orderBook(this.strategyId);
    const fields: string[] = [RUN, this.runId];
    for (const cid of this.dirty) fields.push(cid, encode(this.orders.get(cid)));
    if (this.ledgerDirty) fields.push(LEDGER, encode(Object.fromEntries(this.ledger)));
    this.dirty.clear();
    this.ledgerDirty = false;
    return (c) => void c.hset(key, ...fields);
  }
}

/** Client order ids: the run's tag, a letter for the role, the core's number, and a version for replaced protective orders — at most 20 letters and digits (Kite's tag). */
export function clientOrderId(tag: string, role: BookOrder['role'], ref: string, version = 1): string {
  const letter = role === 'entry' ? 'E' : role === 'exit' ? 'X' : role === 'stop' ? 'S' : 'T';
  const n = Number(ref.slice(1));
  const id = `${tag}${letter}${Number.isFinite(n) ? n.toString(36).toUpperCase() : ref.replace(/[^A-Za-z0-9]/g, '')}${version > 1 ? `V${version.toString(36).toUpperCase()}` : ''}`;
  return id.slice(0, 20);
}

export type { OrderType };
