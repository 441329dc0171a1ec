import { describe, expect, it } from 'vitest';
import { Vwap } from '../../src/indicators/index.js';
import type { Candle } from '../../src/market/candle.js';

// VWAP = Σ(hlc3·v)/Σv since the session start, reset per session date in the exchange's zone.

const ist = (day: number, hh: number, mm: number): number => Date.UTC(2024, 0, day, hh, mm) - 330 * 60_000;
const bar = (t: number, h: number, l: number, c: number, v: number): Candle => ({ t, o: c, h, l, c, v });

describe('vwap', () => {
  it('accumulates within an NSE session and restarts at the next one', () => {
    const vwap = new Vwap();
    expect(vwap.update(bar(ist(1, 9, 15), 12, 9, 10.5, 100))).toBe(10.5);
    expect(vwap.update(bar(ist(1, 9, 16), 13, 11, 12, 300))).toBe((10.5 * 100 + 12 * 300) / 400);
    expect(vwap.update(bar(ist(1, 15, 29), 13, 11, 12, 0))).toBe((10.5 * 100 + 12 * 300) / 400);
    expect(vwap.update(bar(ist(2, 9, 15), 21, 19, 20, 50))).toBe(20);
  });

  it('is NaN while the session has traded no volume (an index), never a made-up price', () => {
    const vwap = new Vwap();
    expect(vwap.update(bar(ist(3, 9, 15), 21, 19, 20, 0))).toBeNaN();
    expect(vwap.isReady).toBe(true);
    expect(vwap.update(bar(ist(3, 9, 16), 31, 29, 30, 10))).toBe(30);
  });

  it('uses the session it is given: New York dates, across a daylight-saving change', () => {
    const vwap = new Vwap({ session: { timeZone: 'America/New_York', open: '09:30', close: '16:00' } });
    // 2024-03-08 15:59 EST (UTC−5) and 2024-03-11 09:30 EDT (UTC−4): different sessions.
    expect(vwap.update(bar(Date.UTC(2024, 2, 8, 20, 59), 11, 9, 10, 10))).toBe(10);
    // 19:00 EST on the 8th is still the 8th locally (00:00 UTC on the 9th).
    expect(vwap.update(bar(Date.UTC(2024, 2, 9, 0, 0), 21, 19, 20, 10))).toBe(15);
    expect(vwap.update(bar(Date.UTC(2024, 2, 11, 13, 30), 41, 39, 40, 10))).toBe(40);
  });

  it('dates a session that crosses midnight by the day it closes', () => {
    const vwap = new Vwap({ session: { timeZone: 'America/Chicago', open: '17:00', close: '16:00' } });
    // Chicago is UTC−6 in January. 15:59 on the 9th and 17:00 on the 9th are different sessions;
    // 17:00 on the 9th and 01:00 on the 10th are the same one.
    expect(vwap.update(bar(Date.UTC(2024, 0, 9, 21, 59), 11, 9, 10, 10))).toBe(10);
    expect(vwap.update(bar(Date.UTC(2024, 0, 9, 23, 0), 21, 19, 20, 10))).toBe(20);
    expect(vwap.update(bar(Date.UTC(2024, 0, 10, 7, 0), 41, 39, 40, 10))).toBe(30);
  });
});
