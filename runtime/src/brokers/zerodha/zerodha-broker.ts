import { KiteConnect, type Connect } from 'kiteconnect';
import type { Logger } from 'pino';
import { z } from 'zod';
import { systemScheduler, type Scheduler } from '../../feeds/clock.js';
import type { BackoffOptions } from '../../feeds/socket/backoff.js';
import { ReconnectingSocket, type SocketState } from '../../feeds/socket/reconnecting-socket.js';
import { parseAnswer } from '../answer.js';
import type { Broker, OrderUpdateListener } from '../broker.js';
import { BROKER_ERROR_CODES as E, fail, ok, type BrokerResult } from '../errors.js';
import type { InstrumentMap } from '../instruments/instrument-map.js';
import { OrderUpdateHub } from '../order-updates.js';
import { firstIssue, OrderChangeSchema, OrderRequestSchema, type BrokerHolding, type BrokerOrder, type BrokerPosition, type OrderChange, type OrderRef, type OrderRequest } from '../orders.js';
import type { BrokerSession, SessionSource } from '../session/session-source.js';
import { fromKiteHolding, fromKiteOrder, fromKitePosition, KiteHoldingSchema, KiteOrderSchema, KitePositionSchema, kiteOrderType, kiteProduct } from './kite-convert.js';
import { kiteFailure, type KiteOp } from './kite-errors.js';

export interface ZerodhaBrokerOptions {
  readonly session: SessionSource;
  readonly instruments: InstrumentMap;
  /** Kite Connect REST root (default https://api.kite.trade). */
  readonly root?: string;
  /** Kite ticker WebSocket, where order updates arrive (default wss://ws.kite.trade/). */
  readonly tickerUrl?: string;
  /** Request timeout, ms (default 7000, kiteconnect's). */
  readonly timeoutMs?: number;
  /** Form field that carries the SEBI algo id on order placement (default `algo_id`; null: do not send it). */
  readonly algoIdField?: string | null;
  readonly scheduler?: Scheduler;
  readonly backoff?: BackoffOptions;
  readonly logger?: Logger;
}

const OrderIdAnswer = z.looseObject({ order_id: z.coerce.string() });

/**
 * Zerodha through `kiteconnect`: orders (tagged with our client order id; the SEBI algo id in
 * `algo_id`), order book, history, positions, holdings — every request signed with the
 * session from the {@link SessionSource}, refused up front when there is none or it expired.
 * A TokenException invalidates the session, so the next call says plainly that the user must
 * log in again.
 *
 * Order updates come over the Kite ticker WebSocket (text messages `{"type":"order"}`), on a
 * socket of their own opened at the first `onOrderUpdate`; after every (re)connect the order
 * book is read again, so a fill during a drop is still delivered.
 */
export class ZerodhaBroker implements Broker {
  readonly name = 'zerodha';
  private readonly hub: OrderUpdateHub;
  private client: { token: string; kc: Connect } | undefined;
  private updates: ReconnectingSocket | undefined;
  /** The order-update socket's state (for status pages and tests). */
  updatesState: SocketState | undefined;

  constructor(private readonly o: ZerodhaBrokerOptions) {
    this.hub = new OrderUpdateHub(o.logger);
  }

  async ready(): Promise<BrokerResult<void>> {
    const s = await this.o.session.current();
    return s.ok ? ok(undefined) : s;
  }

