/**
 * Trading hours and time zone of the exchange an instrument key names, for the session
 * and time-zone defaults the graph writes out. The language checks sessions against
 * exchange hours too; when it exports its own table this file should defer to it.
 */

export interface ExchangeHours {
  readonly open: string;
  readonly close: string;
  readonly timezone: string;
}

const INDIA_CASH: ExchangeHours = { open: '09:15', close: '15:30', timezone: 'Asia/Kolkata' };

/** By the segment before `|` in an instrument key (`NSE_EQ|TCS` → `NSE_EQ`). */
const BY_SEGMENT: Readonly<Record<string, ExchangeHours>> = {
  NSE_EQ: INDIA_CASH,
  NSE_INDEX: INDIA_CASH,
  NSE_FO: INDIA_CASH,
  BSE_EQ: INDIA_CASH,
  BSE_INDEX: INDIA_CASH,
  BSE_FO: INDIA_CASH,
  MCX_FO: { open: '09:00', close: '23:30', timezone: 'Asia/Kolkata' },
  NCD_FO: { open: '09:00', close: '17:00', timezone: 'Asia/Kolkata' },
};

/** The hours of the exchange of `instrumentKey`; NSE's when the segment is unknown or absent. */
export function exchangeHours(instrumentKey: string | undefined): ExchangeHours {
  const segment = instrumentKey?.split('|')[0] ?? '';
  return BY_SEGMENT[segment] ?? INDIA_CASH;
}
