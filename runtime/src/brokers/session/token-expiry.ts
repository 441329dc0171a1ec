import { DAY_MS, zoneClock } from '../../data/zone-clock.js';

/**
 * When a broker's daily access token dies. Both Indian brokers issue tokens that expire at
 * a fixed time of the next morning, exchange time (IST), whatever time they were issued:
 *
 * - Zerodha Kite Connect: 06:00 IST ("the access token is valid until 6 AM the next day");
 * - Upstox: 03:30 IST.
 *
 * A token issued after midnight but before that hour dies the same morning.
 */
export const TOKEN_EXPIRY_IST = { zerodha: { hour: 6, minute: 0 }, upstox: { hour: 3, minute: 30 } } as const;

export type TokenBroker = keyof typeof TOKEN_EXPIRY_IST;

const ist = zoneClock('Asia/Kolkata');

/** The instant (epoch ms) a token issued at `issuedAt` expires. */
export function accessTokenExpiry(broker: TokenBroker, issuedAt: number): number {
  const { hour, minute } = TOKEN_EXPIRY_IST[broker];
  const cut = (hour * 60 + minute) * 60_000;
  const wall = ist.toWall(issuedAt);
  const dayStart = Math.floor(wall / DAY_MS) * DAY_MS;
  const sameDay = dayStart + cut;
  return ist.fromWall(wall < sameDay ? sameDay : sameDay + DAY_MS);
}

/** `2024-01-16 06:00 IST` — how messages name an expiry. */
export function formatIst(t: number): string {
  const d = new Date(ist.toWall(t));
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())} IST`;
}
