import { z } from 'zod';

/**
 * The market-data feed contract: one interface over the replay feed, the Kite ticker and the
 * Upstox market feed, so the ingest worker never knows where prices come from.
 *
 * A feed delivers {@link Tick}s in **batches** (a broker frame carries many instruments; a
 * replay step carries every instrument at one instant) and reports its connection as a
 * {@link FeedStatus}: the engine must be able to say "the feed is down since 10:02:11,
 * reconnect attempt 4 in 8 s" and stop opening positions on stale prices.
 */

/** One price update. `instrument` is our key (`NSE_EQ|RELIANCE`), whatever the broker calls it. */
export interface Tick {
  readonly instrument: string;
  /** Last traded price. */
  readonly ltp: number;
  /**
   * Cumulative traded volume of the session so far, as exchanges publish it (Kite's
   * `volume_traded`, Upstox's `vtt`). A bar's volume is the difference across it; a dropped
   * tick loses nothing. Absent when the source does not say (LTP-only modes, indices).
   */
  readonly volume?: number;
  /** Open interest (derivatives). */
  readonly oi?: number;
  /** Exchange time of the trade (or of receipt, when the broker gives none), epoch ms. */
  readonly ts: number;
  /**
   * The price may have jumped since this instrument's previous tick: the first print of a
   * session, the open of a stored bar in a replay, the first tick after a feed reconnect.
   * A stop or limit this tick goes through fills at this tick's price, not at its level
   * (the backtester's gap rule).
   */
  readonly gap?: boolean;
}

/** Validates ticks entering from outside (a file, a test fixture, a bridge). */
export const TickSchema = z.strictObject({
  instrument: z.string().regex(/^[A-Z][A-Z0-9_]*\|[^|{}\n]{1,64}$/, 'expected an instrument key like "NSE_EQ|RELIANCE"'),
  ltp: z.number().positive(),
  volume: z.number().nonnegative().optional(),
  oi: z.number().nonnegative().optional(),
  ts: z.number().int(),
  gap: z.boolean().optional(),
});

/**
 * - `idle`: created, not started.
 * - `connecting`: first connection under way.
 * - `live`: connected and subscribed; ticks flow.
 * - `down`: the connection dropped or cannot be made; the feed is retrying (see
 *   `nextRetryAt`). Prices are stale — trade nothing new on them.
 * - `ended`: a replay played its last tick.
 * - `stopped`: `stop()` was called.
 */
export type FeedState = 'idle' | 'connecting' | 'live' | 'down' | 'ended' | 'stopped';

export interface FeedStatus {
  readonly state: FeedState;
  /** When the feed entered this state, epoch ms (the feed's clock). */
  readonly since: number;
  /** Why it is `down` (or `stopped`), in plain words: "socket closed (1006)", "access token is stale". */
  readonly reason?: string;
  /** Stable code for `reason`, for programs: `socket_closed`, `stale`, `token`, `auth`, `unreachable`. */
  readonly code?: FeedDownCode;
  /** Reconnect attempts since the feed was last live. */
  readonly attempt?: number;
  /** When the next attempt is due, epoch ms. */
  readonly nextRetryAt?: number;
  /** When the last tick arrived (feed clock). */
  readonly lastTickAt?: number;
}

export type FeedDownCode = 'socket_closed' | 'stale' | 'token' | 'auth' | 'unreachable' | 'protocol';

/** An instrument the feed cannot subscribe, and why ("not in the instruments master"). */
export interface SubscribeProblem {
  readonly instrument: string;
  readonly message: string;
}

/**
 * Receives a batch. A listener may return a promise (anything else it returns is ignored):
 * the replay feed waits for it before the next instant (backpressure — a replay at any speed
 * reaches the engine in the same order, each instant fully handled); live feeds cannot wait
 * for the market and only log a rejection.
 */
export type TickListener = (ticks: readonly Tick[]) => unknown;
export type StatusListener = (status: FeedStatus) => void;

/**
 * A market-data feed.
 *
 * Contract:
 * - `subscribe` adds instruments (idempotent); it may be called before `start`. Instruments
 *   the feed cannot serve are refused in `problems` and the rest are subscribed.
 *   Subscriptions survive reconnects: after every reconnect the feed resubscribes all of them.
 * - `start` begins connecting and resolves once the first attempt has finished (live, or
 *   down and retrying); it never rejects for a connection failure — that is a status.
 * - Listeners are called synchronously, in registration order; a listener that throws is
 *   caught and logged (the feed's logger), so one bad consumer cannot stop the feed.
 * - Ticks of one instrument arrive in non-decreasing `ts`.
 * - `stop` closes everything, cancels retries and resolves when the socket is closed.
 */
export interface Feed {
  /** `replay`, `kite`, `upstox`. */
  readonly kind: string;
  subscribe(instruments: readonly string[]): Promise<{ subscribed: string[]; problems: SubscribeProblem[] }>;
  unsubscribe(instruments: readonly string[]): void;
  /** Current subscriptions (our keys). */
  subscriptions(): string[];
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): FeedStatus;
  /** Returns a function that removes the listener. */
  onTicks(listener: TickListener): () => void;
  onStatus(listener: StatusListener): () => void;
}
