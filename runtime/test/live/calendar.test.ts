import { describe, expect, it } from 'vitest';
import { NSE_SESSION, sessionClock } from '../../src/data/session.js';
import { exchangeSegment, marketStatus, sessionDate, sessionOn } from '../../src/live/market/calendar.js';
import { useStorage } from '../storage/support.js';

const fixture = useStorage('live_calendar');
const clock = sessionClock(NSE_SESSION);

describe('the exchange calendar', () => {
  it('reads holidays and special sessions from market_sessions, else trades regular hours on weekdays', async () => {
    const { storage } = fixture();
    await storage.marketSessions.upsertMany([
      { exchange: 'NSE', segment: 'EQ', session_date: '2024-01-26', timezone: 'Asia/Kolkata', is_trading_day: false, is_holiday: true, holiday_reason: 'Republic Day' },
      { exchange: 'NSE', segment: 'EQ', session_date: '2024-11-01', timezone: 'Asia/Kolkata', is_trading_day: true, is_holiday: false, market_open: new Date('2024-11-01T12:45:00Z'), market_close: new Date('2024-11-01T13:45:00Z') },
    ]);
    expect(await sessionOn(storage, clock, 'NSE_EQ|TCS', '2024-01-26')).toMatchObject({ trading: false, reason: 'Republic Day', source: 'market_sessions' });
    const muhurat = await sessionOn(storage, clock, 'NSE_EQ|TCS', '2024-11-01');
    expect(muhurat).toMatchObject({ trading: true, open: Date.parse('2024-11-01T12:45:00Z'), close: Date.parse('2024-11-01T13:45:00Z') });
    expect(await sessionOn(storage, clock, 'NSE_EQ|TCS', '2024-01-27')).toMatchObject({ trading: false, reason: 'weekend', source: 'regular hours' });
    const monday = await sessionOn(storage, clock, 'NSE_EQ|TCS', '2024-01-15');
    expect(monday).toMatchObject({ trading: true, open: Date.parse('2024-01-15T03:45:00Z'), close: Date.parse('2024-01-15T10:00:00Z'), source: 'regular hours' });
    expect([marketStatus(monday, Date.parse('2024-01-15T03:00:00Z')), marketStatus(monday, Date.parse('2024-01-15T05:00:00Z')), marketStatus(monday, Date.parse('2024-01-15T10:00:00Z'))]).toEqual(['pre_open', 'open', 'closed']);
    expect(exchangeSegment('NSE_FO|NIFTY24JANFUT')).toEqual({ exchange: 'NSE', segment: 'FO' });
    expect(sessionDate(clock, Date.parse('2024-01-15T18:40:00Z'))).toBe('2024-01-16'); // past midnight in India
  });
});
