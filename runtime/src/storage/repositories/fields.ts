import { randomUUID } from 'node:crypto';
import { parseTimeframe } from '@algo/language';
import { z } from 'zod';

/** Field schemas shared by several collections, so each is spelled and checked one way. */

/** Ids the platform generates (UUIDs) or the seeds use (`option_set_1`): short, printable, no braces (they become Redis hash tags). */
export const IdField = z.string().regex(/^[A-Za-z0-9_.:@-]{1,128}$/, 'expected an id of 1-128 letters, digits or _ . : @ -');

/** `EXCHANGE_SEGMENT|SYMBOL`, e.g. `NSE_EQ|RELIANCE`, `NSE_INDEX|Nifty Bank`. */
export const InstrumentKeyField = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]*\|[^|{}\n]{1,64}$/, 'expected an instrument key like "NSE_EQ|RELIANCE"');

/** A timeframe as the language writes it (`1m`, `15m`, `1d`). */
export const TimeframeField = z.string().refine((s) => parseTimeframe(s) !== undefined, 'expected a timeframe like 1m, 5m, 1h, 1d');

/** A calendar date `YYYY-MM-DD`. */
export const DateStringField = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');

export const AssetTypeField = z.enum(['options', 'stocks']);
export const ModeField = z.enum(['paper', 'live']);

/** A JSON-like object whose shape another module owns (rule graph, backtest summary). */
export const LooseObject = z.record(z.string(), z.unknown());

/** A fresh id for a new document. */
export function newId(): string {
  return randomUUID();
}
