import { KiteConnect } from 'kiteconnect';
import { z } from 'zod';
import type { InstrumentDocInput } from '../../storage/repositories/instruments.js';
import { parseAnswer } from '../answer.js';
import { ok, type BrokerResult } from '../errors.js';
import { istTime } from '../ist-time.js';
import type { BrokerSession } from '../session/session-source.js';
import { kiteFailure } from './kite-errors.js';

/**
 * Kite's instruments dump (`GET /instruments`, a CSV `kiteconnect` parses) → records for
 * our instruments master, so orders and the ticker can map our keys (`NSE_FO|…`) to Kite's
 * symbols and tokens. Keys: cash `NSE_EQ|RELIANCE`; derivatives `NSE_FO|<tradingsymbol>`;
 * indices by the names Upstox and the seeds use (`NSE_INDEX|Nifty Bank`); options carry
 * their underlying's key. Rows of other kinds (currency, commodity, mutual funds) are
 * skipped and counted.
 */

const KiteInstrumentRowSchema = z.looseObject({
  instrument_token: z.coerce.number().int(),
  exchange_token: z.coerce.number().int(),
  tradingsymbol: z.string().min(1),
  name: z.string().nullish(),
  expiry: z.unknown().optional(),
  strike: z.coerce.number().nullish(),
  tick_size: z.coerce.number().nullish(),
  lot_size: z.coerce.number().nullish(),
  instrument_type: z.string(),
  segment: z.string(),
  exchange: z.string(),
});

/** Kite index names → the seeds' / Upstox's index keys. */
const INDEX_KEYS: Record<string, string> = {
  'NIFTY 50': 'NSE_INDEX|Nifty 50',
  'NIFTY BANK': 'NSE_INDEX|Nifty Bank',
  'NIFTY FIN SERVICE': 'NSE_INDEX|Nifty Fin Service',
  'NIFTY MID SELECT': 'NSE_INDEX|NIFTY MID SELECT',
  'INDIA VIX': 'NSE_INDEX|India VIX',
  SENSEX: 'BSE_INDEX|SENSEX',
  BANKEX: 'BSE_INDEX|BANKEX',
};
/** F&O underlying names → the index they track. */
const UNDERLYING_INDEX: Record<string, string> = {
  NIFTY: 'NSE_INDEX|Nifty 50',
  BANKNIFTY: 'NSE_INDEX|Nifty Bank',
  FINNIFTY: 'NSE_INDEX|Nifty Fin Service',
  MIDCPNIFTY: 'NSE_INDEX|NIFTY MID SELECT',
  SENSEX: 'BSE_INDEX|SENSEX',
  BANKEX: 'BSE_INDEX|BANKEX',
};

/** Expiry day's close, 15:30 IST. kiteconnect parses `2024-01-25` with `new Date()`, i.e. as UTC midnight. */
function expiryClose(v: unknown): number | undefined {
  const day = v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 10) : typeof v === 'string' ? v.slice(0, 10) : '';
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? istTime(`${day} 15:30:00`) : undefined;
}

const titleCase = (s: string): string => s.toLowerCase().replace(/\b[a-z]/g, (c) => c.toUpperCase());

/** Instrument records from Kite's rows; `skipped` counts rows of kinds Algo does not trade. */
export function kiteInstrumentDocs(rows: readonly unknown[]): { docs: InstrumentDocInput[]; skipped: number } {
  const docs: InstrumentDocInput[] = [];
  let skipped = 0;
  for (const raw of rows) {
    const blank = !raw || typeof raw !== 'object' || Object.values(raw).every((v) => v === '' || v === undefined || v === null || Number.isNaN(v));
    if (blank) continue; // the CSV's trailing newline
    const parsed = KiteInstrumentRowSchema.safeParse(raw);
    if (!parsed.success) {
      skipped++;
      continue;
    }
    const r = parsed.data;
    const base = { tradingsymbol: r.tradingsymbol, exchange: r.exchange, instrument_token: r.instrument_token, exchange_token: r.exchange_token, tick_size: r.tick_size || 0.05, lot_size: Math.max(1, r.lot_size ?? 1), ...(r.name ? { name: r.name } : {}) };
    const cash = r.exchange === 'NSE' || r.exchange === 'BSE';
    if (r.segment === 'INDICES') {
      const key = INDEX_KEYS[r.tradingsymbol] ?? `${r.exchange}_INDEX|${titleCase(r.tradingsymbol)}`;
      docs.push({ ...base, instrument_key: key, segment: `${r.exchange}_INDEX`, instrument_type: 'INDEX' });
    } else if (cash && r.instrument_type === 'EQ') {
      docs.push({ ...base, instrument_key: `${r.exchange}_EQ|${r.tradingsymbol}`, segment: `${r.exchange}_EQ`, instrument_type: 'EQUITY' });
    } else if ((r.exchange === 'NFO' || r.exchange === 'BFO') && ['CE', 'PE', 'FUT'].includes(r.instrument_type)) {
      const segment = r.exchange === 'NFO' ? 'NSE_FO' : 'BSE_FO';
      const name = r.name ?? '';
      const underlying = UNDERLYING_INDEX[name] ?? `${r.exchange === 'NFO' ? 'NSE' : 'BSE'}_EQ|${name}`;
      const expiry = expiryClose(r.expiry);
      if (expiry === undefined) {
        skipped++;
        continue;
      }
      const option = r.instrument_type !== 'FUT';
      if (option && !(r.strike && r.strike > 0)) {
        skipped++;
        continue;
      }
      docs.push({
        ...base,
        instrument_key: `${segment}|${r.tradingsymbol}`,
        segment,
        instrument_type: option ? 'OPTIONS' : 'FUTURES',
        expiry: new Date(expiry),
        ...(option ? { strike: r.strike!, option_type: r.instrument_type as 'CE' | 'PE' } : {}),
        ...(name ? { underlying_key: underlying } : {}),
      });
    } else skipped++;
  }
  return { docs, skipped };
}

/** Downloads Kite's instruments (all exchanges, or one) with the user's session. */
export async function fetchKiteInstruments(session: BrokerSession, o: { root?: string; exchange?: string; timeoutMs?: number } = {}): Promise<BrokerResult<{ docs: InstrumentDocInput[]; skipped: number }>> {
  const kc = new KiteConnect({ api_key: session.apiKey, access_token: session.accessToken, ...(o.root ? { root: o.root } : {}), timeout: o.timeoutMs ?? 60_000 });
  try {
    const rows = parseAnswer('zerodha', 'the instruments dump', z.array(z.unknown()), await kc.getInstruments(o.exchange as never));
    return rows.ok ? ok(kiteInstrumentDocs(rows.value)) : rows;
  } catch (err) {
    return kiteFailure(err, 'read').result;
  }
}
