import { MongoNetworkError, MongoServerSelectionError } from 'mongodb';

/**
 * Retrying — only for operations that are safe to repeat. The repositories mark theirs in
 * their doc comments ("safe to retry"): candle upserts, trade-log and signal recording
 * (idempotent by `_id`), order intents (idempotent by client order id), reads. Anything
 * else (`$inc` counters, status transitions without a compare-and-swap) must not be
 * wrapped: a write whose reply was lost may have happened.
 */

/** True for failures where the server was not reached or the connection dropped. */
export function isTransientMongoError(err: unknown): boolean {
  return err instanceof MongoNetworkError || err instanceof MongoServerSelectionError;
}

/**
 * Runs `op`, retrying transient failures up to `attempts` times with a doubling delay
 * (starting at `delayMs`). Non-transient errors are rethrown at once.
 */
export async function retrySafe<T>(op: () => Promise<T>, opts: { attempts?: number; delayMs?: number } = {}): Promise<T> {
  const attempts = opts.attempts ?? 3;
  let delay = opts.delayMs ?? 200;
  for (let i = 1; ; i++) {
    try {
      return await op();
    } catch (err) {
      if (i >= attempts || !isTransientMongoError(err)) throw err;
      await new Promise((r) => setTimeout(r, delay));
      delay *= 2;
    }
  }
}
