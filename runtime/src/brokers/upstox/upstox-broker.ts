import { z } from 'zod';
import type { ReconnectingSocketOptions } from '../../feeds/socket/reconnecting-socket.js';
import { parseAnswer } from '../answer.js';
import { BROKER_ERROR_CODES as E, fail, ok, type BrokerResult } from '../errors.js';
import { firstIssue, OrderChangeSchema, type BrokerHolding, type BrokerOrder, type BrokerPosition, type OrderChange, type OrderRef, type OrderRequest } from '../orders.js';
import { RemoteBroker, type RemoteBrokerOptions } from '../remote-broker.js';
import { sdkCall, upstoxClient, upstoxSdk, type UpstoxApiClient, type UpstoxEndpoints } from './upstox-client.js';
import { fromUpstoxHolding, fromUpstoxOrder, fromUpstoxPosition, UpstoxHoldingSchema, UpstoxOrderSchema, UpstoxPositionSchema, upstoxOrderType, upstoxProduct } from './upstox-convert.js';
import { upstoxFailure, type UpstoxOp } from './upstox-errors.js';

export interface UpstoxBrokerOptions extends UpstoxEndpoints, RemoteBrokerOptions {}

const data = <S extends z.ZodType>(s: S) => z.looseObject({ data: s });
const PlaceAnswer = data(z.looseObject({ order_ids: z.array(z.coerce.string()).min(1) }));
const OrderIdAnswer = data(z.looseObject({ order_id: z.coerce.string() }));
/** The feed-authorize answer (Upstox sends the URL under both spellings). */
export const AuthorizeAnswer = data(z.looseObject({ authorized_redirect_uri: z.string().optional(), authorizedRedirectUri: z.string().optional() }).refine((d) => d.authorized_redirect_uri ?? d.authorizedRedirectUri, { message: 'no authorized_redirect_uri' }));

/**
 * Upstox through `upstox-js-sdk`: orders on the V3 endpoints (the order host, the SEBI algo
 * id in the `X-Algo-Name` header, our client order id as the tag), order book, order
 * details, history by tag, positions and holdings on V2 — every call signed with the
 * session's token and refused up front without one. A 401 invalidates the session.
 *
 * Order updates come from Upstox's portfolio stream feed (authorize, then a WebSocket of
 * JSON order updates; see `RemoteBroker`).
 */
export class UpstoxBroker extends RemoteBroker {
  readonly name = 'upstox';
  private client: { token: string; c: UpstoxApiClient } | undefined;

  constructor(private readonly o: UpstoxBrokerOptions) {
    super(o);
  }

  async placeOrder(request: OrderRequest): Promise<BrokerResult<{ brokerOrderId: string }>> {
    const v = this.validated(request, (k) => this.o.instruments.upstox(k), 'an Upstox instrument key (ISIN or exchange token)');
    if (!v.ok) return v;
    const { r, symbol: key } = v.value;
    const body = {
      quantity: r.quantity,
      product: upstoxProduct(r.product),
      validity: r.validity,
      price: r.price ?? 0,
      tag: r.clientOrderId,
      instrumentToken: key,
      orderType: upstoxOrderType(r.orderType),
      transactionType: r.side,
      disclosedQuantity: 0,
      triggerPrice: r.triggerPrice ?? 0,
      isAmo: false,
    };
    const answer = await this.call('place', (c, cb) => new upstoxSdk.OrderApiV3(c).placeOrder(body, {}, cb, r.algoId));
    if (!answer.ok) return answer;
    const id = this.unknownOutcome(parseAnswer('upstox', 'the order placement', PlaceAnswer, answer.value));
    return id.ok ? ok({ brokerOrderId: id.value.data.order_ids[0]! }) : id;
  }

  async modifyOrder(ref: OrderRef, change: OrderChange): Promise<BrokerResult<{ brokerOrderId: string }>> {
    const parsed = OrderChangeSchema.safeParse(change);
    if (!parsed.success) return fail(E.invalidRequest, `upstox: ${firstIssue(parsed.error)}`);
    // Upstox's modify takes the whole order (type, price, trigger, validity): start from what it has.
    const current = await this.getOrder(ref.brokerOrderId);
    if (!current.ok) return current;
    const o = current.value;
    if (o.status !== 'OPEN') return fail(E.notModifiable, `upstox: order ${o.brokerOrderId} is ${o.status}; it cannot be modified`);
    const c = parsed.data;
    const body = {
      orderId: ref.brokerOrderId,
      quantity: c.quantity ?? o.quantity,
      validity: 'DAY',
      price: c.price ?? o.price ?? 0,
      orderType: upstoxOrderType(c.orderType ?? o.orderType),
      triggerPrice: c.triggerPrice ?? o.triggerPrice ?? 0,
      disclosedQuantity: 0,
    };
    const answer = await this.call('modify', (cl, cb) => new upstoxSdk.OrderApiV3(cl).modifyOrder(body, cb));
    if (!answer.ok) return answer;
    const id = parseAnswer('upstox', 'the modification', OrderIdAnswer, answer.value);
    return id.ok ? ok({ brokerOrderId: id.value.data.order_id }) : id;
  }

  async cancelOrder(ref: OrderRef): Promise<BrokerResult<{ brokerOrderId: string }>> {
    const answer = await this.call('cancel', (c, cb) => new upstoxSdk.OrderApiV3(c).cancelOrder(ref.brokerOrderId, cb));
    if (!answer.ok) return answer;
    const id = parseAnswer('upstox', 'the cancellation', OrderIdAnswer, answer.value);
    return id.ok ? ok({ brokerOrderId: id.value.data.order_id }) : id;
  }

