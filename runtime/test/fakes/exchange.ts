/**
 * The order book behind both fake brokers: orders, fills at the prices you set, positions.
 * Symbols are whatever the broker calls an instrument (`NSE:RELIANCE` at Kite,
 * `NSE_EQ|INE002A01018` at Upstox); statuses are Kite's words (the Upstox fake lowers them).
 *
 * With `autoFill` (the default) a market order fills at the symbol's current price as soon
 * as there is one, and limit and stop orders fill when `setPrice` reaches them; without it,
 * orders rest until `fill()` — for tests that watch an order move through its states.
 */

export type FakeSide = 'BUY' | 'SELL';
export type FakeOrderType = 'MARKET' | 'LIMIT' | 'SL' | 'SL-M';
export type FakeStatus = 'PUT ORDER REQ RECEIVED' | 'OPEN' | 'TRIGGER PENDING' | 'COMPLETE' | 'CANCELLED' | 'REJECTED';

export interface FakeOrderInput {
  readonly symbol: string;
  readonly side: FakeSide;
  readonly type: FakeOrderType;
  readonly product: string;
  readonly quantity: number;
  readonly price?: number;
  readonly trigger?: number;
  readonly validity: string;
  readonly tag?: string;
  readonly algoId?: string;
  readonly variety?: string;
}

export interface FakeOrder extends FakeOrderInput {
  readonly id: string;
  status: FakeStatus;
  filled: number;
  avgPrice: number;
  message?: string;
  exchangeOrderId?: string;
  readonly placedAt: number;
  updatedAt: number;
  /** Every state it went through, oldest first (Kite's order history). */
  readonly history: FakeOrderSnapshot[];
}

export type FakeOrderSnapshot = Omit<FakeOrder, 'history'>;

export interface FakePosition {
  readonly symbol: string;
  readonly product: string;
  quantity: number;
  averagePrice: number;
  buyQuantity: number;
  sellQuantity: number;
  buyValue: number;
  sellValue: number;
  realised: number;
  last: number;
}

export class FakeExchange {
  readonly orders = new Map<string, FakeOrder>();
  private readonly prices = new Map<string, number>();
  private readonly positionsBy = new Map<string, FakePosition>();
  private readonly listeners: Array<(o: FakeOrder) => void> = [];
  private seq = 0;

  constructor(
    private readonly opts: { autoFill?: boolean; idBase?: number; now?: () => number } = {},
  ) {}

  get autoFill(): boolean {
    return this.opts.autoFill ?? true;
  }

  set autoFill(v: boolean) {
    this.opts.autoFill = v;
  }

  now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  onChange(l: (o: FakeOrder) => void): void {
    this.listeners.push(l);
  }

  price(symbol: string): number | undefined {
    return this.prices.get(symbol);
  }

  /** Accepts an order; `rejectWith` has the risk system reject it at once (before any fill). */
  place(input: FakeOrderInput, opts: { rejectWith?: string } = {}): FakeOrder {
    const id = String((this.opts.idBase ?? 250_000_000_000) + ++this.seq);
    const at = this.now();
    const order: FakeOrder = { ...input, id, status: 'PUT ORDER REQ RECEIVED', filled: 0, avgPrice: 0, placedAt: at, updatedAt: at, history: [] };
    this.orders.set(id, order);
    this.snap(order);
    order.exchangeOrderId = String(1_100_000_000_000_000 + this.seq);
    this.change(order, input.type === 'SL' || input.type === 'SL-M' ? 'TRIGGER PENDING' : 'OPEN');
    if (opts.rejectWith) this.change(order, 'REJECTED', opts.rejectWith);
    else if (this.autoFill) this.match(order);
    return order;
  }

  modify(id: string, change: { quantity?: number; price?: number; trigger?: number; type?: FakeOrderType }): FakeOrder | string {
    const o = this.orders.get(id);
    if (!o) return 'no such order';
    if (this.terminal(o)) return `order is ${o.status}`;
    Object.assign(o, {
      ...(change.quantity !== undefined ? { quantity: change.quantity } : {}),
      ...(change.price !== undefined ? { price: change.price } : {}),
      ...(change.trigger !== undefined ? { trigger: change.trigger } : {}),
      ...(change.type !== undefined ? { type: change.type } : {}),
    });
    this.change(o, o.status);
    if (this.autoFill) this.match(o);
    return o;
  }

