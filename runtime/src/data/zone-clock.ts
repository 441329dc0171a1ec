/**
 * Converts between UTC instants and wall-clock time in one IANA time zone — the single place
 * the runtime asks "what is the exchange's local date and time of this bar?" (CSV import,
 * resampling, the VWAP session reset, the synthetic generator).
 *
 * Offsets come from `Intl` (the zone database Node ships). Looking them up per bar would be
 * slow, so a zone whose offset is the same at every probe from 1970 to 2100 (Asia/Kolkata,
 * UTC, …) is treated as a fixed offset, and any other zone caches the offset of the UTC day
 * it last saw (re-checked at both ends of the day, so a DST change inside a day is found).
 */
export class ZoneClock {
  readonly timeZone: string;
  private readonly fixedOffset: number | undefined;
  private readonly format: Intl.DateTimeFormat;
  private cacheStart = 1;
  private cacheEnd = 0;
  private cacheOffset = 0;

  /** Throws a RangeError for a name `Intl` does not know; check with {@link isTimeZone} first. */
  constructor(timeZone: string) {
    this.timeZone = timeZone;
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    this.fixedOffset = this.probeFixedOffset();
  }

  /** Milliseconds to add to a UTC instant to get its wall-clock time written as if UTC. */
  offsetAt(t: number): number {
    if (this.fixedOffset !== undefined && t >= FIXED_FROM && t < FIXED_TO) return this.fixedOffset;
    if (t >= this.cacheStart && t < this.cacheEnd) return this.cacheOffset;
    const dayStart = Math.floor(t / DAY) * DAY;
    const a = this.lookUp(dayStart);
    const b = this.lookUp(dayStart + DAY - 1);
    if (a === b) {
      this.cacheStart = dayStart;
      this.cacheEnd = dayStart + DAY;
      this.cacheOffset = a;
      return a;
    }
    return this.lookUp(t);
  }

  /** The wall-clock time of `t`, in ms, written as if it were UTC (so `Date.UTC` fields apply). */
  toWall(t: number): number {
    return t + this.offsetAt(t);
  }

  /**
   * The UTC instant of a wall-clock time (given as ms written as if UTC). A wall time that a
   * daylight-saving change skips is read with the offset before the change (02:30 on the
   * spring-forward night is 03:30 new time); one it repeats is its first occurrence.
   */
  fromWall(wall: number): number {
    const guess = wall - this.offsetAt(wall);
    const offset = this.offsetAt(guess);
    const t = wall - offset;
    const again = this.offsetAt(t);
    return again === offset ? t : wall - Math.min(offset, again);
  }

  /** Local calendar day of `t` as days since 1970-01-01. */
  localDay(t: number): number {
    return Math.floor(this.toWall(t) / DAY);
  }

  private lookUp(t: number): number {
    const f: Record<string, number> = {};
    for (const p of this.format.formatToParts(t)) if (p.type !== 'literal') f[p.type] = Number(p.value);
    const wall = Date.UTC(f.year!, f.month! - 1, f.day!, f.hour!, f.minute!, f.second!);
    return wall - Math.floor(t / 1000) * 1000;
  }

  private probeFixedOffset(): number | undefined {
    const first = this.lookUp(FIXED_FROM);
    for (let year = 1970; year < 2100; year++) {
      for (let month = 0; month < 12; month++) {
        if (this.lookUp(Date.UTC(year, month, 15)) !== first) return undefined;
      }
    }
    return first;
  }
}

const DAY = 86_400_000;
const FIXED_FROM = Date.UTC(1970, 0, 1);
const FIXED_TO = Date.UTC(2100, 0, 1);

const clocks = new Map<string, ZoneClock>();

/**
 * The shared clock for a zone (building one probes the zone database, ~10 ms, so every
 * indicator, reader and resampler of a zone shares one). Throws a RangeError for an
 * unknown zone name; check with {@link isTimeZone} at the boundary.
 */
export function zoneClock(timeZone: string): ZoneClock {
  let clock = clocks.get(timeZone);
  if (!clock) {
    clock = new ZoneClock(timeZone);
    clocks.set(timeZone, clock);
  }
  return clock;
}

/** True when `Intl` knows the zone name (e.g. `Asia/Kolkata`, `UTC`). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Milliseconds in a day — the unit of `localDay`. */
export const DAY_MS = DAY;
