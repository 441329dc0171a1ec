import { DAY_MS } from '../../data/zone-clock.js';
import type { SessionClock } from '../../data/session.js';
import type { Storage } from '../../storage/storage.js';

/** One session date as the engine trades it. */
export interface SessionDay {
  readonly date: string;
  readonly trading: boolean;
  /** UTC ms of the open and close (the exchange's regular hours unless `market_sessions` says otherwise) */
  readonly open: number;
  readonly close: number;
  /** why there is no trading: the holiday's name, or `weekend` */
  readonly reason?: string;
  /** where the answer came from */
  readonly source: 'market_sessions' | 'regular hours';
}

/** `NSE_EQ|TCS` → exchange `NSE`, segment `EQ` (as `market_sessions` files them). */
export function exchangeSegment(instrument: string): { exchange: string; segment: string } {
  const head = instrument.split('|')[0] ?? '';
  const [exchange, segment] = head.split('_');
  return { exchange: exchange || head, segment: segment || 'EQ' };
}

/** The session date (YYYY-MM-DD, exchange calendar) of an instant. */
export function sessionDate(clock: SessionClock, t: number): string {
  return new Date(clock.sessionDay(t) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Whether the exchange trades on `date`, and when: `market_sessions` (seed 002) when it has
 * the date — a holiday with its reason, or a trading day with its own open and close (a
 * special session) — else the regular hours on weekdays and no trading on weekends. A
 * MongoDB that does not answer falls back to the regular hours (the calendar is advice: the
 * market's own silence stops trading on a holiday anyway).
 */
export async function sessionOn(storage: Storage, clock: SessionClock, instrument: string, date: string): Promise<SessionDay> {
  const day = Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
  const { exchange, segment } = exchangeSegment(instrument);
  const doc = await storage.marketSessions.get(exchange, segment, date).catch(() => null);
  if (doc) {
    if (!doc.is_trading_day) return { date, trading: false, open: clock.openOf(day), close: clock.closeOf(day), reason: doc.holiday_reason ?? 'holiday', source: 'market_sessions' };
    return { date, trading: true, open: doc.market_open!.getTime(), close: doc.market_close!.getTime(), source: 'market_sessions' };
  }
  const weekday = new Date(day * DAY_MS).getUTCDay();
  if (weekday === 0 || weekday === 6) return { date, trading: false, open: clock.openOf(day), close: clock.closeOf(day), reason: 'weekend', source: 'regular hours' };
  return { date, trading: true, open: clock.openOf(day), close: clock.closeOf(day), source: 'regular hours' };
}

/** `pre_open`, `open` or `closed` at `now` for a session day. */
export function marketStatus(s: SessionDay, now: number): 'pre_open' | 'open' | 'closed' {
  if (!s.trading || now >= s.close) return 'closed';
  return now < s.open ? 'pre_open' : 'open';
}
