import { z } from 'zod';
import { OrderSideField, OrderTypeField, ProductField, type BrokerOrder } from '../orders.js';

/**
 * The paper broker's whole state as data — orders, positions, last prices and the few
 * recent ticks a late order may still fill on — so the engine can store it (Redis, Mongo)
 * after each change and a restarted engine resumes exactly where it was. Validated on
 * restore: a corrupt snapshot is refused with the field named, never half-loaded.
 */
export const PAPER_STATE_VERSION = 1;

export const PaperOrderSchema = z.strictObject({
  id: z.string(),
  clientOrderId: z.string(),
  instrument: z.string(),
  side: OrderSideField,
  orderType: OrderTypeField,
  product: ProductField,
  quantity: z.int().positive(),
  price: z.number().positive().optional(),
  triggerPrice: z.number().positive().optional(),
  validity: z.enum(['DAY', 'IOC']),
  status: z.enum(['OPEN', 'COMPLETE', 'CANCELLED', 'REJECTED']),
  filledQuantity: z.int().nonnegative(),
  averagePrice: z.number().positive().optional(),
  statusMessage: z.string().optional(),
  /** Ticks from this time on (market ms) may fill it: the decision time. */
  activeFrom: z.number(),
  triggered: z.boolean(),
  /** Ticks seen since activation (an IOC order is cancelled after its first). */
  seen: z.int().nonnegative(),
  placedAt: z.number(),
  updatedAt: z.number(),
});
export type PaperOrder = z.infer<typeof PaperOrderSchema>;

export const PaperPositionSchema = z.strictObject({
  instrument: z.string(),
  product: ProductField,
  quantity: z.int(),
  averagePrice: z.number().nonnegative(),
  realisedPnl: z.number(),
  buyQuantity: z.int().nonnegative(),
  sellQuantity: z.int().nonnegative(),
});
export type PaperPosition = z.infer<typeof PaperPositionSchema>;

const RecentTickSchema = z.strictObject({ ltp: z.number(), ts: z.number(), gap: z.boolean().optional(), prev: z.number().optional() });
export type RecentTick = z.infer<typeof RecentTickSchema>;

export const PaperStateSchema = z.strictObject({
  version: z.literal(PAPER_STATE_VERSION),
  /** Next order number. */
  seq: z.int().nonnegative(),
  /** Latest tick time seen on any instrument (the paper broker's market clock). */
  marketTime: z.number().optional(),
  orders: z.array(PaperOrderSchema),
  positions: z.array(PaperPositionSchema),
  /** Per instrument, the most recent ticks (oldest first). */
  recent: z.record(z.string(), z.array(RecentTickSchema)),
});
export type PaperState = z.infer<typeof PaperStateSchema>;

/** Applies a fill to a position (average-cost method: realised P&L on the closing part, the average resets when the side flips). */
export function applyFill(p: PaperPosition, side: 'BUY' | 'SELL', qty: number, price: number): void {
  const signed = side === 'BUY' ? qty : -qty;
  if (side === 'BUY') p.buyQuantity += qty;
  else p.sellQuantity += qty;
  if (p.quantity === 0 || Math.sign(p.quantity) === Math.sign(signed)) {
    const open = Math.abs(p.quantity);
    p.averagePrice = (p.averagePrice * open + price * qty) / (open + qty);
    p.quantity += signed;
    return;
  }
  const closing = Math.min(qty, Math.abs(p.quantity));
  p.realisedPnl += closing * (price - p.averagePrice) * Math.sign(p.quantity);
  const before = p.quantity;
  p.quantity += signed;
  if (p.quantity === 0) p.averagePrice = 0;
  else if (Math.sign(p.quantity) !== Math.sign(before)) p.averagePrice = price;
}

/** A paper order as the `Broker` interface reports orders. */
export function paperOrderView(o: PaperOrder): BrokerOrder {
  const done = o.status !== 'OPEN';
  return {
    brokerOrderId: o.id,
    clientOrderId: o.clientOrderId,
    instrument: o.instrument,
    brokerSymbol: o.instrument,
    side: o.side,
    orderType: o.orderType,
    product: o.product,
    quantity: o.quantity,
    ...(o.price !== undefined ? { price: o.price } : {}),
    ...(o.triggerPrice !== undefined ? { triggerPrice: o.triggerPrice } : {}),
    status: o.status,
    brokerStatus: o.status === 'OPEN' && o.orderType.startsWith('STOP') && !o.triggered ? 'TRIGGER PENDING' : o.status,
    filledQuantity: o.filledQuantity,
    pendingQuantity: done ? 0 : o.quantity - o.filledQuantity,
    cancelledQuantity: o.status === 'CANCELLED' || o.status === 'REJECTED' ? o.quantity - o.filledQuantity : 0,
    ...(o.averagePrice !== undefined ? { averagePrice: o.averagePrice } : {}),
    ...(o.statusMessage ? { statusMessage: o.statusMessage } : {}),
    placedAt: o.placedAt,
    updatedAt: o.updatedAt,
  };
}
