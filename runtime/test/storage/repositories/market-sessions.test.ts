import { describe, expect, it } from 'vitest';
import type { MarketSessionDocInput } from '../../../src/storage/repositories/market-sessions.js';
import { useStorage } from '../support.js';

const fixture = useStorage('sessions');
const repo = () => fixture().storage.marketSessions;

function day(date: string, holiday?: string): MarketSessionDocInput {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return holiday
    ? { exchange: 'NSE', segment: 'EQ', session_date: date, timezone: 'Asia/Kolkata', is_trading_day: false, is_holiday: true, holiday_reason: holiday }
    : {
        exchange: 'NSE',
        segment: 'EQ',
        session_date: date,
        timezone: 'Asia/Kolkata',
        is_trading_day: true,
        is_holiday: false,
        market_open: new Date(Date.UTC(y, m - 1, d, 3, 45)),
        market_close: new Date(Date.UTC(y, m - 1, d, 10, 0)),
      };
}

describe('market_sessions', () => {
  it('stores one session per exchange, segment and date, upserting', async () => {
    expect(await repo().upsertMany([day('2024-01-25'), day('2024-01-26', 'Republic Day'), day('2024-01-29')])).toBe(3);
    expect(await repo().upsertMany([day('2024-01-25')])).toBe(1);
    expect(await fixture().storage.db.collection('market_sessions').countDocuments()).toBe(3);
    expect((await repo().get('NSE', 'EQ', '2024-01-25'))?.market_open?.toISOString()).toBe('2024-01-25T03:45:00.000Z');
  });

  it('reads a date range and a year of holidays', async () => {
    expect((await repo().range('NSE', 'EQ', '2024-01-25', '2024-01-26')).map((s) => s.session_date)).toEqual(['2024-01-25', '2024-01-26']);
    expect((await repo().holidays('NSE', 'EQ', 2024)).map((s) => s.holiday_reason)).toEqual(['Republic Day']);
  });

  it('refuses inconsistent sessions naming the field', async () => {
    const backwards = { ...day('2024-02-01'), market_close: new Date(Date.UTC(2024, 1, 1, 3, 0)) };
    await expect(repo().upsertMany([backwards])).rejects.toThrow('market_sessions: market_open: a trading day needs market_open before market_close');
    await expect(repo().upsertMany([{ ...day('2024-02-02'), session_date: '2/2/2024' }])).rejects.toThrow(/^market_sessions: session_date:/);
  });
});
