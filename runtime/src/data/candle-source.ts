import type { Candle } from '../market/candle.js';

/**
 * Where a backtest's bars come from — a CSV file, the synthetic generator, Mongo
 * `historical_candles`, a resampler over another source. Every one is the same shape:
 *
 *   an async iterable of **batches** (`readonly Candle[]`), in strictly increasing `t`,
 *   each candle valid by `CandleSchema` (finite prices > 0, h ≥ max(o, c, l), l ≤ min(o, c),
 *   v ≥ 0), batches non-empty and of any size.
 *
 * Why batches: a backtest of 10M bars spends ~50 ns per bar evaluating; an `await` per
 * candle (an `AsyncIterable<Candle>`) costs about as much again, while a sync iterator cannot
 * wrap a file stream or a Mongo cursor. One `await` per batch (a Mongo document is one day,
 * ~375 one-minute candles; the CSV reader yields one batch per 1 MB read) keeps the I/O async
 * and the per-bar loop a plain `for` over an array. Memory stays flat: a consumer holds one
 * batch at a time.
 *
 * Expected problems with the data (an unreadable row, rows out of order, a timeframe that
 * cannot be built) reject the iteration with a {@link DataError}, whose message names the
 * file, line and column; consumers print it and stop — nothing downstream is half-written.
 */
export type CandleSource = AsyncIterable<readonly Candle[]>;

/** Stable codes of {@link DataError}, one per kind of bad input. */
export type DataErrorCode =
  | 'FILE_UNREADABLE'
  | 'EMPTY_FILE'
  | 'UNKNOWN_LAYOUT'
  | 'BAD_ROW'
  | 'BAD_NUMBER'
  | 'BAD_PRICE'
  | 'BAD_VOLUME'
  | 'BAD_TIME'
  | 'INCONSISTENT_BAR'
  | 'OUT_OF_ORDER'
  | 'DUPLICATE_TIME'
  | 'BAD_OPTION'
  | 'TIMEFRAME_REFUSED'
  | 'OFF_GRID';

/**
 * Bad market data or a request the data cannot satisfy. Not a bug: the message is meant for
 * the user as is (`prices.csv:1234: column 5 (close): "abc" is not a number`), and `code` lets
 * a caller react to the kind. The stream cannot return its errors up front, so this is the one
 * expected failure the data layer reports by rejection.
 */
export class DataError extends Error {
  constructor(
    readonly code: DataErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DataError';
  }
}

/** A source over candles already in memory (tests, small fixtures), in batches of `batchSize`. */
export function fromCandles(candles: readonly Candle[], batchSize = 4096): CandleSource {
  return {
    async *[Symbol.asyncIterator]() {
      for (let i = 0; i < candles.length; i += batchSize) yield candles.slice(i, i + batchSize);
    },
  };
}

/** Calls `fn` for every candle in order and resolves to how many there were. */
export async function forEachCandle(source: CandleSource, fn: (candle: Candle) => void): Promise<number> {
  let n = 0;
  for await (const batch of source) {
    for (let i = 0; i < batch.length; i++) fn(batch[i]!);
    n += batch.length;
  }
  return n;
}

/** Reads a whole source into one array — for tests and small series only (memory grows with length). */
export async function collectCandles(source: CandleSource): Promise<Candle[]> {
  const all: Candle[] = [];
  for await (const batch of source) for (const c of batch) all.push(c);
  return all;
}

/** One candle at a time, for callers that prefer it over batches (one await per candle: slower). */
export async function* eachCandle(source: CandleSource): AsyncGenerator<Candle> {
  for await (const batch of source) yield* batch;
}
