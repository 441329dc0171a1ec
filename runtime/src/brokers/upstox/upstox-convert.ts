import { z } from 'zod';
import type { InstrumentMap } from '../instruments/instrument-map.js';
import type { BrokerHolding, BrokerOrder, BrokerPosition, OrderType, Product } from '../orders.js';
import { istTime } from '../ist-time.js';

/**
 * Upstox's JSON ↔ ours. Upstox names instruments by its instrument key
 * (`NSE_EQ|INE002A01018`), writes statuses in lower case (`open`, `trigger pending`,
 * `complete`), times as IST wall clock like Kite, and products as `I` (intraday), `D`
 * (delivery — and carried F&O), `MTF`.
 */

const num = z.coerce.number();
const optNum = num.nullish();
const optStr = z.string().nullish();

/** An order book entry, an order detail, a history entry or a portfolio-stream order update. */
export const UpstoxOrderSchema = z.looseObject({
  order_id: z.coerce.string(),
  exchange_order_id: z.coerce.string().nullish(),
  status: z.string(),
  status_message: optStr,
  instrument_token: z.string().optional(),
  instrument_key: z.string().optional(),
  trading_symbol: optStr,
  tradingsymbol: optStr,
  order_type: z.string(),
  transaction_type: z.enum(['BUY', 'SELL']),
  product: z.string(),
  quantity: num,
  price: optNum,
  trigger_price: optNum,
  average_price: optNum,
  filled_quantity: optNum,
  pending_quantity: optNum,
  tag: optStr,
  order_timestamp: z.unknown().optional(),
  exchange_timestamp: z.unknown().optional(),
});
export type UpstoxOrder = z.infer<typeof UpstoxOrderSchema>;

export const UpstoxPositionSchema = z.looseObject({
  instrument_token: z.string(),
  trading_symbol: optStr,
  tradingsymbol: optStr,
  product: z.string(),
  quantity: num,
  average_price: optNum,
  last_price: optNum,
  day_buy_quantity: optNum,
  overnight_buy_quantity: optNum,
  day_sell_quantity: optNum,
  overnight_sell_quantity: optNum,
  realised: optNum,
  unrealised: optNum,
});

export const UpstoxHoldingSchema = z.looseObject({
  instrument_token: z.string(),
  trading_symbol: optStr,
  tradingsymbol: optStr,
  quantity: num,
  t1_quantity: optNum,
  average_price: num,
  last_price: optNum,
});

const TYPES: Record<string, OrderType> = { MARKET: 'MARKET', LIMIT: 'LIMIT', SL: 'STOP_LOSS', 'SL-M': 'STOP_LOSS_MARKET' };
const TO_TYPE: Record<OrderType, string> = { MARKET: 'MARKET', LIMIT: 'LIMIT', STOP_LOSS: 'SL', STOP_LOSS_MARKET: 'SL-M' };
export const upstoxOrderType = (t: OrderType): string => TO_TYPE[t];
export const upstoxProduct = (p: Product): string => (p === 'intraday' ? 'I' : 'D');

function product(code: string, instrument: string): Product | undefined {
  if (code === 'I') return 'intraday';
  if (code === 'D') return /_FO\|/.test(instrument) ? 'carry' : 'delivery';
  if (code === 'MTF') return 'delivery';
  return undefined;
}

/** Upstox statuses → ours: `complete`, `cancelled`, `rejected` are final; everything else is working. */
export function upstoxStatus(s: string): BrokerOrder['status'] {
  const l = s.toLowerCase();
  return l === 'complete' ? 'COMPLETE' : l === 'cancelled' ? 'CANCELLED' : l === 'rejected' ? 'REJECTED' : 'OPEN';
}

export function fromUpstoxOrder(o: UpstoxOrder, map: InstrumentMap): BrokerOrder {
  const key = o.instrument_token ?? o.instrument_key ?? '';
  const instrument = map.fromUpstox(key);
  const status = upstoxStatus(o.status);
  const filled = o.filled_quantity ?? 0;
  const placedAt = istTime(o.order_timestamp) ?? 0;
  const p = product(o.product, instrument);
  return {
    brokerOrderId: o.order_id,
    ...(o.tag ? { clientOrderId: o.tag } : {}),
    instrument,
    brokerSymbol: key,
    side: o.transaction_type,
    orderType: TYPES[o.order_type] ?? 'MARKET',
    ...(p ? { product: p } : {}),
    quantity: o.quantity,
    ...(o.price ? { price: o.price } : {}),
    ...(o.trigger_price ? { triggerPrice: o.trigger_price } : {}),
    status,
    brokerStatus: o.status,
    filledQuantity: filled,
    pendingQuantity: status === 'OPEN' ? (o.pending_quantity ?? o.quantity - filled) : 0,
    cancelledQuantity: status === 'CANCELLED' || status === 'REJECTED' ? o.quantity - filled : 0,
    ...(o.average_price ? { averagePrice: o.average_price } : {}),
    ...(o.status_message ? { statusMessage: o.status_message } : {}),
    ...(o.exchange_order_id ? { exchangeOrderId: o.exchange_order_id } : {}),
    placedAt,
    updatedAt: istTime(o.exchange_timestamp) ?? placedAt,
  };
}

export function fromUpstoxPosition(p: z.infer<typeof UpstoxPositionSchema>, map: InstrumentMap): BrokerPosition {
  const instrument = map.fromUpstox(p.instrument_token);
  const prod = product(p.product, instrument);
  return {
    instrument,
    brokerSymbol: p.instrument_token,
    ...(prod ? { product: prod } : {}),
    quantity: p.quantity,
    averagePrice: p.average_price ?? 0,
    ...(p.last_price ? { lastPrice: p.last_price } : {}),
    buyQuantity: (p.day_buy_quantity ?? 0) + (p.overnight_buy_quantity ?? 0),
    sellQuantity: (p.day_sell_quantity ?? 0) + (p.overnight_sell_quantity ?? 0),
    realisedPnl: p.realised ?? 0,
    unrealisedPnl: p.unrealised ?? 0,
  };
}

export function fromUpstoxHolding(h: z.infer<typeof UpstoxHoldingSchema>, map: InstrumentMap): BrokerHolding {
  return {
    instrument: map.fromUpstox(h.instrument_token),
    brokerSymbol: h.instrument_token,
    quantity: h.quantity + (h.t1_quantity ?? 0),
    averagePrice: h.average_price,
    ...(h.last_price ? { lastPrice: h.last_price } : {}),
  };
}
