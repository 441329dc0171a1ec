import { z } from 'zod';
import type { OrderStatus } from '../storage/repositories/orders.js';

/**
 * Orders and positions as the engine speaks of them, the same for every broker. Instrument
 * keys are ours (`NSE_EQ|RELIANCE`); each adapter maps them to the broker's symbols.
 * Order types and statuses are the `orders` collection's, so what a broker reports can be
 * written to Mongo as it is.
 */

export const OrderSideField = z.enum(['BUY', 'SELL']);
export type OrderSide = z.infer<typeof OrderSideField>;

/** `STOP_LOSS`: a stop-limit (trigger, then a limit at `price`); `STOP_LOSS_MARKET`: a stop (trigger, then market). */
export const OrderTypeField = z.enum(['MARKET', 'LIMIT', 'STOP_LOSS', 'STOP_LOSS_MARKET']);
export type OrderType = z.infer<typeof OrderTypeField>;

/** `intraday`: squared off the same day (Kite MIS, Upstox I); `delivery`: cash equity held (CNC, D); `carry`: F&O held overnight (NRML, D). */
export const ProductField = z.enum(['intraday', 'delivery', 'carry']);
export type Product = z.infer<typeof ProductField>;

/** Kite's tag limit: 20 letters or digits. The client order id is the tag, so it obeys it everywhere. */
export const ClientOrderIdSchema = z.string().regex(/^[A-Za-z0-9]{1,20}$/, 'a client order id is 1-20 letters or digits (it travels as the broker order tag)');

/** An order to place. Validated by every broker before anything is sent. */
export const OrderRequestSchema = z
  .strictObject({
    /** Our idempotency key, recorded in `orders` first and sent as the order tag. */
    clientOrderId: ClientOrderIdSchema,
    instrument: z.string().regex(/^[A-Z][A-Z0-9_]*\|[^|{}\n]{1,64}$/, 'expected an instrument key like "NSE_EQ|RELIANCE"'),
    side: OrderSideField,
    /** Units (shares, or contracts = lots × lot size), never lots. */
    quantity: z.int().positive(),
    orderType: OrderTypeField,
    product: ProductField,
    /** Limit price (LIMIT, STOP_LOSS). */
    price: z.number().positive().optional(),
    /** Trigger price (STOP_LOSS, STOP_LOSS_MARKET). */
    triggerPrice: z.number().positive().optional(),
    validity: z.enum(['DAY', 'IOC']).default('DAY'),
    /** SEBI algo identifier, sent where the broker's API takes one. */
    algoId: z.string().min(1).max(50).optional(),
    /**
     * When the decision was made (market time, epoch ms). The paper broker fills a market
     * order at the first tick at or after it (so an order decided at a bar's close fills at
     * the next bar's open tick, as in the backtest); real brokers ignore it.
     */
    decidedAt: z.number().int().optional(),
  })
  .refine((o) => !(o.orderType === 'LIMIT' || o.orderType === 'STOP_LOSS') || o.price !== undefined, { message: 'a LIMIT or STOP_LOSS order needs a price', path: ['price'] })
  .refine((o) => !(o.orderType === 'STOP_LOSS' || o.orderType === 'STOP_LOSS_MARKET') || o.triggerPrice !== undefined, {
    message: 'a stop order needs a triggerPrice',
    path: ['triggerPrice'],
  });
export type OrderRequest = z.input<typeof OrderRequestSchema>;
export type ValidOrderRequest = z.output<typeof OrderRequestSchema>;

/** Which order, at the broker: its id, and the instrument (the order-rate limiter counts per exchange segment). */
export interface OrderRef {
  readonly brokerOrderId: string;
  readonly instrument: string;
}

/** What a modification may change. */
export const OrderChangeSchema = z
  .strictObject({
    quantity: z.int().positive().optional(),
    price: z.number().positive().optional(),
    triggerPrice: z.number().positive().optional(),
    orderType: OrderTypeField.optional(),
  })
  .refine((c) => Object.keys(c).length > 0, { message: 'nothing to change' });
export type OrderChange = z.infer<typeof OrderChangeSchema>;

/** An order as the broker reports it, in our words. */
export interface BrokerOrder {
  readonly brokerOrderId: string;
  /** Our client order id, read back from the tag (absent for orders placed outside Algo). */
  readonly clientOrderId?: string;
  readonly instrument: string;
  /** The broker's own symbol (`NSE:RELIANCE`, `NSE_EQ|INE002A01018`), for orders we cannot map back. */
  readonly brokerSymbol: string;
  readonly side: OrderSide;
  readonly orderType: OrderType;
  readonly product?: Product;
  readonly quantity: number;
  readonly price?: number;
  readonly triggerPrice?: number;
  readonly status: Exclude<OrderStatus, 'PENDING'>;
  /** The broker's status word as it said it (`TRIGGER PENDING`, `open pending`). */
  readonly brokerStatus: string;
  readonly filledQuantity: number;
  readonly pendingQuantity: number;
  readonly cancelledQuantity: number;
  readonly averagePrice?: number;
  readonly statusMessage?: string;
  readonly exchangeOrderId?: string;
  /** When it was placed, epoch ms. */
  readonly placedAt: number;
  /** When the broker last changed it, epoch ms. */
  readonly updatedAt: number;
}

/** A net position for the day (and carried F&O), in our words. */
export interface BrokerPosition {
  readonly instrument: string;
  readonly brokerSymbol: string;
  readonly product?: Product;
  /** Net quantity: > 0 long, < 0 short, 0 flat (closed today). */
  readonly quantity: number;
  /** Average price of the open quantity (0 when flat). */
  readonly averagePrice: number;
  readonly lastPrice?: number;
  readonly buyQuantity: number;
  readonly sellQuantity: number;
  readonly realisedPnl: number;
  readonly unrealisedPnl: number;
}

/** A delivery holding (cash equity owned). */
export interface BrokerHolding {
  readonly instrument: string;
  readonly brokerSymbol: string;
  readonly quantity: number;
  readonly averagePrice: number;
  readonly lastPrice?: number;
}

/** The exchange segment of an instrument key (`NSE_EQ|TCS` → `NSE_EQ`) — what the order-rate limit counts per. */
export function segmentOf(instrument: string): string {
  const bar = instrument.indexOf('|');
  return bar > 0 ? instrument.slice(0, bar) : instrument;
}

/** Whether the broker will change the order no more. */
export function isTerminal(status: OrderStatus): boolean {
  return status === 'COMPLETE' || status === 'CANCELLED' || status === 'REJECTED';
}

/** The first problem of a zod failure as "field: message". */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'order'}: ${issue.message}` : 'invalid';
}
