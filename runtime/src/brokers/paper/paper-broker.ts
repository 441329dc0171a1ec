import type { Slippage } from '@algo/compiler';
import type { Logger } from 'pino';
import type { Clock } from '../../feeds/clock.js';
import type { Tick } from '../../feeds/feed.js';
import type { Broker, OrderUpdateListener } from '../broker.js';
import { BROKER_ERROR_CODES as E, fail, ok, type BrokerResult } from '../errors.js';
import { OrderUpdateHub } from '../order-updates.js';
import { firstIssue, OrderChangeSchema, OrderRequestSchema, type BrokerHolding, type BrokerOrder, type BrokerPosition, type OrderChange, type OrderRef, type OrderRequest } from '../orders.js';
import { fillPrice } from './fill-rules.js';
import { applyFill, PAPER_STATE_VERSION, paperOrderView, PaperStateSchema, type PaperOrder, type PaperPosition, type PaperState, type RecentTick } from './paper-state.js';

export interface PaperBrokerOptions {
  /** Moves market and stop fills against the order (the strategy's `slippage` setting). */
  readonly slippage?: Slippage;
  /** Tick size of an instrument (default NSE's 0.05). */
  readonly tickSize?: (instrument: string) => number;
  /** Lot size, when known: quantities that are not whole lots are rejected, as the exchange would. */
  readonly lotSize?: (instrument: string) => number | undefined;
  /** Time for orders placed before any tick arrived (default: wall time). */
  readonly clock?: Clock;
  /** How many recent ticks per instrument a late order may still fill on (default 32). */
  readonly recentTicks?: number;
  readonly logger?: Logger;
}

/**
 * The default broker: orders fill against the live ticks the engine is fed (`onTick`), by
 * the rules in fill-rules.ts — no network, deterministic (the same ticks and orders give
 * the same fills), and fast (a tick costs a map lookup when no order waits on it).
 *
 * "Now", for the paper broker, is market time: the latest tick time it has seen. A market
 * order fills on the first tick *at or after* `decidedAt` — by default now, so at the latest
 * price; given the bar's close time, at the next bar's open tick (which a replay stamps with
 * that very time), even when the engine took a while to send it (the replay has moved on; the
 * recent ticks are kept for that). That is what makes a replayed day fill like the backtest
 * of that day, which fills at the next bar's open.
 *
 * Order updates are published synchronously, so one may arrive before `placeOrder`
 * resolves: match updates by `clientOrderId`. `snapshot()` / `PaperBroker.restore()` carry
 * the whole state across a restart.
 */
export class PaperBroker implements Broker {
  readonly name = 'paper';
  private readonly hub: OrderUpdateHub;
  private readonly orders = new Map<string, PaperOrder>();
  private readonly byTag = new Map<string, string>();
  private readonly working = new Map<string, PaperOrder[]>();
  private readonly positions = new Map<string, PaperPosition>();
  private readonly recent = new Map<string, RecentTick[]>();
  private seq = 0;
  private marketTime: number | undefined;
  private readonly keep: number;

  constructor(private readonly options: PaperBrokerOptions = {}) {
    this.hub = new OrderUpdateHub(options.logger);
    this.keep = options.recentTicks ?? 32;
  }

  /** A paper broker resumed from a snapshot; a malformed snapshot is refused, naming the field. */
  static restore(raw: unknown, options: PaperBrokerOptions = {}): BrokerResult<PaperBroker> {
    const parsed = PaperStateSchema.safeParse(raw);
    if (!parsed.success) return fail(E.invalidRequest, `paper broker state: ${firstIssue(parsed.error)}`);
    const b = new PaperBroker(options);
    const s = parsed.data;
    b.seq = s.seq;
    b.marketTime = s.marketTime;
    for (const o of s.orders) {
      b.orders.set(o.id, { ...o });
      b.byTag.set(o.clientOrderId, o.id);
      if (o.status === 'OPEN') b.workingList(o.instrument).push(b.orders.get(o.id)!);
    }
    for (const p of s.positions) b.positions.set(`${p.instrument}|${p.product}`, { ...p });
    for (const [k, ticks] of Object.entries(s.recent)) b.recent.set(k, ticks.map((t) => ({ ...t })));
    return ok(b);
  }

