import { z } from 'zod';

/**
 * What the strategy core and the broker need to know about a tradable instrument — the
 * fields of the instrument master (Mongo `instruments`, seed 002) that change a fill:
 * lot size (order quantities are whole lots), tick size (stops, targets and slippage move
 * in ticks), and for options the contract terms.
 */
export const InstrumentSpecSchema = z.strictObject({
  /** instrument key, `EXCHANGE_SEGMENT|SYMBOL` */
  key: z.string().min(1),
  kind: z.enum(['equity', 'index', 'future', 'option']),
  lot_size: z.int().min(1),
  tick_size: z.number().positive(),
  /** options: the underlying's key, strike, right and expiry (UTC ms of the expiry day's close) */
  underlying: z.string().optional(),
  strike: z.number().optional(),
  right: z.enum(['call', 'put']).optional(),
  expiry: z.number().optional(),
});
export type InstrumentSpec = z.infer<typeof InstrumentSpecSchema>;

/** NSE's tick for cash equities and index derivatives. */
export const NSE_TICK = 0.05;

/**
 * The spec of an instrument nobody described: a cash equity (lot 1, NSE tick) for
 * `*_EQ|…`, an index for `*_INDEX|…` (not tradable, but its bars drive option strategies),
 * and for `*_FO|…` a derivative that must come from the instrument master (undefined).
 */
export function defaultSpec(key: string): InstrumentSpec | undefined {
  const segment = key.split('|')[0] ?? '';
  if (segment.endsWith('_FO')) return undefined;
  return { key, kind: segment.endsWith('_INDEX') ? 'index' : 'equity', lot_size: 1, tick_size: NSE_TICK };
}

/** `x` rounded to the nearest multiple of `tick`, without binary noise (3430.0000000004 → 3430). */
export function roundToTick(x: number, tick: number): number {
  return cleanPrice(Math.round(x / tick) * tick);
}

/**
 * A price computed as ticks × tick size, snapped to the nearest billionth so binary noise
 * disappears (105.10000000000001 → 105.1): exchange prices have far fewer decimals.
 */
export function cleanPrice(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}