  async placeOrder(request: OrderRequest): Promise<BrokerResult<{ brokerOrderId: string }>> {
    const parsed = OrderRequestSchema.safeParse(request);
    if (!parsed.success) return fail(E.invalidRequest, `zerodha: ${firstIssue(parsed.error)}`);
    const r = parsed.data;
    const symbol = this.o.instruments.kite(r.instrument);
    if (!symbol) return fail(E.unknownInstrument, this.o.instruments.missing('zerodha', r.instrument, 'a Kite trading symbol'));
    const params: Record<string, string | number> = {
      exchange: symbol.exchange,
      tradingsymbol: symbol.tradingsymbol,
      transaction_type: r.side,
      quantity: r.quantity,
      product: kiteProduct(r.product),
      order_type: kiteOrderType(r.orderType),
      validity: r.validity,
      tag: r.clientOrderId,
      ...(r.price !== undefined ? { price: r.price } : {}),
      ...(r.triggerPrice !== undefined ? { trigger_price: r.triggerPrice } : {}),
    };
    const algoField = this.o.algoIdField === undefined ? 'algo_id' : this.o.algoIdField;
    if (r.algoId && algoField) params[algoField] = r.algoId;
    const answer = await this.call('place', (kc) => kc.placeOrder('regular', params as unknown as Parameters<Connect['placeOrder']>[1]));
    if (!answer.ok) return answer;
    const id = parseAnswer('zerodha', 'the order placement', OrderIdAnswer, answer.value);
    if (!id.ok) return { ok: false, error: { ...id.error, outcome: 'unknown', message: `${id.error.message} — the order may have gone through; look it up by its tag` } };
    return ok({ brokerOrderId: id.value.order_id });
  }

  async modifyOrder(ref: OrderRef, change: OrderChange): Promise<BrokerResult<{ brokerOrderId: string }>> {
    const parsed = OrderChangeSchema.safeParse(change);
    if (!parsed.success) return fail(E.invalidRequest, `zerodha: ${firstIssue(parsed.error)}`);
    const c = parsed.data;
    const params = {
      ...(c.quantity !== undefined ? { quantity: c.quantity } : {}),
      ...(c.price !== undefined ? { price: c.price } : {}),
      ...(c.triggerPrice !== undefined ? { trigger_price: c.triggerPrice } : {}),
      ...(c.orderType !== undefined ? { order_type: kiteOrderType(c.orderType) } : {}),
    };
    const answer = await this.call('modify', (kc) => kc.modifyOrder('regular', ref.brokerOrderId, params as Parameters<Connect['modifyOrder']>[2]));
    return answer.ok ? ok({ brokerOrderId: ref.brokerOrderId }) : answer;
  }

  async cancelOrder(ref: OrderRef): Promise<BrokerResult<{ brokerOrderId: string }>> {
    const answer = await this.call('cancel', (kc) => kc.cancelOrder('regular', ref.brokerOrderId));
    return answer.ok ? ok({ brokerOrderId: ref.brokerOrderId }) : answer;
  }

  async getOrder(brokerOrderId: string): Promise<BrokerResult<BrokerOrder>> {
    const answer = await this.call('read', (kc) => kc.getOrderHistory(brokerOrderId));
    if (!answer.ok) return answer;
    const history = parseAnswer('zerodha', 'the order history', z.array(KiteOrderSchema), answer.value);
    if (!history.ok) return history;
    const last = history.value.at(-1);
    return last ? ok(fromKiteOrder(last, this.o.instruments)) : fail(E.notFound, `zerodha: no such order ${brokerOrderId}`);
  }

  async getOrders(): Promise<BrokerResult<BrokerOrder[]>> {
    const answer = await this.call('read', (kc) => kc.getOrders());
    if (!answer.ok) return answer;
    const orders = parseAnswer('zerodha', 'the order book', z.array(KiteOrderSchema), answer.value);
    return orders.ok ? ok(orders.value.map((o) => fromKiteOrder(o, this.o.instruments))) : orders;
  }

  async findOrderByTag(clientOrderId: string): Promise<BrokerResult<BrokerOrder | null>> {
    const all = await this.getOrders();
    if (!all.ok) return all;
    const tagged = all.value.filter((o) => o.clientOrderId === clientOrderId);
    return ok(tagged.sort((a, b) => a.placedAt - b.placedAt).at(-1) ?? null);
  }

