import { zoneClock } from '../data/zone-clock.js';

const ist = zoneClock('Asia/Kolkata');

/**
 * A broker timestamp as epoch ms. Kite and Upstox both write times as IST wall clock
 * (`2024-01-15 09:15:02`), and `kiteconnect` turns them into `Date`s read in the *process's*
 * time zone; both are read back here as IST, whatever zone the engine runs in.
 */
export function istTime(v: unknown): number | undefined {
  if (v instanceof Date && !Number.isNaN(v.getTime())) {
    return ist.fromWall(Date.UTC(v.getFullYear(), v.getMonth(), v.getDate(), v.getHours(), v.getMinutes(), v.getSeconds()));
  }
  if (typeof v === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(v);
    if (m) return ist.fromWall(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  }
  return undefined;
}
