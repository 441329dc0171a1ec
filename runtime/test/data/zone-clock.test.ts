import { describe, expect, it } from 'vitest';
import { NSE_SESSION, sessionClock, zoneClock } from '../../src/data/index.js';

describe('zone clock', () => {
  it('reads Asia/Kolkata as a fixed +05:30', () => {
    const ist = zoneClock('Asia/Kolkata');
    for (const t of [Date.UTC(1995, 0, 1), Date.UTC(2024, 6, 1, 12), Date.UTC(2060, 11, 31)]) expect(ist.offsetAt(t)).toBe(330 * 60_000);
    expect(ist.fromWall(Date.UTC(2024, 0, 2, 9, 15))).toBe(Date.UTC(2024, 0, 2, 3, 45));
  });

  it('follows daylight saving in New York, both ways', () => {
    const ny = zoneClock('America/New_York');
    expect(ny.fromWall(Date.UTC(2024, 0, 2, 9, 30))).toBe(Date.UTC(2024, 0, 2, 14, 30));
    expect(ny.fromWall(Date.UTC(2024, 6, 2, 9, 30))).toBe(Date.UTC(2024, 6, 2, 13, 30));
    // 2024-03-10 02:30 does not exist (clocks jump 02:00 → 03:00): read with the offset before the jump.
    expect(ny.fromWall(Date.UTC(2024, 2, 10, 2, 30))).toBe(Date.UTC(2024, 2, 10, 7, 30));
    // 2024-11-03 01:30 happens twice: the first one (EDT).
    expect(ny.fromWall(Date.UTC(2024, 10, 3, 1, 30))).toBe(Date.UTC(2024, 10, 3, 5, 30));
    // Within one UTC day the offset changes at 07:00 UTC; both sides are right.
    expect(ny.offsetAt(Date.UTC(2024, 2, 10, 6, 59))).toBe(-5 * 3_600_000);
    expect(ny.offsetAt(Date.UTC(2024, 2, 10, 7, 0))).toBe(-4 * 3_600_000);
    expect(ny.localDay(Date.UTC(2024, 6, 3, 3, 59))).toBe(Date.UTC(2024, 6, 2) / 86_400_000);
  });

  it('dates NSE sessions and finds their open', () => {
    const nse = sessionClock(NSE_SESSION);
    const day = Date.UTC(2024, 0, 2) / 86_400_000;
    expect(nse.sessionDay(Date.UTC(2024, 0, 2, 3, 45))).toBe(day);
    expect(nse.sessionDay(Date.UTC(2024, 0, 1, 18, 29))).toBe(day - 1);
    expect(nse.sessionDay(Date.UTC(2024, 0, 1, 18, 30))).toBe(day);
    expect(nse.openOf(day)).toBe(Date.UTC(2024, 0, 2, 3, 45));
    expect(nse.closeOf(day)).toBe(Date.UTC(2024, 0, 2, 10, 0));
    expect(nse.midnightOf(day)).toBe(Date.UTC(2024, 0, 1, 18, 30));
  });
});
