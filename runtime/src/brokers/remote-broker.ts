import type { Logger } from 'pino';
import { systemScheduler, type Scheduler } from '../feeds/clock.js';
import type { BackoffOptions } from '../feeds/socket/backoff.js';
import { ReconnectingSocket, type ReconnectingSocketOptions, type SocketState } from '../feeds/socket/reconnecting-socket.js';
import type { Broker, OrderUpdateListener } from './broker.js';
import { BROKER_ERROR_CODES as E, fail, ok, type BrokerResult } from './errors.js';
import type { InstrumentMap } from './instruments/instrument-map.js';
import { OrderUpdateHub } from './order-updates.js';
import { firstIssue, OrderRequestSchema, type BrokerHolding, type BrokerOrder, type BrokerPosition, type OrderChange, type OrderRef, type OrderRequest, type ValidOrderRequest } from './orders.js';
import type { SessionSource } from './session/session-source.js';

/** What every real broker adapter is built from. */
export interface RemoteBrokerOptions {
  readonly session: SessionSource;
  readonly instruments: InstrumentMap;
  readonly scheduler?: Scheduler;
  readonly backoff?: BackoffOptions;
  readonly logger?: Logger;
}

/**
 * What the real brokers share, owned in one place: readiness from the session, request
 * validation and instrument mapping before anything is sent, and the order-update stream —
 * a socket opened at the first `onOrderUpdate`, kept up by `ReconnectingSocket`, with the
 * order book re-read after every (re)connect so nothing done during a drop is missed. Each
 * adapter says where its update socket is and how to read a message.
 */
export abstract class RemoteBroker implements Broker {
  abstract readonly name: 'zerodha' | 'upstox';
  protected readonly hub: OrderUpdateHub;
  private updates: ReconnectingSocket | undefined;
  /** The order-update socket's state (for status pages and tests). */
  updatesState: SocketState | undefined;

  constructor(protected readonly base: RemoteBrokerOptions) {
    this.hub = new OrderUpdateHub(base.logger);
  }

  abstract placeOrder(request: OrderRequest): Promise<BrokerResult<{ brokerOrderId: string }>>;
  abstract modifyOrder(ref: OrderRef, change: OrderChange): Promise<BrokerResult<{ brokerOrderId: string }>>;
  abstract cancelOrder(ref: OrderRef): Promise<BrokerResult<{ brokerOrderId: string }>>;
  abstract getOrder(brokerOrderId: string): Promise<BrokerResult<BrokerOrder>>;
  abstract getOrders(): Promise<BrokerResult<BrokerOrder[]>>;
  abstract getPositions(): Promise<BrokerResult<BrokerPosition[]>>;
  abstract getHoldings(): Promise<BrokerResult<BrokerHolding[]>>;

  /** Where the order-update socket connects and how its messages read (`onMessage` publishes to `hub`). */
  protected abstract updateSocket(): Pick<ReconnectingSocketOptions, 'target' | 'onMessage' | 'staleAfterMs' | 'pingEveryMs'>;

  async ready(): Promise<BrokerResult<void>> {
    const s = await this.base.session.current();
    return s.ok ? ok(undefined) : s;
  }

  /** The latest order with the tag, from the order book (adapters with a tag query override this). */
  async findOrderByTag(clientOrderId: string): Promise<BrokerResult<BrokerOrder | null>> {
    const all = await this.getOrders();
    if (!all.ok) return all;
    const tagged = all.value.filter((o) => o.clientOrderId === clientOrderId);
    return ok(tagged.sort((a, b) => a.placedAt - b.placedAt).at(-1) ?? null);
  }

  onOrderUpdate(listener: OrderUpdateListener): () => void {
    const off = this.hub.on(listener);
    if (!this.updates) {
      this.updates = new ReconnectingSocket({
        name: `${this.name} order updates`,
        scheduler: this.base.scheduler ?? systemScheduler,
        ...(this.base.backoff ? { backoff: this.base.backoff } : {}),
        ...this.updateSocket(),
        onOpen: () => void this.resync(),
        onState: (s) => {
          this.updatesState = s;
        },
      });
      void this.updates.start();
    }
    return off;
  }

  async close(): Promise<void> {
    await this.updates?.stop();
    this.updates = undefined;
  }

  /**
   * The request, validated, with the broker's name for its instrument — or the refusal
   * (`BROKER_INVALID_REQUEST`, `BROKER_UNKNOWN_INSTRUMENT`), nothing sent.
   */
  protected validated<S>(request: OrderRequest, map: (key: string) => S | undefined, need: string): BrokerResult<{ r: ValidOrderRequest; symbol: S }> {
    const parsed = OrderRequestSchema.safeParse(request);
    if (!parsed.success) return fail(E.invalidRequest, `${this.name}: ${firstIssue(parsed.error)}`);
    const symbol = map(parsed.data.instrument);
    if (symbol === undefined) return fail(E.unknownInstrument, this.base.instruments.missing(this.name, parsed.data.instrument, need));
    return ok({ r: parsed.data, symbol });
  }

  /** After an answer that may hide a placed order (unreadable success): the outcome is unknown. */
  protected unknownOutcome<T>(r: BrokerResult<T>): BrokerResult<T> {
    return r.ok ? r : { ok: false, error: { ...r.error, outcome: 'unknown', message: `${r.error.message} — the order may have gone through; look it up by its tag` } };
  }

  private async resync(): Promise<void> {
    const orders = await this.getOrders();
    if (orders.ok) this.hub.resync(orders.value);
    else this.base.logger?.warn({ broker: this.name, code: orders.error.code }, 'could not re-read the order book after reconnecting');
  }
}
