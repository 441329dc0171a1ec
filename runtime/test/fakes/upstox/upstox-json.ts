import type { FakeOrderSnapshot, FakePosition } from '../exchange.js';
import type { FakeReply } from '../http.js';
import { kiteTime } from '../kite/kite-json.js';

/** Upstox's JSON shapes and conventions, for the fake server. */

export interface UpstoxInstrument {
  readonly instrument_key: string;
  readonly trading_symbol: string;
  readonly exchange: string;
}

/** An Upstox error answer. */
export const upstoxError = (status: number, code: string, message: string): FakeReply => ({
  status,
  json: { status: 'error', errors: [{ errorCode: code, message, propertyPath: null, invalidValue: null, error_code: code, property_path: null, invalid_value: null }] },
});
/** An Upstox success answer (V3 adds `metadata`). */
export const upstoxOk = (data: unknown, v3 = false): FakeReply => ({ status: 200, json: { status: 'success', data, ...(v3 ? { metadata: { latency: 7 } } : {}) } });

/** Upstox's JSON for an order (one state of it). */
export function upstoxOrderJson(o: FakeOrderSnapshot, instruments: readonly UpstoxInstrument[]): Record<string, unknown> {
  const inst = instruments.find((i) => i.instrument_key === o.symbol);
  const terminal = o.status === 'COMPLETE' || o.status === 'CANCELLED' || o.status === 'REJECTED';
  return {
    exchange: inst?.exchange ?? o.symbol.split('_')[0],
    product: o.product,
    price: o.price ?? 0,
    quantity: o.quantity,
    status: o.status.toLowerCase(),
    guid: null,
    tag: o.tag ?? null,
    instrument_token: o.symbol,
    placed_by: 'UP1234',
    tradingsymbol: inst?.trading_symbol ?? o.symbol,
    trading_symbol: inst?.trading_symbol ?? o.symbol,
    order_type: o.type,
    validity: o.validity,
    trigger_price: o.trigger ?? 0,
    disclosed_quantity: 0,
    transaction_type: o.side,
    average_price: o.avgPrice,
    filled_quantity: o.filled,
    pending_quantity: terminal ? 0 : o.quantity - o.filled,
    status_message: o.message ?? null,
    status_message_raw: o.message ?? null,
    exchange_order_id: o.status === 'PUT ORDER REQ RECEIVED' ? '' : (o.exchangeOrderId ?? ''),
    parent_order_id: null,
    order_id: o.id,
    variety: 'SIMPLE',
    order_timestamp: kiteTime(o.placedAt),
    exchange_timestamp: o.status === 'PUT ORDER REQ RECEIVED' ? null : kiteTime(o.updatedAt),
    is_amo: false,
    order_request_id: '1',
    order_ref_id: `ref${o.id}`,
  };
}

/** Upstox's JSON for a short-term position. */
export function upstoxPositionJson(p: FakePosition, instruments: readonly UpstoxInstrument[]): Record<string, unknown> {
    const inst = instruments.find((i) => i.instrument_key === p.symbol);
    return {
      exchange: inst?.exchange ?? 'NSE',
      multiplier: 1,
      value: p.sellValue - p.buyValue,
      pnl: p.realised + p.quantity * (p.last - p.averagePrice),
      product: p.product,
      instrument_token: p.symbol,
      average_price: p.averagePrice,
      buy_value: p.buyValue,
      overnight_quantity: 0,
      day_buy_value: p.buyValue,
      day_buy_price: p.buyQuantity ? p.buyValue / p.buyQuantity : 0,
      overnight_buy_amount: 0,
      overnight_buy_quantity: 0,
      day_buy_quantity: p.buyQuantity,
      day_sell_value: p.sellValue,
      day_sell_price: p.sellQuantity ? p.sellValue / p.sellQuantity : 0,
      overnight_sell_amount: 0,
      overnight_sell_quantity: 0,
      day_sell_quantity: p.sellQuantity,
      quantity: p.quantity,
      last_price: p.last,
      unrealised: p.quantity * (p.last - p.averagePrice),
      realised: p.realised,
      sell_value: p.sellValue,
      tradingsymbol: inst?.trading_symbol ?? p.symbol,
      trading_symbol: inst?.trading_symbol ?? p.symbol,
      close_price: 0,
      buy_price: p.buyQuantity ? p.buyValue / p.buyQuantity : 0,
      sell_price: p.sellQuantity ? p.sellValue / p.sellQuantity : 0,
    };
}

/** Why an order placement body is invalid, in Upstox’s words, or undefined. */
export function validateUpstoxPlace(b: Record<string, unknown>): string | undefined {
  for (const f of ['quantity', 'product', 'validity', 'price', 'instrument_token', 'order_type', 'transaction_type', 'disclosed_quantity', 'trigger_price', 'is_amo']) {
    if (b[f] === undefined || b[f] === null) return `${f} is required`;
  }
  if (!(Number.isInteger(Number(b.quantity)) && Number(b.quantity) > 0)) return 'Invalid quantity';
  if (!['I', 'D', 'MTF'].includes(String(b.product))) return 'Invalid product';
  if (!['MARKET', 'LIMIT', 'SL', 'SL-M'].includes(String(b.order_type))) return 'Invalid order_type';
  if (b.transaction_type !== 'BUY' && b.transaction_type !== 'SELL') return 'Invalid transaction_type';
  if ((b.order_type === 'LIMIT' || b.order_type === 'SL') && !(Number(b.price) > 0)) return 'Invalid price';
  if ((b.order_type === 'SL' || b.order_type === 'SL-M') && !(Number(b.trigger_price) > 0)) return 'Invalid trigger_price';
  if (b.tag !== undefined && String(b.tag).length > 40) return 'tag can be at most 40 characters';
  return undefined;
}
