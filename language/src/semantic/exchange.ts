/**
 * Exchange segments `.algo` knows, from the instrument keys' prefix (`NSE_EQ|TCS`): the
 * exchange, its time zone and its regular trading hours. Keys with another segment are
 * accepted; their hours are simply not checked.
 */

export interface ExchangeHours {
  readonly exchange: string;
  readonly timezone: string;
  /** Minutes since midnight, exchange time. */
  readonly open: number;
  readonly close: number;
}

const INDIA_CASH: Omit<ExchangeHours, 'exchange'> = { timezone: 'Asia/Kolkata', open: 9 * 60 + 15, close: 15 * 60 + 30 };

export const SEGMENTS: Readonly<Record<string, ExchangeHours>> = {
  NSE_EQ: { exchange: 'NSE', ...INDIA_CASH },
  NSE_FO: { exchange: 'NSE', ...INDIA_CASH },
  NSE_INDEX: { exchange: 'NSE', ...INDIA_CASH },
  BSE_EQ: { exchange: 'BSE', ...INDIA_CASH },
  BSE_FO: { exchange: 'BSE', ...INDIA_CASH },
  BSE_INDEX: { exchange: 'BSE', ...INDIA_CASH },
  MCX_FO: { exchange: 'MCX', timezone: 'Asia/Kolkata', open: 9 * 60, close: 23 * 60 + 30 },
  NCD_FO: { exchange: 'NSE', timezone: 'Asia/Kolkata', open: 9 * 60, close: 17 * 60 },
  BCD_FO: { exchange: 'BSE', timezone: 'Asia/Kolkata', open: 9 * 60, close: 17 * 60 },
};

const KEY = /^([A-Z][A-Z0-9_]*)\|(\S.*)$/;

/** Splits `"NSE_EQ|TCS"` into segment and symbol; undefined when it is not of that form. */
export function parseInstrumentKey(key: string): { segment: string; symbol: string } | undefined {
  const m = KEY.exec(key);
  return m ? { segment: m[1]!, symbol: m[2]! } : undefined;
}

/** The hours of the segment a key names, if known. */
export function hoursOf(key: string): ExchangeHours | undefined {
  const k = parseInstrumentKey(key);
  return k ? SEGMENTS[k.segment] : undefined;
}

/** `HH:MM` of minutes since midnight. */
export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
