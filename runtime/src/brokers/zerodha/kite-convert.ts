import { z } from 'zod';
import type { InstrumentMap } from '../instruments/instrument-map.js';
import { istTime } from '../ist-time.js';
import type { BrokerHolding, BrokerOrder, BrokerPosition, OrderType, Product } from '../orders.js';

/**
 * Kite's JSON ↔ ours (times: see ist-time.ts). Answers are validated (zod) — a broker
 * answer is a boundary like any other.
 */

const num = z.coerce.number();
const optStr = z.string().nullish();

export const KiteOrderSchema = z.looseObject({
  order_id: z.coerce.string(),
  exchange_order_id: z.coerce.string().nullish(),
  status: z.string(),
  status_message: optStr,
  order_timestamp: z.unknown(),
  exchange_update_timestamp: z.unknown().optional(),
  exchange_timestamp: z.unknown().optional(),
  exchange: z.string(),
  tradingsymbol: z.string(),
  order_type: z.string(),
  transaction_type: z.enum(['BUY', 'SELL']),
  product: z.string(),
  quantity: num,
  price: num.nullish(),
  trigger_price: num.nullish(),
  average_price: num.nullish(),
  filled_quantity: num.nullish(),
  pending_quantity: num.nullish(),
  cancelled_quantity: num.nullish(),
  tag: optStr,
  tags: z.array(z.string()).nullish(),
});
export type KiteOrder = z.infer<typeof KiteOrderSchema>;

export const KitePositionSchema = z.looseObject({
  tradingsymbol: z.string(),
  exchange: z.string(),
  product: z.string(),
  quantity: num,
  average_price: num,
  last_price: num.nullish(),
  buy_quantity: num,
  sell_quantity: num,
  realised: num.nullish(),
  unrealised: num.nullish(),
});

export const KiteHoldingSchema = z.looseObject({
  tradingsymbol: z.string(),
  exchange: z.string(),
  quantity: num,
  t1_quantity: num.nullish(),
  average_price: num,
  last_price: num.nullish(),
});

const PRODUCTS: Record<string, Product> = { MIS: 'intraday', CNC: 'delivery', NRML: 'carry', MTF: 'delivery' };
const TO_PRODUCT: Record<Product, string> = { intraday: 'MIS', delivery: 'CNC', carry: 'NRML' };
const TYPES: Record<string, OrderType> = { MARKET: 'MARKET', LIMIT: 'LIMIT', SL: 'STOP_LOSS', 'SL-M': 'STOP_LOSS_MARKET' };
const TO_TYPE: Record<OrderType, string> = { MARKET: 'MARKET', LIMIT: 'LIMIT', STOP_LOSS: 'SL', STOP_LOSS_MARKET: 'SL-M' };

export const kiteProduct = (p: Product): string => TO_PRODUCT[p];
export const kiteOrderType = (t: OrderType): string => TO_TYPE[t];

/** Kite's status words → ours: the three terminal ones as they are, anything else (OPEN, TRIGGER PENDING, … PENDING, UPDATE) is working. */
export function kiteStatus(s: string): BrokerOrder['status'] {
  const u = s.toUpperCase();
  return u === 'COMPLETE' || u === 'CANCELLED' || u === 'REJECTED' ? u : 'OPEN';
}

export function fromKiteOrder(o: KiteOrder, map: InstrumentMap): BrokerOrder {
  const placedAt = istTime(o.order_timestamp) ?? 0;
  const status = kiteStatus(o.status);
  const filled = o.filled_quantity ?? 0;
  const tag = o.tag ?? o.tags?.[0];
  const type = TYPES[o.order_type] ?? 'MARKET';
  const product = PRODUCTS[o.product];
  return {
    brokerOrderId: o.order_id,
    ...(tag ? { clientOrderId: tag } : {}),
    instrument: map.fromKite(o.exchange, o.tradingsymbol),
    brokerSymbol: `${o.exchange}:${o.tradingsymbol}`,
    side: o.transaction_type,
    orderType: type,
    ...(product ? { product } : {}),
    quantity: o.quantity,
    ...(o.price ? { price: o.price } : {}),
    ...(o.trigger_price ? { triggerPrice: o.trigger_price } : {}),
    status,
    brokerStatus: o.status,
    filledQuantity: filled,
    pendingQuantity: status === 'OPEN' ? (o.pending_quantity ?? o.quantity - filled) : 0,
    cancelledQuantity: o.cancelled_quantity ?? (status === 'CANCELLED' || status === 'REJECTED' ? o.quantity - filled : 0),
    ...(o.average_price ? { averagePrice: o.average_price } : {}),
    ...(o.status_message ? { statusMessage: o.status_message } : {}),
    ...(o.exchange_order_id ? { exchangeOrderId: o.exchange_order_id } : {}),
    placedAt,
    updatedAt: istTime(o.exchange_update_timestamp) ?? istTime(o.exchange_timestamp) ?? placedAt,
  };
}

export function fromKitePosition(p: z.infer<typeof KitePositionSchema>, map: InstrumentMap): BrokerPosition {
  const product = PRODUCTS[p.product];
  return {
    instrument: map.fromKite(p.exchange, p.tradingsymbol),
    brokerSymbol: `${p.exchange}:${p.tradingsymbol}`,
    ...(product ? { product } : {}),
    quantity: p.quantity,
    averagePrice: p.average_price,
    ...(p.last_price ? { lastPrice: p.last_price } : {}),
    buyQuantity: p.buy_quantity,
    sellQuantity: p.sell_quantity,
    realisedPnl: p.realised ?? 0,
    unrealisedPnl: p.unrealised ?? 0,
  };
}

export function fromKiteHolding(h: z.infer<typeof KiteHoldingSchema>, map: InstrumentMap): BrokerHolding {
  return {
    instrument: map.fromKite(h.exchange, h.tradingsymbol),
    brokerSymbol: `${h.exchange}:${h.tradingsymbol}`,
    quantity: h.quantity + (h.t1_quantity ?? 0),
    averagePrice: h.average_price,
    ...(h.last_price ? { lastPrice: h.last_price } : {}),
  };
}