  async getOrder(brokerOrderId: string): Promise<BrokerResult<BrokerOrder>> {
    const answer = await this.call('read', (c, cb) => new upstoxSdk.OrderApi(c).getOrderStatus({ orderId: brokerOrderId }, cb));
    if (!answer.ok) return answer;
    const o = parseAnswer('upstox', 'the order details', data(UpstoxOrderSchema), answer.value);
    return o.ok ? ok(fromUpstoxOrder(o.value.data, this.o.instruments)) : o;
  }

  async getOrders(): Promise<BrokerResult<BrokerOrder[]>> {
    const answer = await this.call('read', (c, cb) => new upstoxSdk.OrderApi(c).getOrderBook('2.0', cb));
    if (!answer.ok) return answer;
    const list = parseAnswer('upstox', 'the order book', data(z.array(UpstoxOrderSchema)), answer.value);
    return list.ok ? ok(list.value.data.map((o) => fromUpstoxOrder(o, this.o.instruments))) : list;
  }

  override async findOrderByTag(clientOrderId: string): Promise<BrokerResult<BrokerOrder | null>> {
    const answer = await this.call('read', (c, cb) => new upstoxSdk.OrderApi(c).getOrderDetails('2.0', { tag: clientOrderId }, cb));
    if (!answer.ok) return answer.error.code === E.notFound ? ok(null) : answer;
    const history = parseAnswer('upstox', 'the order history', data(z.array(UpstoxOrderSchema)), answer.value);
    if (!history.ok) return history;
    // The history holds every state of every order with the tag: keep each order's last state, then the latest order.
    const latest = new Map<string, BrokerOrder>();
    for (const h of history.value.data) latest.set(h.order_id, fromUpstoxOrder(h, this.o.instruments));
    return ok([...latest.values()].sort((a, b) => a.placedAt - b.placedAt).at(-1) ?? null);
  }

  async getPositions(): Promise<BrokerResult<BrokerPosition[]>> {
    const answer = await this.call('read', (c, cb) => new upstoxSdk.PortfolioApi(c).getPositions('2.0', cb));
    if (!answer.ok) return answer;
    const p = parseAnswer('upstox', 'positions', data(z.array(UpstoxPositionSchema)), answer.value);
    return p.ok ? ok(p.value.data.map((x) => fromUpstoxPosition(x, this.o.instruments))) : p;
  }

  async getHoldings(): Promise<BrokerResult<BrokerHolding[]>> {
    const answer = await this.call('read', (c, cb) => new upstoxSdk.PortfolioApi(c).getHoldings('2.0', cb));
    if (!answer.ok) return answer;
    const h = parseAnswer('upstox', 'holdings', data(z.array(UpstoxHoldingSchema)), answer.value);
    return h.ok ? ok(h.value.data.map((x) => fromUpstoxHolding(x, this.o.instruments))) : h;
  }

  /** A signed SDK call: the session first (refused without one), then the request, its failure classified. */
  private async call(op: UpstoxOp, invoke: (c: UpstoxApiClient, cb: Parameters<Parameters<typeof sdkCall>[0]>[0]) => void): Promise<BrokerResult<unknown>> {
    const session = await this.o.session.current();
    if (!session.ok) return session;
    if (this.client?.token !== session.value.accessToken) this.client = { token: session.value.accessToken, c: upstoxClient(this.o, session.value.accessToken) };
    const c = this.client.c;
    const r = await sdkCall((cb) => invoke(c, cb));
    if (r.ok) return ok(r.body);
    const f = upstoxFailure(r.error, op);
    if (f.tokenDead) {
      this.client = undefined;
      await this.o.session.invalidate(f.result.ok ? '' : f.result.error.message);
    }
    this.o.logger?.warn({ broker: 'upstox', op, code: f.result.ok ? undefined : f.result.error.code }, 'upstox request failed');
    return f.result;
  }

  /** Order updates come from the portfolio stream feed: authorize, then a WebSocket of JSON order updates. */
  protected updateSocket(): Pick<ReconnectingSocketOptions, 'target' | 'onMessage' | 'staleAfterMs' | 'pingEveryMs'> {
    return {
      pingEveryMs: 10_000,
      staleAfterMs: 30_000,
      target: async () => {
        const answer = await this.call('authorize', (c, cb) => new upstoxSdk.WebsocketApi(c).getPortfolioStreamFeedAuthorize('2.0', cb));
        if (!answer.ok) return { ok: false, code: answer.error.code === E.tokenStale || answer.error.code === E.tokenMissing ? 'token' : 'unreachable', reason: answer.error.message };
        const a = parseAnswer('upstox', 'the portfolio stream authorization', AuthorizeAnswer, answer.value);
        if (!a.ok) return { ok: false, code: 'protocol', reason: a.error.message };
        return { ok: true, url: (a.value.data.authorized_redirect_uri ?? a.value.data.authorizedRedirectUri)! };
      },
      onMessage: (raw) => {
        let msg: Record<string, unknown>;
        try {
          msg = JSON.parse(raw.toString()) as Record<string, unknown>;
        } catch {
          return;
        }
        if (msg.update_type !== undefined && msg.update_type !== 'order') return;
        const order = UpstoxOrderSchema.safeParse(msg);
        if (order.success) this.hub.publish(fromUpstoxOrder(order.data, this.o.instruments));
        else this.o.logger?.warn({ broker: 'upstox', problem: firstIssue(order.error) }, 'unreadable order update');
      },
    };
  }
}
