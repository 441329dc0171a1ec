import { zoneClock } from '../data/zone-clock.js';
import type { Neighbours } from './probe.js';

/**
 * The message for an `--at` that names no bar: which bars exist nearby (the one before and
 * the one after, per instrument), or where the data starts or ends — so the next try hits.
 */
export function nearbyMessage(instruments: readonly string[], around: ReadonlyMap<string, Neighbours>, at: number, timeZone: string, timeframe: string, from?: number): string {
  const zone = zoneClock(timeZone);
  const daily = /^\d+[dw]$/.test(timeframe);
  const when = (t: number) => {
    const iso = new Date(zone.toWall(t)).toISOString();
    return daily ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  };
  const phrase = (k: string) => {
    const n = around.get(k);
    if (!n || n.first === undefined) return 'there are no bars';
    if (at < n.first) return `the data starts at ${when(n.first)}`;
    if (n.after === undefined) return `the data ends at ${when(n.last!)}`;
    return `the nearest bars open at ${when(n.before!)} and ${when(n.after)}`;
  };
  const phrases = instruments.map(phrase);
  const said = new Set(phrases).size === 1 ? phrases[0]! : instruments.map((k, i) => `${k}: ${phrases[i]}`).join('; ');
  const hint = from !== undefined && at < from ? ' (it is also before --from, where trading starts)' : '';
  return `--at ${when(at)}: no ${timeframe} bar opens then (${timeZone})${hint}; ${said}. Bars are named by their open time.`;
}