  cancel(id: string): FakeOrder | string {
    const o = this.orders.get(id);
    if (!o) return 'no such order';
    if (this.terminal(o)) return `order is ${o.status}`;
    this.change(o, 'CANCELLED', 'Cancelled by the user');
    return o;
  }

  /** The exchange or the broker's risk system rejects an accepted order. */
  reject(id: string, message: string): void {
    const o = this.orders.get(id);
    if (o && !this.terminal(o)) this.change(o, 'REJECTED', message);
  }

  /** Fills an open order now, at `price` or the symbol's current price. */
  fill(id: string, price?: number): void {
    const o = this.orders.get(id);
    const p = price ?? (o ? this.prices.get(o.symbol) : undefined);
    if (!o || this.terminal(o) || p === undefined) return;
    o.filled = o.quantity;
    o.avgPrice = p;
    this.book(o, o.quantity, p);
    this.change(o, 'COMPLETE');
  }

  setPrice(symbol: string, price: number): void {
    this.prices.set(symbol, price);
    for (const p of this.positionsBy.values()) if (p.symbol === symbol) p.last = price;
    if (this.autoFill) for (const o of [...this.orders.values()]) if (o.symbol === symbol) this.match(o);
  }

  positions(): FakePosition[] {
    return [...this.positionsBy.values()];
  }

  /** Orders carrying `tag`. */
  byTag(tag: string): FakeOrder[] {
    return [...this.orders.values()].filter((o) => o.tag === tag);
  }

  terminal(o: FakeOrder): boolean {
    return o.status === 'COMPLETE' || o.status === 'CANCELLED' || o.status === 'REJECTED';
  }

  private match(o: FakeOrder): void {
    if (this.terminal(o)) return;
    const p = this.prices.get(o.symbol);
    if (p === undefined) return;
    const buy = o.side === 'BUY';
    if (o.status === 'TRIGGER PENDING') {
      const hit = buy ? p >= o.trigger! : p <= o.trigger!;
      if (!hit) return;
      if (o.type === 'SL-M') return this.fill(o.id, p);
      this.change(o, 'OPEN');
    }
    if (o.type === 'MARKET' || o.type === 'SL-M') return this.fill(o.id, p);
    const limit = o.price!;
    if (buy ? p <= limit : p >= limit) this.fill(o.id, p);
  }

  private book(o: FakeOrder, qty: number, price: number): void {
    const key = `${o.symbol}|${o.product}`;
    const pos = this.positionsBy.get(key) ?? { symbol: o.symbol, product: o.product, quantity: 0, averagePrice: 0, buyQuantity: 0, sellQuantity: 0, buyValue: 0, sellValue: 0, realised: 0, last: price };
    const signed = o.side === 'BUY' ? qty : -qty;
    if (o.side === 'BUY') {
      pos.buyQuantity += qty;
      pos.buyValue += qty * price;
    } else {
      pos.sellQuantity += qty;
      pos.sellValue += qty * price;
    }
    if (pos.quantity === 0 || Math.sign(pos.quantity) === Math.sign(signed)) {
      pos.averagePrice = (pos.averagePrice * Math.abs(pos.quantity) + price * qty) / (Math.abs(pos.quantity) + qty);
    } else {
      const closing = Math.min(qty, Math.abs(pos.quantity));
      pos.realised += closing * (price - pos.averagePrice) * Math.sign(pos.quantity);
      if (qty > closing) pos.averagePrice = price;
    }
    pos.quantity += signed;
    if (pos.quantity === 0) pos.averagePrice = 0;
    pos.last = this.prices.get(o.symbol) ?? price;
    this.positionsBy.set(key, pos);
  }

  private change(o: FakeOrder, status: FakeStatus, message?: string): void {
    o.status = status;
    if (message) o.message = message;
    o.updatedAt = this.now();
    this.snap(o);
    for (const l of this.listeners) l(o);
  }

  private snap(o: FakeOrder): void {
    const { history: _h, ...rest } = o;
    o.history.push({ ...rest });
  }
}
