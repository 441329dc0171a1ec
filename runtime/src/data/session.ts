import { z } from 'zod';
import { DAY_MS, isTimeZone, zoneClock, type ZoneClock } from './zone-clock.js';

const CLOCK = /^([01][0-9]|2[0-3]):([0-5][0-9])$/;

/** Minutes after midnight of a `HH:MM` clock time, or undefined when it is not one. */
export function parseClock(text: string): number | undefined {
  const m = CLOCK.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/**
 * An exchange's trading session: its time zone and its regular open and close, as the
 * exchange states them (`09:15`–`15:30` for NSE). Validated wherever it enters (CLI flags,
 * strategy settings, config files).
 */
export const ExchangeSessionSchema = z.object({
  timeZone: z.string().refine(isTimeZone, { message: 'not a time zone this Node knows (e.g. Asia/Kolkata, UTC)' }),
  open: z.string().regex(CLOCK, 'a clock time HH:MM'),
  close: z.string().regex(CLOCK, 'a clock time HH:MM'),
});
export type ExchangeSession = z.infer<typeof ExchangeSessionSchema>;

/** NSE/BSE regular session: 09:15–15:30 Asia/Kolkata (IST, UTC+05:30, no daylight saving). */
export const NSE_SESSION: ExchangeSession = Object.freeze({ timeZone: 'Asia/Kolkata', open: '09:15', close: '15:30' });

/**
 * A session turned into arithmetic on bar times: which session date a bar belongs to, and
 * when that session opens. Sessions inside one calendar day (every Indian exchange) are dated
 * by the local calendar date; a session that crosses midnight (close ≤ open, e.g. 17:00–16:00)
 * is dated by the day it closes, so bars from the open onward belong to the next date.
 */
export class SessionClock {
  readonly session: ExchangeSession;
  readonly zone: ZoneClock;
  /** Open and close, ms after local midnight. */
  readonly openMs: number;
  readonly closeMs: number;
  private readonly shift: number;

  constructor(session: ExchangeSession) {
    this.session = session;
    this.zone = zoneClock(session.timeZone);
    const open = parseClock(session.open);
    const close = parseClock(session.close);
    if (open === undefined || close === undefined) throw new RangeError(`bad session ${session.open}-${session.close}`);
    this.openMs = open * 60_000;
    this.closeMs = close * 60_000;
    this.shift = this.closeMs <= this.openMs ? DAY_MS - this.openMs : 0;
  }

  /** Session date of the bar opening at `t`, as days since 1970-01-01. */
  sessionDay(t: number): number {
    return Math.floor((this.zone.toWall(t) + this.shift) / DAY_MS);
  }

  /** UTC instant the session of `day` opens. */
  openOf(day: number): number {
    return this.zone.fromWall(day * DAY_MS - (this.shift === 0 ? 0 : DAY_MS) + this.openMs);
  }

  /** UTC instant the session of `day` closes. */
  closeOf(day: number): number {
    return this.zone.fromWall(day * DAY_MS + this.closeMs);
  }

  /** UTC instant of local midnight starting the calendar date `day` (how daily bars are stamped). */
  midnightOf(day: number): number {
    return this.zone.fromWall(day * DAY_MS);
  }
}

const clocks = new WeakMap<ExchangeSession, SessionClock>();

/** The shared {@link SessionClock} of a session object (cheap to call per indicator). */
export function sessionClock(session: ExchangeSession = NSE_SESSION): SessionClock {
  let clock = clocks.get(session);
  if (!clock) {
    clock = new SessionClock(session);
    clocks.set(session, clock);
  }
  return clock;
}