  /** The whole state, as plain data (JSON-safe). */
  snapshot(): PaperState {
    return {
      version: PAPER_STATE_VERSION,
      seq: this.seq,
      ...(this.marketTime !== undefined ? { marketTime: this.marketTime } : {}),
      orders: [...this.orders.values()].map((o) => ({ ...o })),
      positions: [...this.positions.values()].map((p) => ({ ...p })),
      recent: Object.fromEntries([...this.recent].map(([k, v]) => [k, v.map((t) => ({ ...t }))])),
    };
  }

  /** Feeds prices in; fills whatever they reach. Call with every batch from the feed. */
  onTick(ticks: readonly Tick[]): void {
    for (const tick of ticks) {
      const list = this.recent.get(tick.instrument) ?? [];
      const prev = list.at(-1)?.ltp;
      list.push({ ltp: tick.ltp, ts: tick.ts, ...(tick.gap ? { gap: true } : {}), ...(prev !== undefined ? { prev } : {}) });
      if (list.length > this.keep) list.shift();
      this.recent.set(tick.instrument, list);
      if (this.marketTime === undefined || tick.ts > this.marketTime) this.marketTime = tick.ts;
      const waiting = this.working.get(tick.instrument);
      if (waiting?.length) for (const o of [...waiting]) this.tryFill(o, tick, prev);
    }
  }

  async ready(): Promise<BrokerResult<void>> {
    return ok(undefined);
  }

  async placeOrder(request: OrderRequest): Promise<BrokerResult<{ brokerOrderId: string }>> {
    const parsed = OrderRequestSchema.safeParse(request);
    if (!parsed.success) return fail(E.invalidRequest, `paper: ${firstIssue(parsed.error)}`);
    const r = parsed.data;
    const now = this.now();
    const id = `PAPER${String(++this.seq).padStart(8, '0')}`;
    const order: PaperOrder = {
      id,
      clientOrderId: r.clientOrderId,
      instrument: r.instrument,
      side: r.side,
      orderType: r.orderType,
      product: r.product,
      quantity: r.quantity,
      ...(r.price !== undefined ? { price: r.price } : {}),
      ...(r.triggerPrice !== undefined ? { triggerPrice: r.triggerPrice } : {}),
      validity: r.validity,
      status: 'OPEN',
      filledQuantity: 0,
      activeFrom: r.decidedAt ?? now,
      triggered: false,
      seen: 0,
      placedAt: now,
      updatedAt: now,
    };
    this.orders.set(id, order);
    this.byTag.set(r.clientOrderId, id);
    const refusal = this.refusal(order);
    if (refusal) {
      this.finish(order, 'REJECTED', refusal, now);
      return ok({ brokerOrderId: id });
    }
    this.workingList(order.instrument).push(order);
    this.hub.publish(paperOrderView(order));
    // Ticks from the decision on that already went by (the engine took a while): fill on the first that reaches it.
    for (const t of this.recent.get(order.instrument) ?? []) {
      if (order.status !== 'OPEN') break;
      this.tryFill(order, { instrument: order.instrument, ltp: t.ltp, ts: t.ts, ...(t.gap ? { gap: true } : {}) }, t.prev);
    }
    return ok({ brokerOrderId: id });
  }

  async modifyOrder(ref: OrderRef, change: OrderChange): Promise<BrokerResult<{ brokerOrderId: string }>> {
    const parsed = OrderChangeSchema.safeParse(change);
    if (!parsed.success) return fail(E.invalidRequest, `paper: ${firstIssue(parsed.error)}`);
    const o = this.orders.get(ref.brokerOrderId);
    if (!o) return fail(E.notFound, `paper: no order ${ref.brokerOrderId}`);
    if (o.status !== 'OPEN') return fail(E.notModifiable, `paper: order ${o.id} is ${o.status}; it cannot be modified`);
    const c = parsed.data;
    const next = { ...o, ...c };
    if ((next.orderType === 'LIMIT' || next.orderType === 'STOP_LOSS') && next.price === undefined) return fail(E.invalidRequest, 'paper: price: a LIMIT or STOP_LOSS order needs a price');
    if ((next.orderType === 'STOP_LOSS' || next.orderType === 'STOP_LOSS_MARKET') && next.triggerPrice === undefined) return fail(E.invalidRequest, 'paper: triggerPrice: a stop order needs a triggerPrice');
    if (next.quantity <= o.filledQuantity) return fail(E.invalidRequest, `paper: quantity ${next.quantity} is not above the ${o.filledQuantity} already filled`);
    Object.assign(o, c, { updatedAt: this.now() });
    if (c.triggerPrice !== undefined || c.orderType !== undefined) o.triggered = false;
    this.hub.publish(paperOrderView(o));
    return ok({ brokerOrderId: o.id });
  }

