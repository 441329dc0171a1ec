import { NSE_SESSION, sessionClock, type ExchangeSession } from '../../data/session.js';
import { DAY_MS } from '../../data/zone-clock.js';
import type { CandleSource } from '../../data/candle-source.js';
import type { HistoricalCandlesRepository } from '../../storage/repositories/historical-candles.js';

/**
 * The market-time window of one session date (`2024-01-15` → 09:15–15:30 IST as epoch ms),
 * or undefined for a string that is not a date — what `--replay 2024-01-15` means.
 */
export function replayWindow(date: string, session: ExchangeSession = NSE_SESSION): { from: number; to: number } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const day = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!) / DAY_MS;
  if (new Date(day * DAY_MS).toISOString().slice(0, 10) !== date) return undefined;
  const clock = sessionClock(session);
  return { from: clock.openOf(day), to: clock.closeOf(day) };
}

/**
 * Candles for a {@link ReplayFeed} from Mongo `historical_candles`: each instrument's series
 * at `timeframe` within `[from, to)`, or undefined (refused at subscribe, with the reason)
 * when nothing of it is stored.
 */
export function storedCandles(repo: HistoricalCandlesRepository, o: { timeframe: string; from: number; to: number }): (instrument: string) => Promise<CandleSource | undefined> {
  return async (instrument) => {
    const coverage = await repo.coverage({ instrument, timeframe: o.timeframe });
    if (!coverage || coverage.last < o.from || coverage.first >= o.to) return undefined;
    return repo.source({ instrument, timeframe: o.timeframe, from: o.from, to: o.to });
  };
}
