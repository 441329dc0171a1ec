import { KiteConnect, type Connect } from 'kiteconnect';
import { z } from 'zod';
import type { ReconnectingSocketOptions } from '../../feeds/socket/reconnecting-socket.js';
import { parseAnswer } from '../answer.js';
import { BROKER_ERROR_CODES as E, fail, ok, type BrokerResult } from '../errors.js';
import { firstIssue, OrderChangeSchema, type BrokerHolding, type BrokerOrder, type BrokerPosition, type OrderChange, type OrderRef, type OrderRequest } from '../orders.js';
import { RemoteBroker, type RemoteBrokerOptions } from '../remote-broker.js';
import type { BrokerSession } from '../session/session-source.js';
import { fromKiteHolding, fromKiteOrder, fromKitePosition, KiteHoldingSchema, KiteOrderSchema, KitePositionSchema, kiteOrderType, kiteProduct } from './kite-convert.js';
import { kiteFailure, type KiteOp } from './kite-errors.js';

export interface ZerodhaBrokerOptions extends RemoteBrokerOptions {
  /** Kite Connect REST root (default https://api.kite.trade). */
  readonly root?: string;
  /** Kite ticker WebSocket, where order updates arrive (default wss://ws.kite.trade/). */
  readonly tickerUrl?: string;
  /** Request timeout, ms (default 7000, kiteconnect's). */
  readonly timeoutMs?: number;
  /** Form field that carries the SEBI algo id on order placement (default `algo_id`; null: do not send it). */
  readonly algoIdField?: string | null;
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
 * socket of their own (see `RemoteBroker`).
 */
export class ZerodhaBroker extends RemoteBroker {
  readonly name = 'zerodha';
  private client: { token: string; kc: Connect } | undefined;

  constructor(private readonly o: ZerodhaBrokerOptions) {
    super(o);
  }

  async placeOrder(request: OrderRequest): Promise<BrokerResult<{ brokerOrderId: string }>> {
    const v = this.validated(request, (k) => this.o.instruments.kite(k), 'a Kite trading symbol');
    if (!v.ok) return v;
    const { r, symbol } = v.value;
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
    const id = this.unknownOutcome(parseAnswer('zerodha', 'the order placement', OrderIdAnswer, answer.value));
    return id.ok ? ok({ brokerOrderId: id.value.order_id }) : id;
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

  /** Order updates arrive over the Kite ticker WebSocket as text messages `{"type":"order"}`. */
  protected updateSocket(): Pick<ReconnectingSocketOptions, 'target' | 'onMessage' | 'staleAfterMs'> {
    const base = this.o.tickerUrl ?? 'wss://ws.kite.trade/';
    return {
      staleAfterMs: 10_000,
      target: async () => {
        const s = await this.o.session.current();
        if (!s.ok) return { ok: false, code: 'token', reason: s.error.message };
        const u = new URL(base);
        u.searchParams.set('api_key', s.value.apiKey);
        u.searchParams.set('access_token', s.value.accessToken);
        return { ok: true, url: u.toString(), headers: { 'X-Kite-Version': '3' } };
      },
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
    };
  }
}