  async cancelOrder(ref: OrderRef): Promise<BrokerResult<{ brokerOrderId: string }>> {
    const o = this.orders.get(ref.brokerOrderId);
    if (!o) return fail(E.notFound, `paper: no order ${ref.brokerOrderId}`);
    if (o.status !== 'OPEN') return fail(E.notModifiable, `paper: order ${o.id} is ${o.status}; it cannot be cancelled`);
    this.finish(o, 'CANCELLED', 'cancelled by the user', this.now());
    return ok({ brokerOrderId: o.id });
  }

  async getOrder(brokerOrderId: string): Promise<BrokerResult<BrokerOrder>> {
    const o = this.orders.get(brokerOrderId);
    return o ? ok(paperOrderView(o)) : fail(E.notFound, `paper: no order ${brokerOrderId}`);
  }

  async getOrders(): Promise<BrokerResult<BrokerOrder[]>> {
    return ok([...this.orders.values()].map((o) => paperOrderView(o)));
  }

  async findOrderByTag(clientOrderId: string): Promise<BrokerResult<BrokerOrder | null>> {
    const id = this.byTag.get(clientOrderId);
    return ok(id ? paperOrderView(this.orders.get(id)!) : null);
  }

  async getPositions(): Promise<BrokerResult<BrokerPosition[]>> {
    return ok(
      [...this.positions.values()].map((p) => {
        const last = this.recent.get(p.instrument)?.at(-1)?.ltp;
        return {
          instrument: p.instrument,
          brokerSymbol: p.instrument,
          product: p.product,
          quantity: p.quantity,
          averagePrice: p.averagePrice,
          ...(last !== undefined ? { lastPrice: last } : {}),
          buyQuantity: p.buyQuantity,
          sellQuantity: p.sellQuantity,
          realisedPnl: p.realisedPnl,
          unrealisedPnl: last === undefined || p.quantity === 0 ? 0 : (last - p.averagePrice) * p.quantity || 0,
        };
      }),
    );
  }

  async getHoldings(): Promise<BrokerResult<BrokerHolding[]>> {
    return ok([]);
  }

  onOrderUpdate(listener: OrderUpdateListener): () => void {
    return this.hub.on(listener);
  }

  async close(): Promise<void> {}

  private now(): number {
    return this.marketTime ?? this.options.clock?.now() ?? Date.now();
  }

  private workingList(instrument: string): PaperOrder[] {
    let list = this.working.get(instrument);
    if (!list) this.working.set(instrument, (list = []));
    return list;
  }

  private refusal(o: PaperOrder): string | undefined {
    if (/_INDEX\|/.test(o.instrument)) return `${o.instrument} is an index; it cannot be traded`;
    const lot = this.options.lotSize?.(o.instrument);
    if (lot !== undefined && o.quantity % lot !== 0) return `quantity ${o.quantity} is not a multiple of the lot size ${lot}`;
    return undefined;
  }

  private tryFill(o: PaperOrder, tick: Tick, prev: number | undefined): void {
    if (o.status !== 'OPEN' || tick.ts < o.activeFrom) return;
    o.seen++;
    const price = fillPrice(o, tick, prev, this.options.slippage, this.options.tickSize?.(o.instrument) ?? 0.05);
    if (price !== undefined) {
      const key = `${o.instrument}|${o.product}`;
      const p = this.positions.get(key) ?? { instrument: o.instrument, product: o.product, quantity: 0, averagePrice: 0, realisedPnl: 0, buyQuantity: 0, sellQuantity: 0 };
      applyFill(p, o.side, o.quantity - o.filledQuantity, price);
      this.positions.set(key, p);
      o.averagePrice = price;
      o.filledQuantity = o.quantity;
      this.finish(o, 'COMPLETE', undefined, tick.ts);
    } else if (o.validity === 'IOC') this.finish(o, 'CANCELLED', 'IOC order not filled on arrival', tick.ts);
  }

  private finish(o: PaperOrder, status: 'COMPLETE' | 'CANCELLED' | 'REJECTED', message: string | undefined, at: number): void {
    o.status = status;
    if (message) o.statusMessage = message;
    o.updatedAt = at;
    const list = this.working.get(o.instrument);
    if (list) {
      const i = list.indexOf(o);
      if (i >= 0) list.splice(i, 1);
    }
    this.hub.publish(paperOrderView(o));
  }
}