  async getPositions(): Promise<BrokerResult<BrokerPosition[]>> {
    const answer = await this.call('read', (kc) => kc.getPositions());
    if (!answer.ok) return answer;
    const p = parseAnswer('zerodha', 'positions', z.looseObject({ net: z.array(KitePositionSchema) }), answer.value);
    return p.ok ? ok(p.value.net.map((x) => fromKitePosition(x, this.o.instruments))) : p;
  }

  async getHoldings(): Promise<BrokerResult<BrokerHolding[]>> {
    const answer = await this.call('read', (kc) => kc.getHoldings());
    if (!answer.ok) return answer;
    const h = parseAnswer('zerodha', 'holdings', z.array(KiteHoldingSchema), answer.value);
    return h.ok ? ok(h.value.map((x) => fromKiteHolding(x, this.o.instruments))) : h;
  }

  onOrderUpdate(listener: OrderUpdateListener): () => void {
    const off = this.hub.on(listener);
    if (!this.updates) {
      this.updates = this.updateSocket();
      void this.updates.start();
    }
    return off;
  }

  async close(): Promise<void> {
    await this.updates?.stop();
    this.updates = undefined;
  }

  private kite(session: BrokerSession): Connect {
    if (this.client?.token !== session.accessToken) {
      const kc = new KiteConnect({ api_key: session.apiKey, access_token: session.accessToken, ...(this.o.root ? { root: this.o.root } : {}), timeout: this.o.timeoutMs ?? 7000 });
      this.client = { token: session.accessToken, kc };
    }
    return this.client.kc;
  }

  private async call<T>(op: KiteOp, fn: (kc: Connect) => Promise<T>): Promise<BrokerResult<T>> {
    const session = await this.o.session.current();
    if (!session.ok) return session;
    try {
      return ok(await fn(this.kite(session.value)));
    } catch (err) {
      const f = kiteFailure(err, op);
      if (f.tokenDead) {
        this.client = undefined;
        await this.o.session.invalidate(f.result.ok ? '' : f.result.error.message);
      }
      this.o.logger?.warn({ broker: 'zerodha', op, code: f.result.ok ? undefined : f.result.error.code }, 'zerodha request failed');
      return f.result;
    }
  }

  private updateSocket(): ReconnectingSocket {
    const base = this.o.tickerUrl ?? 'wss://ws.kite.trade/';
    return new ReconnectingSocket({
      name: 'zerodha order updates',
      scheduler: this.o.scheduler ?? systemScheduler,
      ...(this.o.backoff ? { backoff: this.o.backoff } : {}),
      staleAfterMs: 10_000,
      target: async () => {
        const s = await this.o.session.current();
        if (!s.ok) return { ok: false, code: 'token', reason: s.error.message };
        const u = new URL(base);
        u.searchParams.set('api_key', s.value.apiKey);
        u.searchParams.set('access_token', s.value.accessToken);
        return { ok: true, url: u.toString(), headers: { 'X-Kite-Version': '3' } };
      },
      onOpen: () => void this.resync(),
      onMessage: (data, isBinary) => {
        if (isBinary) return;
        let msg: { type?: unknown; data?: unknown };
        try {
          msg = JSON.parse(data.toString()) as typeof msg;
        } catch {
          return;
        }
        if (msg.type !== 'order') return;
        const order = KiteOrderSchema.safeParse(msg.data);
        if (order.success) this.hub.publish(fromKiteOrder(order.data, this.o.instruments));
        else this.o.logger?.warn({ broker: 'zerodha', problem: firstIssue(order.error) }, 'unreadable order update');
      },
      onState: (s) => {
        this.updatesState = s;
      },
    });
  }

  private async resync(): Promise<void> {
    const orders = await this.getOrders();
    if (orders.ok) this.hub.resync(orders.value);
    else this.o.logger?.warn({ broker: 'zerodha', code: orders.error.code }, 'could not re-read the order book after reconnecting');
  }
}
