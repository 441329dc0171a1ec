import type { InstrumentDoc, InstrumentsRepository } from '../../storage/repositories/instruments.js';

/**
 * Our instrument keys ↔ each broker's names, from the instruments master (Mongo
 * `instruments`):
 *
 * | ours                    | Kite (orders)        | Kite (ticker)      | Upstox                    |
 * | ----------------------- | -------------------- | ------------------ | ------------------------- |
 * | `NSE_EQ|RELIANCE`       | `NSE` `RELIANCE`     | instrument_token   | `NSE_EQ|<ISIN>`           |
 * | `NSE_FO|<tradingsymbol>`| `NFO` tradingsymbol  | instrument_token   | `NSE_FO|<exchange_token>` |
 * | `NSE_INDEX|Nifty Bank`  | `NSE` `NIFTY BANK`   | instrument_token   | `NSE_INDEX|Nifty Bank`    |
 *
 * Without a master record, a cash equity or an index still maps to Kite's order symbol
 * (the symbol is in our key) and an index to Upstox (same key); everything else needs the
 * master, and the answer is undefined — the adapter then refuses the order with
 * `BROKER_UNKNOWN_INSTRUMENT`, naming the instrument. Reverse lookups (a broker's position
 * back to our key) fall back to the broker's own name when the master does not know it.
 */

/** Our segment → Kite's exchange. */
const KITE_EXCHANGE: Record<string, string> = {
  NSE_EQ: 'NSE',
  BSE_EQ: 'BSE',
  NSE_INDEX: 'NSE',
  BSE_INDEX: 'BSE',
  NSE_FO: 'NFO',
  BSE_FO: 'BFO',
  NCD_FO: 'CDS',
  BCD_FO: 'BCD',
  MCX_FO: 'MCX',
};

/** Kite's exchange → our segment (for a tradable instrument: `NSE` means cash equity). */
const FROM_KITE_EXCHANGE: Record<string, string> = { NSE: 'NSE_EQ', BSE: 'BSE_EQ', NFO: 'NSE_FO', BFO: 'BSE_FO', CDS: 'NCD_FO', BCD: 'BCD_FO', MCX: 'MCX_FO' };

export interface KiteSymbol {
  readonly exchange: string;
  readonly tradingsymbol: string;
}

function split(key: string): [string, string] {
  const bar = key.indexOf('|');
  return [key.slice(0, bar), key.slice(bar + 1)];
}

export class InstrumentMap {
  private readonly docs = new Map<string, InstrumentDoc>();
  private readonly byKite = new Map<string, string>();
  private readonly byToken = new Map<number, string>();
  private readonly byUpstox = new Map<string, string>();

  constructor(docs: Iterable<InstrumentDoc> = []) {
    for (const d of docs) this.add(d);
  }

  /** The master records of `keys` (those it has). */
  static async load(repo: InstrumentsRepository, keys: Iterable<string>): Promise<InstrumentMap> {
    const docs = await Promise.all([...new Set(keys)].map((k) => repo.get(k)));
    return new InstrumentMap(docs.filter((d): d is InstrumentDoc => d !== null));
  }

  add(doc: InstrumentDoc): void {
    this.docs.set(doc.instrument_key, doc);
    const kite = this.kite(doc.instrument_key);
    if (kite) this.byKite.set(`${kite.exchange}:${kite.tradingsymbol}`, doc.instrument_key);
    if (doc.instrument_token !== undefined) this.byToken.set(doc.instrument_token, doc.instrument_key);
    const up = this.upstox(doc.instrument_key);
    if (up) this.byUpstox.set(up, doc.instrument_key);
  }

  get(key: string): InstrumentDoc | undefined {
    return this.docs.get(key);
  }

  /** Kite's exchange and trading symbol of our key. */
  kite(key: string): KiteSymbol | undefined {
    const [segment, symbol] = split(key);
    const exchange = KITE_EXCHANGE[segment];
    if (!exchange) return undefined;
    const doc = this.docs.get(key);
    if (doc) return { exchange, tradingsymbol: doc.tradingsymbol };
    if (segment.endsWith('_EQ')) return { exchange, tradingsymbol: symbol };
    if (segment.endsWith('_INDEX')) return { exchange, tradingsymbol: symbol.toUpperCase() };
    return undefined;
  }

  /** Kite's instrument token (for the ticker) of our key. */
  kiteToken(key: string): number | undefined {
    return this.docs.get(key)?.instrument_token;
  }

  /** Our key of a Kite symbol; unknown F&O symbols come back as `NSE_FO|<tradingsymbol>`. */
  fromKite(exchange: string, tradingsymbol: string): string {
    const known = this.byKite.get(`${exchange}:${tradingsymbol}`);
    if (known) return known;
    return `${FROM_KITE_EXCHANGE[exchange] ?? exchange}|${tradingsymbol}`;
  }

  /** Our key of a Kite instrument token, when the master knows it. */
  fromKiteToken(token: number): string | undefined {
    return this.byToken.get(token);
  }

  /** Upstox's instrument key of ours. */
  upstox(key: string): string | undefined {
    const [segment] = split(key);
    if (segment.endsWith('_INDEX')) return key;
    const doc = this.docs.get(key);
    if (!doc) return undefined;
    if (segment.endsWith('_EQ')) return doc.isin ? `${segment}|${doc.isin}` : undefined;
    return doc.exchange_token !== undefined ? `${segment}|${doc.exchange_token}` : undefined;
  }

  /** Our key of an Upstox instrument key (the Upstox key itself when the master does not know it). */
  fromUpstox(instrumentKey: string): string {
    return this.byUpstox.get(instrumentKey) ?? instrumentKey;
  }

  /** Why `key` cannot be traded at `broker`, for an error message. */
  missing(broker: 'zerodha' | 'upstox', key: string, need: string): string {
    return `${broker}: ${key} is not in the instruments master with ${need} — refresh the instruments master (or add it) before trading it`;
  }
}
