import type { FakeOrderSnapshot, FakePosition } from '../exchange.js';
import type { FakeReply } from '../http.js';

/** Kite Connect's JSON shapes and conventions, for the fake server. */

export interface KiteInstrumentRow {
  readonly instrument_token: number;
  readonly exchange_token: number;
  readonly tradingsymbol: string;
  readonly name: string;
  readonly expiry: string;
  readonly strike: number;
  readonly tick_size: number;
  readonly lot_size: number;
  readonly instrument_type: string;
  readonly segment: string;
  readonly exchange: string;
}

const IST_MS = 330 * 60_000;

/** `YYYY-MM-DD HH:MM:SS`, IST, as Kite writes times. */
export function kiteTime(ms: number): string {
  return new Date(ms + IST_MS).toISOString().slice(0, 19).replace('T', ' ');
}

export function kiteError(status: number, errorType: string, message: string): FakeReply {
  return { status, json: { status: 'error', message, data: null, error_type: errorType } };
}

export const kiteOk = (data: unknown): FakeReply => ({ status: 200, json: { status: 'success', data } });

/** Kite's JSON for an order (one state of it). */
export function kiteOrderJson(o: FakeOrderSnapshot, userId: string, instruments: readonly KiteInstrumentRow[]): Record<string, unknown> {
  const [exchange, tradingsymbol] = o.symbol.split(':') as [string, string];
  const row = instruments.find((i) => i.exchange === exchange && i.tradingsymbol === tradingsymbol);
  const terminal = o.status === 'COMPLETE' || o.status === 'CANCELLED' || o.status === 'REJECTED';
  return {
    placed_by: userId,
    order_id: o.id,
    exchange_order_id: o.status === 'PUT ORDER REQ RECEIVED' ? null : (o.exchangeOrderId ?? null),
    parent_order_id: null,
    status: o.status,
    status_message: o.message ?? null,
    status_message_raw: o.message ?? null,
    order_timestamp: kiteTime(o.placedAt),
    exchange_update_timestamp: kiteTime(o.updatedAt),
    exchange_timestamp: o.status === 'PUT ORDER REQ RECEIVED' ? null : kiteTime(o.updatedAt),
    variety: o.variety ?? 'regular',
    modified: false,
    exchange,
    tradingsymbol,
    instrument_token: row?.instrument_token ?? 0,
    order_type: o.type,
    transaction_type: o.side,
    validity: o.validity,
    validity_ttl: 0,
    product: o.product,
    quantity: o.quantity,
    disclosed_quantity: 0,
    price: o.price ?? 0,
    trigger_price: o.trigger ?? 0,
    average_price: o.avgPrice,
    filled_quantity: o.filled,
    pending_quantity: terminal ? 0 : o.quantity - o.filled,
    cancelled_quantity: o.status === 'CANCELLED' || o.status === 'REJECTED' ? o.quantity - o.filled : 0,
    market_protection: 0,
    meta: {},
    tag: o.tag ?? null,
    tags: o.tag ? [o.tag] : [],
    guid: `guid${o.id}`,
  };
}

/** Kite's JSON for a net position. */
export function kitePositionJson(p: FakePosition, instruments: readonly KiteInstrumentRow[]): Record<string, unknown> {
    const [exchange, tradingsymbol] = p.symbol.split(':') as [string, string];
    const unrealised = p.quantity * (p.last - p.averagePrice);
    return {
      tradingsymbol,
      exchange,
      instrument_token: instruments.find((i) => i.exchange === exchange && i.tradingsymbol === tradingsymbol)?.instrument_token ?? 0,
      product: p.product,
      quantity: p.quantity,
      overnight_quantity: 0,
      multiplier: 1,
      average_price: p.averagePrice,
      close_price: 0,
      last_price: p.last,
      value: p.sellValue - p.buyValue,
      pnl: p.realised + unrealised,
      m2m: p.realised + unrealised,
      unrealised,
      realised: p.realised,
      buy_quantity: p.buyQuantity,
      buy_price: p.buyQuantity ? p.buyValue / p.buyQuantity : 0,
      buy_value: p.buyValue,
      buy_m2m: p.buyValue,
      sell_quantity: p.sellQuantity,
      sell_price: p.sellQuantity ? p.sellValue / p.sellQuantity : 0,
      sell_value: p.sellValue,
      sell_m2m: p.sellValue,
      day_buy_quantity: p.buyQuantity,
      day_buy_price: p.buyQuantity ? p.buyValue / p.buyQuantity : 0,
      day_buy_value: p.buyValue,
      day_sell_quantity: p.sellQuantity,
      day_sell_price: p.sellQuantity ? p.sellValue / p.sellQuantity : 0,
      day_sell_value: p.sellValue,
    };
}

/** Why an order placement form is invalid, in Kite’s words, or undefined. */
export function validateKitePlace(b: Record<string, string>): string | undefined {
  for (const f of ['exchange', 'tradingsymbol', 'transaction_type', 'order_type', 'quantity', 'product', 'validity']) if (!b[f]) return `Missing \`${f}\`.`;
  if (b.transaction_type !== 'BUY' && b.transaction_type !== 'SELL') return 'Invalid `transaction_type`.';
  if (!['MARKET', 'LIMIT', 'SL', 'SL-M'].includes(b.order_type!)) return 'Invalid `order_type`.';
  if (!['CNC', 'NRML', 'MIS', 'MTF'].includes(b.product!)) return 'Invalid `product`.';
  if (!(Number.isInteger(Number(b.quantity)) && Number(b.quantity) > 0)) return 'Invalid `quantity`.';
  if ((b.order_type === 'LIMIT' || b.order_type === 'SL') && !(Number(b.price) > 0)) return 'Invalid `price`.';
  if ((b.order_type === 'SL' || b.order_type === 'SL-M') && !(Number(b.trigger_price) > 0)) return 'Invalid `trigger_price`.';
  if (b.tag !== undefined && !/^[A-Za-z0-9]{1,20}$/.test(b.tag)) return 'Tag length should be at most 20 characters and alphanumeric.';
  return undefined;
}
