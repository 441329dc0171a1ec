import { zoneClock } from '../data/zone-clock.js';

/**
 * `--at` for `algo explain`: the open time of the bar to explain, as a trader writes it —
 * exchange time by default (`2024-02-05 10:15`, `2024-02-05T10:15`, seconds optional), an
 * instant with its offset (`2024-02-05T04:45Z`, `…+05:30`), or a date alone for daily bars
 * (stamped at local midnight, as daily data is). Bars are named by their open time, as on a
 * TradingView chart and in the trade list's signal bars.
 */
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/** The UTC ms `text` names, or a message saying how to write it. */
export function parseAt(text: string, timeZone: string, intraday: boolean): { t: number; error?: undefined } | { t?: undefined; error: string } {
  const s = text.trim();
  const example = intraday ? '2024-02-05 10:15' : '2024-02-05';
  if (WITH_ZONE.test(s)) {
    const t = Date.parse(s);
    if (Number.isFinite(t)) return { t };
  }
  const m = LOCAL.exec(s);
  if (!m) return { error: `--at ${text}: write the bar's open time as YYYY-MM-DD HH:MM in exchange time (${timeZone}), e.g. ${example}` };
  const [, y, mo, d, h, mi, sec] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(sec ?? 0));
  const check = new Date(wall);
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || Number(h ?? 0) > 23 || Number(mi ?? 0) > 59) {
    return { error: `--at ${text}: not a real date and time` };
  }
  if (h === undefined && intraday) return { error: `--at ${text}: the strategy runs on intraday bars; give the bar's time too, e.g. ${s} 10:15 (exchange time, ${timeZone})` };
  return { t: zoneClock(timeZone).fromWall(wall) };
}
