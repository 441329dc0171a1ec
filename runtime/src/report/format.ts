import { zoneClock } from '../data/zone-clock.js';

/**
 * Text for the HTML report: escaping, and numbers and times as a trader reads them (money
 * with two decimals and thousands separators, signed where it is a gain or a loss, times in
 * the exchange's zone). Every value that reaches the page goes through `esc` first.
 */

/** `s` safe inside HTML text and double-quoted attributes. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const MONEY = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Money: `12,345.60`; `—` when there is no value. The minus sign is a real one (−). */
export function money(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return MONEY.format(x).replace('-', '−');
}

/** Money with its sign always shown: `+1,200.00`, `−310.25`. */
export function signedMoney(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return x > 0 ? `+${money(x)}` : money(x);
}

/** A fraction as a percentage: 0.1234 → `12.34%`. */
export function pct(x: number | null | undefined, signed = false): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const s = `${(x * 100).toFixed(2)}%`.replace('-', '−');
  return signed && x > 0 ? `+${s}` : s;
}

/** A ratio (Sharpe, profit factor): two decimals. */
export function ratio(x: number | null | undefined): string {
  if (x === null || x === undefined) return '—';
  if (x === Infinity) return '∞';
  return Number.isFinite(x) ? x.toFixed(2).replace('-', '−') : '—';
}

/** A whole count with separators. */
export function count(x: number): string {
  return x.toLocaleString('en-US');
}

/** A price as traded: up to four decimals, no trailing zeros beyond two. */
export function price(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 });
}

/** Formats UTC ms as wall time in `timeZone`: `2024-01-03 09:20`, or the date alone for daily bars. */
export function wallTime(timeZone: string, dateOnly: boolean): (t: number | null | undefined) => string {
  const zone = zoneClock(timeZone);
  return (t) => {
    if (t === null || t === undefined || !Number.isFinite(t)) return '—';
    const iso = new Date(zone.toWall(t)).toISOString();
    return dateOnly ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  };
}

/** The symbol of an instrument key (`NSE_EQ|TCS` → `TCS`). */
export function symbolOf(key: string): string {
  const i = key.indexOf('|');
  return i >= 0 ? key.slice(i + 1) : key;
}

/** Bytes as `1.2 MB`. */
export function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
